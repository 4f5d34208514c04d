import type { FastifyReply } from 'fastify';
import { AppError } from '../domain/errors.js';

/**
 * Per-caller fixed windows (one second unless told), kept in this process: with N API nodes behind a
 * balancer a caller gets up to N × limit. Good enough to stop a runaway client; a shared limiter can replace it later.
 */
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limitPerSecond: number,
    private readonly now: () => number,
    /** A vendor face's limit may be per minute (src/compat). */
    private readonly windowMs = 1000,
  ) {}

  /** Counts one request for `caller`, sets the rate-limit headers, throws 429 when over the limit. */
  take(caller: string, reply: FastifyReply): void {
    if (this.limitPerSecond === 0) return;
    const now = this.now();
    const window = Math.floor(now / this.windowMs) * this.windowMs;
    if (window !== this.windowStart) {
      this.windowStart = window;
      this.counts = new Map();
    }
    const used = (this.counts.get(caller) ?? 0) + 1;
    this.counts.set(caller, used);
    const resetSeconds = String(Math.max(1, Math.ceil((window + this.windowMs - now) / 1000)));
    reply.header('x-ratelimit-limit', String(this.limitPerSecond));
    reply.header('x-ratelimit-remaining', String(Math.max(0, this.limitPerSecond - used)));
    reply.header('x-ratelimit-reset', resetSeconds);
    if (used > this.limitPerSecond) {
      const per = this.windowMs === 1000 ? 'second' : `${this.windowMs / 1000} seconds`;
      throw new AppError('rate_limited', `More than ${this.limitPerSecond} requests per ${per}; retry after the reset`, [], {
        'retry-after': resetSeconds,
      });
    }
  }
}
