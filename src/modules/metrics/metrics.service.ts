import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of the process: one registry per application instance. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sidecar_lens_' });
  }
}
