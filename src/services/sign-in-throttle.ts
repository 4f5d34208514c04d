import type { Clock } from '../clock.js';
import { AppError } from '../domain/errors.js';

export const SIGN_IN_ATTEMPTS = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
const MAX_EMAILS = 100_000;

/**
 * Failed sign-ins per email, in this process (each node counts its own, as the per-address limit does).
 * Keyed by the email as typed, known or not, so a 429 says nothing about whether the account exists;
 * checked before the password hash runs, so a guesser cannot make a node run scrypt for one account
 * more than SIGN_IN_ATTEMPTS times a window.
 */
export class SignInThrottle {
  /** Insertion order is window order: when full, the oldest window goes first. */
  private readonly windows = new Map<string, { since: number; attempts: number }>();

  constructor(private readonly clock: Clock) {}

  /**
   * Counts an attempt before its password is checked, so concurrent guesses cannot all pass while the
   * first is still hashing; a success clears it. Throws 429 once the window's attempts are used up.
   */
  take(email: string): void {
    const key = email.toLowerCase();
    const now = this.clock.now().getTime();
    let window = this.windows.get(key);
    if (!window || window.since + SIGN_IN_WINDOW_MS <= now) {
      this.windows.delete(key);
      if (this.windows.size >= MAX_EMAILS) this.windows.delete(this.windows.keys().next().value!);
      this.windows.set(key, (window = { since: now, attempts: 0 }));
    }
    if (window.attempts >= SIGN_IN_ATTEMPTS) {
      const retryAfter = String(Math.ceil((window.since + SIGN_IN_WINDOW_MS - now) / 1000));
      throw new AppError('rate_limited', `Too many failed sign-ins for this email; retry after ${retryAfter} seconds`, [], { 'retry-after': retryAfter });
    }
    window.attempts++;
  }

  clear(email: string): void {
    this.windows.delete(email.toLowerCase());
  }
}
