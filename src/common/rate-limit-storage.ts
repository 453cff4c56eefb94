import type { ThrottlerStorage } from '@nestjs/throttler';

/** What @nestjs/throttler's guard reads back from a storage (its ThrottlerStorageRecord). */
export interface RateLimitRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** The expiry times of one budget's hits, oldest first; `head` is the first live one. */
interface Hits {
  expiries: number[];
  head: number;
}

interface Entry {
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
  hits: Map<string, Hits>;
}

const SWEEP_INTERVAL_MS = 60_000;

const live = (h: Hits): number => h.expiries.length - h.head;

/**
 * @nestjs/throttler's in-memory storage with the same answers, in constant time per request.
 *
 * The stock ThrottlerStorageService keeps every hit of the window and, on each request, filters
 * the whole list (and spreads it into Math.min when not blocking): the cost of a request grows with
 * the requests of the last minute, about 0.2 ms per request at 100 requests per second from one
 * key and over 1 ms at 500. Hits expire in the order they were made (one window length per
 * throttler), so expired ones are dropped from the front and the oldest live one is the first:
 * each request costs the same whatever the rate. Idle keys are swept once a minute, from a
 * request (no timer).
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly entries = new Map<string, Entry>();
  private nextSweep = 0;

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<RateLimitRecord> {
    return Promise.resolve(this.hit(key, ttl, limit, blockDuration, throttlerName, Date.now()));
  }

  /** The same as increment, at a given time (tests compare it with the stock storage). */
  hit(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
    now: number,
  ): RateLimitRecord {
    if (now >= this.nextSweep) this.sweep(now);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { expiresAt: now + ttl, blockExpiresAt: 0, isBlocked: false, hits: new Map() };
      this.entries.set(key, entry);
    }
    let hits = entry.hits.get(throttlerName);
    if (!hits) {
      hits = { expiries: [], head: 0 };
      entry.hits.set(throttlerName, hits);
    }
    prune(hits, now);
    let timeToExpire = Math.ceil((entry.expiresAt - now) / 1000);
    if (timeToExpire <= 0) {
      entry.expiresAt = now + ttl;
      timeToExpire = Math.ceil((entry.expiresAt - now) / 1000);
    }
    if (blockDuration <= 0) {
      const isBlocked = live(hits) >= limit;
      if (!isBlocked) record(hits, now + ttl);
      const timeToBlockExpire =
        live(hits) > 0 ? Math.ceil((hits.expiries[hits.head]! - now) / 1000) : timeToExpire;
      return {
        totalHits: live(hits) + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? timeToBlockExpire : 0,
      };
    }
    if (!entry.isBlocked) record(hits, now + ttl);
    if (live(hits) > limit && !entry.isBlocked) {
      entry.isBlocked = true;
      entry.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((entry.blockExpiresAt - now) / 1000);
    if (timeToBlockExpire <= 0 && entry.isBlocked) {
      entry.isBlocked = false;
      hits.expiries = [];
      hits.head = 0;
      record(hits, now + ttl);
    }
    return {
      totalHits: live(hits),
      timeToExpire,
      isBlocked: entry.isBlocked,
      timeToBlockExpire,
    };
  }

  /** Keys without a live hit, a live block or a live window are forgotten. */
  private sweep(now: number): void {
    this.nextSweep = now + SWEEP_INTERVAL_MS;
    for (const [key, entry] of this.entries) {
      if (entry.isBlocked && entry.blockExpiresAt > now) continue;
      if (entry.expiresAt > now) continue;
      let anyLive = false;
      for (const hits of entry.hits.values()) {
        prune(hits, now);
        if (live(hits) > 0) anyLive = true;
      }
      if (!anyLive) this.entries.delete(key);
    }
  }
}

/** Drops the expired hits from the front (amortised constant time). */
function prune(hits: Hits, now: number): void {
  const { expiries } = hits;
  while (hits.head < expiries.length && expiries[hits.head]! <= now) hits.head++;
  if (hits.head === expiries.length) {
    hits.expiries = [];
    hits.head = 0;
  } else if (hits.head > 1024 && hits.head * 2 > expiries.length) {
    hits.expiries = expiries.slice(hits.head);
    hits.head = 0;
  }
}

/** Adds a hit; one expiring before the newest (another window length) goes in its place. */
function record(hits: Hits, expiry: number): void {
  const { expiries } = hits;
  if (expiries.length === hits.head || expiries[expiries.length - 1]! <= expiry) {
    expiries.push(expiry);
    return;
  }
  let lo = hits.head;
  let hi = expiries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (expiries[mid]! <= expiry) lo = mid + 1;
    else hi = mid;
  }
  expiries.splice(lo, 0, expiry);
}
