import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** prom-client's default gauges whose names end in `_total`, which Prometheus keeps for counters. */
const GAUGES_NAMED_LIKE_COUNTERS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export interface DatabasePoolFigures {
  /** Connections open (idle or in use). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

export interface WorkerPoolFigures {
  maxThreads: number;
  threads: number;
  queued: number;
  maxQueue: number;
  utilization: number;
  completed: number;
}

/** The version in package.json (the same file in the repository and in the image). */
function packageVersion(): string {
  try {
    const file = path.resolve(__dirname, '..', '..', '..', 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Prometheus metrics of the process: one registry per application instance. The product's own
 * metrics are named `sidecar_lens_*`; the default process and Node.js metrics keep their stock
 * names (`process_*`, `nodejs_*`) so the usual dashboards work.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private dbPool: (() => DatabasePoolFigures) | null = null;
  private workerPool: (() => WorkerPoolFigures) | null = null;

  readonly httpDuration = new Histogram({
    name: 'sidecar_lens_http_request_duration_seconds',
    help: 'HTTP request duration by route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly analysisDuration = new Histogram({
    name: 'sidecar_lens_analysis_duration_seconds',
    help: 'Time to analyse one manifest, by where it ran (inline or worker).',
    labelNames: ['runner'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly manifestBytes = new Histogram({
    name: 'sidecar_lens_manifest_bytes',
    help: 'Size of analysed manifests in bytes.',
    buckets: [1024, 8192, 65536, 262144, 1048576, 3145728],
    registers: [this.registry],
  });

  readonly workloads = new Counter({
    name: 'sidecar_lens_workloads_analysed_total',
    help: 'Pod templates analysed, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly findings = new Counter({
    name: 'sidecar_lens_findings_total',
    help: 'Rule findings reported, by rule id and severity (after severity overrides).',
    labelNames: ['rule', 'severity'] as const,
    registers: [this.registry],
  });

  readonly diagnostics = new Counter({
    name: 'sidecar_lens_diagnostics_total',
    help: 'Validation diagnostics of analysed manifests, by reason and severity.',
    labelNames: ['reason', 'severity'] as const,
    registers: [this.registry],
  });

  readonly graphqlOperations = new Counter({
    name: 'sidecar_lens_graphql_operations_total',
    help: 'GraphQL root fields executed, by operation type, root field and outcome (success, error); requests refused before execution count once as root_field "(none)", outcome "rejected".',
    labelNames: ['operation', 'root_field', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'sidecar_lens_errors_total',
    help: 'Responses carrying an error, by surface (rest, graphql) and error code (each code once per response).',
    labelNames: ['surface', 'code'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'sidecar_lens_rate_limited_requests_total',
    help: 'Requests refused with RATE_LIMITED, by surface and limit (api_key: the per-key budget; worker_queue: the analysis queue is full).',
    labelNames: ['surface', 'limiter'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // They duplicate the per-type `nodejs_active_*` gauges and break Prometheus' naming rules.
    for (const name of GAUGES_NAMED_LIKE_COUNTERS) this.registry.removeSingleMetric(name);

    new Gauge({
      name: 'sidecar_lens_build_info',
      help: 'Always 1; the labels say which build is running.',
      labelNames: ['version', 'nodejs_version'] as const,
      registers: [this.registry],
    }).set({ version: packageVersion(), nodejs_version: process.version }, 1);

    const db = () => this.dbPool?.() ?? null;
    new Gauge({
      name: 'sidecar_lens_db_pool_connections',
      help: 'Database connections open, by state (idle, in_use).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const f = db();
        this.set({ state: 'idle' }, f?.idle ?? 0);
        this.set({ state: 'in_use' }, f ? Math.max(0, f.total - f.idle) : 0);
      },
    });
    new Gauge({
      name: 'sidecar_lens_db_pool_waiting_queries',
      help: 'Queries waiting for a database connection.',
      registers: [this.registry],
      collect() {
        this.set(db()?.waiting ?? 0);
      },
    });
    new Gauge({
      name: 'sidecar_lens_db_pool_max_connections',
      help: 'Most database connections the pool opens (DB_POOL_MAX).',
      registers: [this.registry],
      collect() {
        this.set(db()?.max ?? 0);
      },
    });

    const workers = () => this.workerPool?.() ?? null;
    new Gauge({
      name: 'sidecar_lens_worker_pool_threads',
      help: 'Analysis worker threads running (started on demand, stopped when idle).',
      registers: [this.registry],
      collect() {
        this.set(workers()?.threads ?? 0);
      },
    });
    new Gauge({
      name: 'sidecar_lens_worker_pool_max_threads',
      help: 'Most analysis worker threads (WORKER_THREADS; 0: every analysis runs inline).',
      registers: [this.registry],
      collect() {
        this.set(workers()?.maxThreads ?? 0);
      },
    });
    new Gauge({
      name: 'sidecar_lens_worker_pool_queued_tasks',
      help: 'Analyses waiting for a worker thread.',
      registers: [this.registry],
      collect() {
        this.set(workers()?.queued ?? 0);
      },
    });
    new Gauge({
      name: 'sidecar_lens_worker_pool_max_queued_tasks',
      help: 'Analyses that may wait for a worker before more are refused with RATE_LIMITED.',
      registers: [this.registry],
      collect() {
        this.set(workers()?.maxQueue ?? 0);
      },
    });
    new Gauge({
      name: 'sidecar_lens_worker_pool_utilization_ratio',
      help: "Share of the worker pool's capacity used since it started (0 to 1).",
      registers: [this.registry],
      collect() {
        this.set(workers()?.utilization ?? 0);
      },
    });
    new Counter({
      name: 'sidecar_lens_worker_pool_completed_tasks_total',
      help: 'Analyses the worker threads finished.',
      registers: [this.registry],
      collect() {
        // The pool counts; the counter shows its (never decreasing) figure.
        this.reset();
        this.inc(workers()?.completed ?? 0);
      },
    });
  }

  /** Where the database pool and worker pool gauges read their figures. */
  watch(sources: {
    dbPool?: () => DatabasePoolFigures;
    workerPool?: () => WorkerPoolFigures;
  }): void {
    if (sources.dbPool) this.dbPool = sources.dbPool;
    if (sources.workerPool) this.workerPool = sources.workerPool;
  }
}
