import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import { DatabaseProbe, PROBE_TIMEOUT_MS } from '../../database/database-probe';
import { MigrationRunner } from '../../database/migration-runner';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly probe: DatabaseProbe,
    private readonly migrations: MigrationRunner,
  ) {}

  /** Liveness: the process answers. Never touches the database (a shared outage must not restart every replica). */
  @Get('healthz')
  @HealthCheck()
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Readiness means "migrated and reachable": the migrations are applied (src/database/migration-runner.ts)
   * and the database answers within a second on the probe's own pool, so a saturated app pool does
   * not fail it; 503 otherwise (analyze keeps working). The body names no host or port.
   */
  @Get('readyz')
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database(), () => this.schema()]);
  }

  private async database(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    try {
      await this.probe.ping();
      return check.up();
    } catch {
      return check.down({ message: `no answer within ${PROBE_TIMEOUT_MS} ms` });
    }
  }

  private schema(): HealthIndicatorResult {
    const check = this.indicators.check('migrations');
    return this.migrations.ready
      ? check.up()
      : check.down({ message: 'not applied yet; retrying in the background' });
  }
}
