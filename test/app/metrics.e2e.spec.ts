// The metrics operators look for, counted from real requests: findings by rule and severity,
// GraphQL root fields by outcome, errors by code, rate-limited requests, the database and worker
// pools, build_info; the stock process_* / nodejs_* names; and an exposition that Prometheus'
// own linter (promtool check metrics, where installed) and a text-format parser accept.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { MetricFamily } from 'parse-prometheus-text-format';
import { bootApp, gql } from '../support/app';
import { REPO_ROOT, corpusPath } from '../support/shared';
import { podManifest } from './scenarios/scenario-fixtures';

const LEGACY_JOB = readFileSync(corpusPath('05-istio-job-legacy-sidecar.yaml'), 'utf8');
const MULTI_INIT = readFileSync(corpusPath('04-istio-multi-init-native.yaml'), 'utf8');

let app: NestFastifyApplication;
let nextAddress = 1;
/** Each request from its own address, so only the rate-limit case meets the limit. */
const inject = (opts: Record<string, unknown>) =>
  app.inject({ remoteAddress: `10.1.0.${nextAddress++}`, ...opts } as never);

beforeAll(async () => {
  // Manifests over 1 KiB run in the (one-thread) worker pool; 5 requests a minute per address.
  app = await bootApp({ workerThreads: 1, workerThresholdBytes: 1024, rateLimitPerMinute: 5 });
});
afterAll(() => app.close());

async function scrape(): Promise<{ text: string; families: Map<string, MetricFamily> }> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  const families = new Map(parsePrometheusTextFormat(res.body).map((f) => [f.name, f]));
  return { text: res.body, families };
}

/** The value of the sample of `name` whose labels include `labels` (0 when there is none). */
function value(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const family = families.get(name);
  const sample = family?.metrics.find((m) =>
    Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
  );
  return sample?.value === undefined ? 0 : Number(sample.value);
}

