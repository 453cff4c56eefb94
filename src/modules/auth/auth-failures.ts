import { LRUCache } from 'lru-cache';

const WINDOW_MS = 60_000;

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Refused authentications per client address, in fixed one-minute windows. Past the budget
 * (AUTH_FAILURES_PER_MINUTE) the address gets 429 with Retry-After until its window ends, before
 * any key lookup: guessing keys costs neither database lookups nor unbounded time. Counted per
 * address as Fastify reports it (req.ip, which follows X-Forwarded-For only from TRUST_PROXY).
 * An LRU bounds the memory a flood of addresses can take.
 */
export class AuthFailureLimiter {
  private readonly windows = new LRUCache<string, Window>({ max: 50_000, ttl: WINDOW_MS });

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the address must wait before trying again, or 0 when it may try now. */
  blockedFor(address: string): number {
    const w = this.windows.get(address);
    if (!w || w.failures < this.perMinute) return 0;
    const left = w.resetAt - this.now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** Counts one refused authentication of the address. */
  recordFailure(address: string): void {
    const now = this.now();
    const w = this.windows.get(address);
    if (!w || w.resetAt <= now) {
      this.windows.set(address, { failures: 1, resetAt: now + WINDOW_MS });
      return;
    }
    w.failures++;
  }
}
