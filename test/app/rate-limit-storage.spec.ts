// The constant-time rate-limit storage answers exactly what @nestjs/throttler's stock in-memory
// storage answers, request by request, and its cost does not grow with the rate.
import { ThrottlerStorageService } from '@nestjs/throttler';
import { SlidingWindowThrottlerStorage } from '../../src/common/rate-limit-storage';

/** A small deterministic pseudo-random sequence (no Math.random in a test). */
function* steps(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x / 2147483648;
  }
}

describe('SlidingWindowThrottlerStorage', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['blocking for the window (the service: blockDuration = ttl)', 2000, 2000],
    ['blocking for longer than the window', 2000, 5000],
    ['without blocking (blockDuration 0)', 2000, 0],
  ])('answers like ThrottlerStorageService, %s', async (_what, ttl, blockDuration) => {
    let now = 1_700_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const stock = new ThrottlerStorageService();
    const ours = new SlidingWindowThrottlerStorage();
    const random = steps(ttl + blockDuration);
    const keys = ['key:a', 'key:b', 'ip:127.0.0.1'];
    try {
      for (let i = 0; i < 3000; i++) {
        // Bursts and pauses: from the same millisecond to several windows apart.
        const r = random.next().value as number;
        now += r < 0.5 ? 0 : r < 0.9 ? Math.floor(r * 200) : Math.floor(r * 3 * ttl);
        const key = keys[Math.floor((random.next().value as number) * keys.length)]!;
        const expected = await stock.increment(key, ttl, 5, blockDuration, 'default');
        const got = await ours.increment(key, ttl, 5, blockDuration, 'default');
        // The guard reads timeToBlockExpire only for a blocked request; unblocked, its value
        // depends on when idle keys were last swept (the stock storage: a real-time interval).
        const seen = (r: typeof got) => ({
          i,
          ...r,
          timeToBlockExpire: r.isBlocked ? r.timeToBlockExpire : null,
        });
        expect(seen(got)).toEqual(seen(expected));
      }
    } finally {
      stock.onApplicationShutdown();
    }
  });

  it('costs the same per request at 60 hits in the window as at 30,000', async () => {
    const cost = async (hits: number) => {
      const s = new SlidingWindowThrottlerStorage();
      for (let i = 0; i < hits; i++) await s.increment('k', 60_000, 1e9, 60_000, 'default');
      const started = process.cpuUsage();
      for (let i = 0; i < 2000; i++) await s.increment('k', 60_000, 1e9, 60_000, 'default');
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 2000;
    };
    await cost(1000); // warm-up
    const few = await cost(60);
    const many = await cost(30_000);
    // The stock storage costs ~500x more per request at 30,000 hits than at 60.
    expect(many).toBeLessThan(few * 5 + 20);
  });
});
