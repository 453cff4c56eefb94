import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
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

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DATABASE_URL) url: string) {
    super({
      adapter: new PrismaPg({
        connectionString: url,
        max: config.dbPoolMax,
        // Without an acquire timeout a saturated pool makes requests wait forever.
        connectionTimeoutMillis: config.dbPoolAcquireTimeoutMs,
        idleTimeoutMillis: 10_000,
        statement_timeout: 15_000,
        application_name: 'sidecar-lens',
      }),
    });
  }

  // After the HTTP server has drained in-flight requests (Nest's shutdown order), not before.
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect().catch((e: unknown) => this.logger.warn(`disconnect: ${String(e)}`));
  }
}
