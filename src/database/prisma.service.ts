import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config';

/** The database URL the process resolved at start (a real server or the embedded one). */
export const DATABASE_URL = Symbol('DATABASE_URL');

/**
 * The one Prisma client of the process. Only repositories (and this folder) may use it. It
 * connects lazily, so the service starts and answers `analyze` while the database is down.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);
  /** Options for every interactive transaction: it starts within the acquire timeout and ends by the deadline. */
  readonly transactionOptions: { maxWait: number; timeout: number };
  /** The connection pool Prisma queries through (its figures are exported as metrics). */
  readonly pool: pg.Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DATABASE_URL) url: string) {
    // The pool is made here, not by the adapter, so that its figures can be read; the adapter
    // still owns it and ends it on disconnect.
    const pool = new pg.Pool({
      connectionString: url,
      max: config.dbPoolMax,
      // Without an acquire timeout a saturated pool makes requests wait forever.
      connectionTimeoutMillis: config.dbPoolAcquireTimeoutMs,
      idleTimeoutMillis: 10_000,
      // The request deadline bounds every statement, and a lock held by a migration or a long
      // query is given up after the lock timeout: the caller gets a retryable 503, not a hang.
      statement_timeout: config.dbRequestDeadlineMs,
      lock_timeout: config.dbLockTimeoutMs,
      idle_in_transaction_session_timeout: config.dbRequestDeadlineMs * 2,
      application_name: 'sidecar-lens',
    });
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
    this.transactionOptions = {
      maxWait: config.dbPoolAcquireTimeoutMs,
      timeout: config.dbRequestDeadlineMs,
    };
  }

  // After the HTTP server has drained in-flight requests (Nest's shutdown order), not before.
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect().catch((e: unknown) => this.logger.warn(`disconnect: ${String(e)}`));
  }
}
