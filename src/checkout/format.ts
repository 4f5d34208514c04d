import { currencyExponent } from '../domain/money.js';

/**
 * Amounts and times in the payer's locale. Intl's formatters cost far more to make than to use (a page
 * formats a dozen values), so one is kept per locale and currency.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = make()));
  return formatter;
}

/**
 * Formatting is Intl's slow path even with its formatter made, and a page writes the same few values again
 * and again (the amount, what is due, the card button, each installment; the expiry, on every reload):
 * recent results are kept, up to a bound.
 */
const formattedMoney = new Map<string, string>();
const formattedTimes = new Map<string, string>();
const MAX_FORMATTED = 10_000;

/** Minor units as the locale writes money (R$ 297,00; 123,45 €), exactly: Intl formats the decimal string, never a float. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return remembered(formattedMoney, `${locale}|${currency}|${minor}`, () => formatDecimal(minor, currency, locale));
}

function remembered(results: Map<string, string>, key: string, format: () => string): string {
  let text = results.get(key);
  if (text === undefined) {
    if (results.size >= MAX_FORMATTED) results.clear();
    results.set(key, (text = format()));
  }
  return text;
}

function formatDecimal(minor: number, currency: string, locale: string): string {
  const exponent = currencyExponent(currency) ?? 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const decimal = `${minor < 0 ? '-' : ''}${exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits}`;
  return cached(`n:${locale}:${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency })).format(decimal as `${number}`);
}

/** A moment, in UTC and saying so (the server cannot know the payer's zone; the countdown is exact). */
export function formatTime(date: Date, locale: string): string {
  return remembered(formattedTimes, `${locale}|${date.getTime()}`, () => formatMoment(date, locale));
}

function formatMoment(date: Date, locale: string): string {
  return cached(`t:${locale}`, () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' })).format(date);
}

/** A calendar date (a boleto's due date, YYYY-MM-DD) as the locale writes it. */
export function formatDate(isoDate: string, locale: string): string {
  return cached(`d:${locale}`, () => new Intl.DateTimeFormat(locale, { timeZone: 'UTC' })).format(new Date(`${isoDate}T12:00:00Z`));
}
