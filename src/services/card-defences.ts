import type { Clock } from '../clock.js';
import type { CardConfig } from '../config.js';
import { AppError } from '../domain/errors.js';

const MINUTE_MS = 60_000;
const MAX_TRACKED = 50_000;
/** The breaker judges at most this many of a merchant's latest outcomes. */
const MAX_OUTCOMES = 500;

/**
 * Card-testing defences, per node: how many card attempts (tokenizations, card payments) each API key and
 * each client address made this minute, and each merchant's recent declines. Whoever tests stolen numbers
 * makes many attempts, most declined: past the per-minute limits a caller is refused (429
 * card_velocity_exceeded), and while a merchant's recent decline rate is over the breaker's threshold its
 * card attempts are paused (429 card_testing_suspected) until the window moves on.
 */
export class CardDefences {
  private readonly counts = new Map<string, { minute: number; count: number }>();
  private readonly outcomes = new Map<string, Array<{ at: number; declined: boolean }>>();

  constructor(
    private readonly clock: Clock,
    private readonly config: CardConfig,
  ) {}

  /** One card attempt by the key and from the address: refused past either limit, counted otherwise. */
  takeAttempt(keyId: string, address: string): void {
    const now = this.clock.now().getTime();
    const minute = Math.floor(now / MINUTE_MS);
    const retryAfter = String(Math.ceil(((minute + 1) * MINUTE_MS - now) / 1000));
    const limits: Array<[string, number, string]> = [
      [`key:${keyId}`, this.config.velocityPerKeyPerMinute, 'this API key'],
      [`ip:${address}`, this.config.velocityPerAddressPerMinute, 'this client address'],
    ];
    for (const [key, limit, who] of limits) {
      const seen = this.counts.get(key);
      if (limit > 0 && seen?.minute === minute && seen.count >= limit) {
        throw new AppError('card_velocity_exceeded', `More than ${limit} card attempts a minute from ${who}; retry after ${retryAfter} s`, [], { 'retry-after': retryAfter });
      }
    }
    if (this.counts.size >= MAX_TRACKED) this.counts.clear();
    for (const [key] of limits) {
      const seen = this.counts.get(key);
      this.counts.set(key, seen?.minute === minute ? { minute, count: seen.count + 1 } : { minute, count: 1 });
    }
  }

  assertBreakerClosed(merchantId: string, livemode: boolean): void {
    const recent = this.recent(`${merchantId}:${livemode}`);
    const declined = recent.filter((o) => o.declined).length;
    if (recent.length >= this.config.breakerMinAttempts && declined * 100 > recent.length * this.config.breakerDeclineRatePercent) {
      const minutes = Math.round(this.config.breakerWindowMs / MINUTE_MS);
      throw new AppError(
        'card_testing_suspected',
        `${declined} of the last ${recent.length} card payments in ${minutes} minutes were declined: card attempts are paused until fewer are`,
        [],
        { 'retry-after': String(Math.ceil(this.config.breakerWindowMs / 1000)) },
      );
    }
  }

  /** A card payment's outcome, for the breaker. */
  recordOutcome(merchantId: string, livemode: boolean, declined: boolean): void {
    const key = `${merchantId}:${livemode}`;
    if (!this.outcomes.has(key) && this.outcomes.size >= MAX_TRACKED) this.outcomes.clear();
    this.outcomes.set(key, [...this.recent(key), { at: this.clock.now().getTime(), declined }].slice(-MAX_OUTCOMES));
  }

  private recent(key: string) {
    const since = this.clock.now().getTime() - this.config.breakerWindowMs;
    return (this.outcomes.get(key) ?? []).filter((o) => o.at > since);
  }
}

const defences = new WeakMap<CardConfig, CardDefences>();

/** One set of counters per configuration (per running service; each test app has its own). */
export function cardDefences(clock: Clock, config: CardConfig): CardDefences {
  let found = defences.get(config);
  if (!found) defences.set(config, (found = new CardDefences(clock, config)));
  return found;
}
