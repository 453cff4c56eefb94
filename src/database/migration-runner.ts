import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { DATABASE_URL } from './database-url';
import { applyMigrations } from './migrate';
import type { MigrationResult } from './migrate';

/**
 * Where the schema stands:
 * - `unmanaged`: whoever built the application applied the migrations before (the test harness,
 *   `prisma migrate deploy` in a pipeline); the service takes the schema as it is.
 * - `pending`: not applied yet; retried in the background until they are.
 * - `applied`: applied (or found applied) by this process.
 */
export type MigrationState = 'unmanaged' | 'pending' | 'applied';

/** Back-off between attempts: 0.5 s, 1 s, 2 s, ... up to the cap. */
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 500, maxDelayMs: 10_000 };

/**
 * Readiness means "migrated and reachable". When the database cannot be reached at start, the
 * service still starts (analysis needs no database) and this runner applies the migrations in
 * the background, with back-off, until they are; meanwhile /readyz answers 503 and every database
 * call is SERVICE_UNAVAILABLE with Retry-After (the app pool is gated on `ready`), never a
 * "table does not exist" 500.
 */
@Injectable()
export class MigrationRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('Migrations');
  private stateNow: MigrationState = 'unmanaged';
  private lastErrorText: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private attempts = 0;
  private running: Promise<void> | null = null;
  private readonly waiters: (() => void)[] = [];

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly apply: (url: string) => Promise<MigrationResult> = applyMigrations,
  ) {}

  get state(): MigrationState {
    return this.stateNow;
  }

  /** Whether database calls may run: the schema is there. */
  get ready(): boolean {
    return this.stateNow !== 'pending';
  }

  /** Why the last attempt failed (for logs: it may name the host and port, never the password). */
  get lastError(): string | null {
    return this.lastErrorText;
  }

  /** Records migrations this process applied before the application was built (src/main.ts). */
  markApplied(): void {
    this.stateNow = 'applied';
    this.release();
  }

  /**
   * Closes the gate and applies the migrations in the background, retrying with back-off until
   * they are applied (or the application shuts down). `firstError` is why the start-up attempt failed.
   */
  retryInBackground(firstError?: unknown): void {
    if (this.stateNow === 'applied' || this.running || this.timer) return;
    this.stateNow = 'pending';
    if (firstError !== undefined) {
      this.attempts = 1;
      this.lastErrorText = describe(firstError);
    }
    this.schedule(this.delay());
  }

  /** Resolves once the migrations are applied (at once when they are). */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  onApplicationShutdown(): Promise<void> | void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.running?.catch(() => undefined);
  }

  private delay(): number {
    const exp = Math.max(0, this.attempts - 1);
    return Math.min(this.retry.maxDelayMs, this.retry.firstDelayMs * 2 ** exp);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.attempt().finally(() => (this.running = null));
    }, ms);
    // A pending retry never keeps the process alive by itself.
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    this.attempts++;
    try {
      const result = await this.apply(this.databaseUrl);
      this.stateNow = 'applied';
      this.lastErrorText = null;
      this.logger.log(
        `database ready: ${result.applied.length} migration(s) applied, ${result.alreadyApplied} already there (attempt ${this.attempts}); /readyz is ready`,
      );
      this.release();
    } catch (e) {
      this.lastErrorText = describe(e);
      const next = this.delay();
      this.logger.warn(
        `migrations not applied (attempt ${this.attempts}): ${this.lastErrorText}; retrying in ${Math.round(next / 100) / 10} s`,
      );
      this.schedule(next);
    }
  }

  private release(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** One line about a failure, without the URL (it may carry a password). */
function describe(e: unknown): string {
  const err = e as { message?: unknown; code?: unknown };
  const message = typeof err?.message === 'string' && err.message !== '' ? err.message : String(e);
  const code = typeof err?.code === 'string' ? err.code : null;
  const line = code && !message.includes(code) ? `${code} ${message}` : message;
  return line.replace(/postgres(ql)?:\/\/\S+/gi, '<database url>').replace(/\s+/g, ' ');
}
