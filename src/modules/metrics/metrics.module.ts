import { Controller, Get, Global, Header, Module } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DocumentNode, ExecutionResult } from 'graphql';
import { seenErrors } from '../../common/errors/seen-errors';
import { PrismaService } from '../../database/prisma.service';
import { AnalysisPool } from '../analysis/analysis-pool';
import type { ExecutedOperation } from './graphql-operations';
import { executedOperation, outcomes } from './graphql-operations';
import { MetricsService } from './metrics.service';

@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text exposition. */
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

interface MercuriusContext {
  reply?: { request?: FastifyRequest };
}

interface MercuriusHooks {
  addHook(
    name: 'preExecution',
    hook: (schema: unknown, document: DocumentNode, context: MercuriusContext) => void,
  ): void;
  addHook(
    name: 'onResolution',
    hook: (execution: ExecutionResult, context: MercuriusContext) => void,
  ): void;
}

const GRAPHQL_PATH = '/graphql';

@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule implements OnModuleInit, OnApplicationBootstrap {
  /** The operation each GraphQL request executes, from preExecution to the response. */
  private readonly executed = new WeakMap<FastifyRequest, ExecutedOperation>();

  constructor(
    private readonly metrics: MetricsService,
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Synchronous (it runs on every request; an async hook costs a promise and a tick per request).
    app.addHook('onResponse', (req, reply, done) => {
      try {
        this.observeResponse(req, reply.statusCode, reply.elapsedTime);
      } catch (err) {
        req.log.error({ err }, 'metrics: the response could not be counted');
      }
      done();
    });
    const prisma = this.moduleRef.get(PrismaService, { strict: false });
    const pool = this.moduleRef.get(AnalysisPool, { strict: false });
    this.metrics.watch({
      dbPool: () => ({
        total: prisma.pool.totalCount,
        idle: prisma.pool.idleCount,
        waiting: prisma.pool.waitingCount,
        max: prisma.pool.options.max ?? 10,
      }),
      workerPool: () => pool.stats(),
    });
  }

  /** The HTTP, error and rate-limit metrics of one answered request. */
  private observeResponse(req: FastifyRequest, statusCode: number, elapsedMs: number): void {
    // The route pattern, never the raw URL: ids must not explode the label set.
    const route = req.routeOptions.url ?? 'unmatched';
    this.metrics.httpDuration.observe(
      { method: req.method, route, status: String(statusCode) },
      elapsedMs / 1000,
    );
    const surface = route === GRAPHQL_PATH ? 'graphql' : 'rest';
    const { codes, limiter } = seenErrors(req);
    for (const code of codes) this.metrics.errors.inc({ surface, code });
    if (codes.includes('RATE_LIMITED')) {
      this.metrics.rateLimited.inc({ surface, limiter: limiter ?? 'worker_queue' });
    }
    if (surface === 'graphql' && !this.executed.has(req) && codes.length > 0) {
      // Refused before execution: parse or validation errors, limits, no API key.
      this.metrics.graphqlOperations.inc({
        operation: 'unknown',
        root_field: '(none)',
        outcome: 'rejected',
      });
    }
  }

  onApplicationBootstrap(): void {
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const graphql = (app as unknown as { graphql?: MercuriusHooks }).graphql;
    if (!graphql) return;
    graphql.addHook('preExecution', (_schema, document, context) => {
      const req = context.reply?.request;
      if (!req) return;
      const body = req.body as { operationName?: unknown } | undefined;
      const query = req.query as { operationName?: unknown } | undefined;
      const name = body?.operationName ?? query?.operationName;
      const op = executedOperation(document, typeof name === 'string' ? name : null);
      if (op) this.executed.set(req, op);
    });
    graphql.addHook('onResolution', (execution, context) => {
      const req = context.reply?.request;
      const op = req ? this.executed.get(req) : undefined;
      if (!op) return;
      for (const { field, outcome } of outcomes(op, execution.errors)) {
        this.metrics.graphqlOperations.inc({
          operation: op.operation,
          root_field: field.name,
          outcome,
        });
      }
    });
  }
}