describe('/metrics', () => {
  it('counts findings by rule and severity, exactly as the reports gave them', async () => {
    const before = (await scrape()).families;
    const expected = new Map<string, number>();
    for (const manifest of [LEGACY_JOB, MULTI_INIT, podManifest({ sidecar: true })]) {
      const res = await inject({
        method: 'POST',
        url: '/v1/analyze',
        headers: { 'content-type': 'application/yaml' },
        payload: manifest,
      });
      expect(res.statusCode).toBe(200);
      for (const w of res.json().workloads as {
        findings: { ruleId: string; severity: string }[];
      }[]) {
        for (const f of w.findings) {
          const key = `${f.ruleId}|${f.severity}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
      }
    }
    expect(expected.size).toBeGreaterThan(0);
    const after = (await scrape()).families;
    for (const [key, count] of expected) {
      const [rule, severity] = key.split('|') as [string, string];
      const labels = { rule, severity };
      expect([key, value(after, 'sidecar_lens_findings_total', labels)]).toEqual([
        key,
        value(before, 'sidecar_lens_findings_total', labels) + count,
      ]);
    }
  });

  it('counts GraphQL root fields by operation and outcome, and refused requests once', async () => {
    const before = (await scrape()).families;
    const ok = await gql(app, 'query Catalog { rules { id } patterns: sidecarPatterns { kind } }');
    expect(ok.errors).toBeUndefined();
    const failed = await gql(
      app,
      'query Bad($m: String!) { analyze(input: { manifest: $m, kubernetesVersion: "0.1" }) { kubernetesVersion } }',
      { m: podManifest() },
    );
    expect(failed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unparsable = await gql(app, 'query { rules { id ');
    expect(unparsable.status).toBe(400);
    const after = (await scrape()).families;
    const delta = (labels: Record<string, string>) =>
      value(after, 'sidecar_lens_graphql_operations_total', labels) -
      value(before, 'sidecar_lens_graphql_operations_total', labels);
    expect(delta({ operation: 'query', root_field: 'rules', outcome: 'success' })).toBe(1);
    // The alias is the client's; the metric names the schema's field.
    expect(delta({ operation: 'query', root_field: 'sidecarPatterns', outcome: 'success' })).toBe(
      1,
    );
    expect(delta({ operation: 'query', root_field: 'analyze', outcome: 'error' })).toBe(1);
    expect(delta({ operation: 'query', root_field: 'analyze', outcome: 'success' })).toBe(0);
    expect(delta({ root_field: '(none)', outcome: 'rejected' })).toBe(1);

    const errors = (labels: Record<string, string>) =>
      value(after, 'sidecar_lens_errors_total', labels) -
      value(before, 'sidecar_lens_errors_total', labels);
    expect(errors({ surface: 'graphql', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(errors({ surface: 'graphql', code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
  });

  it('counts REST errors by code and rate-limited requests by limit', async () => {
    const before = (await scrape()).families;
    expect((await inject({ method: 'GET', url: `/v1/scenarios/${randomUUID()}` })).statusCode).toBe(
      404,
    );
    expect((await inject({ method: 'PUT', url: '/v1/analyze' })).statusCode).toBe(405);
    const from = { remoteAddress: '10.2.0.1' };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await app.inject({ method: 'GET', url: '/v1/scenarios', ...from })).statusCode,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const after = (await scrape()).families;
    const delta = (name: string, labels: Record<string, string>) =>
      value(after, name, labels) - value(before, name, labels);
    expect(delta('sidecar_lens_errors_total', { surface: 'rest', code: 'NOT_FOUND' })).toBe(1);
    expect(
      delta('sidecar_lens_errors_total', { surface: 'rest', code: 'METHOD_NOT_ALLOWED' }),
    ).toBe(1);
    expect(delta('sidecar_lens_errors_total', { surface: 'rest', code: 'RATE_LIMITED' })).toBe(1);
    expect(
      delta('sidecar_lens_rate_limited_requests_total', { surface: 'rest', limiter: 'api_key' }),
    ).toBe(1);
  });

  it('shows the database pool, the worker pool and the build', async () => {
    // A database query (the list) and a worker analysis (a manifest over 1 KiB) first.
    expect((await inject({ method: 'GET', url: '/v1/scenarios' })).statusCode).toBe(200);
    expect(
      (
        await inject({
          method: 'POST',
          url: '/v1/analyze',
          headers: { 'content-type': 'application/yaml' },
          payload: MULTI_INIT,
        })
      ).statusCode,
    ).toBe(200);
    const { families } = await scrape();
    const open =
      value(families, 'sidecar_lens_db_pool_connections', { state: 'idle' }) +
      value(families, 'sidecar_lens_db_pool_connections', { state: 'in_use' });
    expect(open).toBeGreaterThanOrEqual(1);
    expect(value(families, 'sidecar_lens_db_pool_max_connections')).toBeGreaterThanOrEqual(open);
    expect(value(families, 'sidecar_lens_db_pool_waiting_queries')).toBe(0);
    expect(value(families, 'sidecar_lens_worker_pool_max_threads')).toBe(1);
    // WORKER_QUEUE_MAX's default.
    expect(value(families, 'sidecar_lens_worker_pool_max_queued_tasks')).toBe(64);
    expect(
      value(families, 'sidecar_lens_worker_pool_completed_tasks_total'),
    ).toBeGreaterThanOrEqual(1);
    const utilization = value(families, 'sidecar_lens_worker_pool_utilization_ratio');
    expect(utilization).toBeGreaterThanOrEqual(0);
    expect(utilization).toBeLessThanOrEqual(1);
    const version = (
      JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    ).version;
    expect(families.get('sidecar_lens_build_info')?.metrics).toEqual([
      { value: '1', labels: { version, nodejs_version: process.version } },
    ]);
  });

  it('keeps the stock process_* and nodejs_* names, and every family is typed and documented', async () => {
    const { families } = await scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_version_info',
    ]) {
      expect([name, families.has(name)]).toEqual([name, true]);
    }
    const names = [...families.keys()];
    expect(names.filter((n) => n.startsWith('sidecar_lens_process_'))).toEqual([]);
    expect(names.filter((n) => n.startsWith('sidecar_lens_nodejs_'))).toEqual([]);
    for (const f of families.values()) {
      expect([f.name, f.help.length > 0, f.type !== 'UNTYPED']).toEqual([f.name, true, true]);
      // Prometheus naming: a counter ends in _total, nothing else does.
      expect([f.name, f.type === 'COUNTER', f.name.endsWith('_total')]).toEqual([
        f.name,
        f.name.endsWith('_total'),
        f.name.endsWith('_total'),
      ]);
      expect(f.name).toMatch(/^[a-z_][a-z0-9_]*$/);
    }
  });

  const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  (promtool.status === 0 ? it : it.skip)(
    'passes promtool check metrics (skipped where Prometheus is not installed)',
    async () => {
      const { text } = await scrape();
      const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`).toBe('');
      expect(run.status).toBe(0);
    },
  );
});
