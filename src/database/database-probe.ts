import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DATABASE_URL } from './database-url';

/** How long a readiness ping may take, connection included. */
export const PROBE_TIMEOUT_MS = 1000;

/**
 * The readiness probe's own small pool (two connections, kept open), apart from the app's pool:
 * a saturated app pool (one hot scenario, a slow query holding every connection) is load, not a
 * dead database, and must not turn /readyz red and take the replica out of the load balancer.
 */
@Injectable()
export class DatabaseProbe implements OnApplicationShutdown {
  private readonly logger = new Logger('DatabaseProbe');
  private readonly pool: pg.Pool;

  constructor(@Inject(DATABASE_URL) url: string) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: 2,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      // Kept open: the probe still gets in when the server is near max_connections.
      idleTimeoutMillis: 0,
      statement_timeout: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      application_name: 'sidecar-lens-health',
    });
    // A server restart ends the idle connection: the pool drops it and opens another on the next ping.
    this.pool.on('error', (e) => this.logger.debug(`idle probe connection closed: ${e.message}`));
  }

  /** Resolves when the database answers `SELECT 1` within the timeout; rejects otherwise. */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
