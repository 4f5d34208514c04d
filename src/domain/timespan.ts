/**
 * .NET `TimeSpan` text as Paybyrd's binder reads it (the invariant "c" format): `[-][d.]hh:mm[:ss[.fffffff]]`.
 * Hours below 24, minutes and seconds below 60; up to seven fraction digits (ticks of 100 ns, kept to the
 * millisecond here). Returns milliseconds, or null when the text is no TimeSpan. The bare-integer form .NET
 * reads as days ("15") is left out: Paybyrd's documents only show clock times, and a client sending a
 * number of minutes there would silently get days.
 */
const TIMESPAN_RE = /^(-)?(?:(\d{1,8})\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

export function parseTimeSpan(text: string): number | null {
  const match = TIMESPAN_RE.exec(text);
  if (!match) return null;
  const [, minus, days = '0', hours, minutes, seconds = '0', fraction = ''] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return null;
  const ms =
    ((Number(days) * 24 + Number(hours!)) * 60 + Number(minutes!)) * 60_000 + Number(seconds) * 1000 + Math.floor(Number(`0.${fraction || '0'}`) * 1000);
  return minus ? -ms : ms;
}

