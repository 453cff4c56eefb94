import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config';
import { DATABASE_URL } from './database-url';
import { MigrationRunner } from './migration-runner';

export { DATABASE_URL };

/** What a database call meets while the migrations are still pending (src/database/migration-runner.ts). */
export class SchemaNotReadyError extends Error {
  // Shaped as PostgreSQL's own 57P03 cannot_connect_now ("the database system is starting up"),
  // so the driver adapter passes it on and it is answered SERVICE_UNAVAILABLE with Retry-After.
  readonly code = '57P03';
  readonly severity = 'FATAL';
  constructor() {
    super('the database system is starting up: the migrations are not applied yet (retrying)');
    this.name = 'SchemaNotReadyError';
  }
}

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

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE_URL) url: string,
    // A maintenance script (scripts/apikey.ts) migrates before it connects: { ready: true }.
    @Inject(MigrationRunner) migrations: Pick<MigrationRunner, 'ready'>,
  ) {
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
    // Until the migrations are applied no connection is handed out (pool.query goes through
    // connect too): a call meets SchemaNotReadyError (503 + Retry-After), not a missing table.
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { connect: (...args: unknown[]) => unknown }).connect = (
      ...args: unknown[]
    ) => {
      if (!migrations.ready) {
        const error = new SchemaNotReadyError();
        const callback = args[0];
        if (typeof callback === 'function') {
          (callback as (e: Error) => void)(error);
          return undefined;
        }
        return Promise.reject(error);
      }
      return connect(...args);
    };
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
