// Issue 11 item 7: past its capacity the service sheds load early with 503 + Retry-After instead
// of slowing down for everyone; a full analysis worker queue is 503 (the server is busy, the
// client did nothing wrong), never 429; concurrent large uploads are bounded before their bodies
// are read; and readiness has its own small pool, so a saturated app pool does not take the
// replica out of the load balancer. Probes and /metrics are never shed.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import { ADD, CREATE, podManifest } from '../scenarios/scenario-fixtures';
import { startService } from './service-process';
import type { ServiceProcess } from './service-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `count` Deployments with a native sidecar each (real work to analyse), then a ConfigMap that
 * brings the text to `bytes` (a large upload whose report stays small).
 */
function fleetManifest(count: number, bytes = 0): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        `metadata: {name: app-${i}, labels: {app: app-${i}}}`,
        'spec:',
        '  replicas: 2',
        `  selector: {matchLabels: {app: app-${i}}}`,
        '  template:',
        `    metadata: {labels: {app: app-${i}}}`,
        '    spec:',
        '      initContainers:',
        '      - name: proxy',
        '        image: envoyproxy/envoy:v1.31',
        '        restartPolicy: Always',
        '        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}',
        '      containers:',
        '      - name: app',
        '        image: nginx:1.27',
        `        resources: {requests: {cpu: ${100 + (i % 50)}m, memory: 128Mi}}`,
      ].join('\n'),
    );
  }
  const text = `${docs.join('\n---\n')}\n`;
  if (text.length >= bytes) return text;
  const line = `  ${'x'.repeat(100)}\n`;
  const lines = Math.ceil((bytes - text.length) / line.length);
  return `${text}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: filler}\ndata:\n  blob: |\n${line.repeat(lines)}`;
}

const analyzeYaml = (app: NestFastifyApplication, manifest: string) =>
  app.inject({
    method: 'POST',
    // Without the lifecycle pictures, so that many workloads fit in one answer.
    url: '/v1/analyze?pictures=false',
    headers: { 'content-type': 'application/yaml' },
    payload: manifest,
  });

describe('load shedding', () => {
  describe('a stalled event loop', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await bootApp({ shedEventLoopDelayMs: 50 });
    });
    afterAll(() => app.close());

    it('sheds requests with 503 + Retry-After while the loop lags; probes and /metrics still answer; recovers after', async () => {
      expect((await analyzeYaml(app, podManifest())).statusCode).toBe(200);
      // Something hogs the event loop: 120 ms blocks back to back (as a long synchronous parse would).
      let hogging = true;
      const hog = async (): Promise<void> => {
        while (hogging) {
          const until = performance.now() + 120;
          while (performance.now() < until) {
            /* busy */
          }
          await new Promise((r) => setImmediate(r));
        }
      };
      const hogged = hog();
      await sleep(1200);
      const [rest, graphql, healthz, readyz, metrics] = await Promise.all([
        analyzeYaml(app, podManifest()),
        gql(app, 'query { rules { id } }'),
        app.inject({ method: 'GET', url: '/healthz' }),
        app.inject({ method: 'GET', url: '/readyz' }),
        app.inject({ method: 'GET', url: '/metrics' }),
      ]);
      hogging = false;
      await hogged;

      expect(rest.statusCode).toBe(503);
      expect(Number(rest.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(rest.json()).toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
        detail: expect.stringMatching(/event loop lags/),
      });
      expect(graphql.status).toBe(503);
      expect(graphql.errors?.[0]?.extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
        retryAfterSeconds: expect.any(Number),
      });
      expect(healthz.statusCode).toBe(200);
      expect(readyz.statusCode).toBe(200);
      expect(metrics.statusCode).toBe(200);

      // Once the loop is free again, requests are served.
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        await sleep(100);
        status = (await analyzeYaml(app, podManifest())).statusCode;
      }
      expect(status).toBe(200);
    });
  });

  describe('the analysis worker queue and large uploads', () => {
    it('a full worker queue answers 503 + Retry-After (never 429), small manifests are still served inline', async () => {
      const app = await bootApp({
        workerThreads: 1,
        workerQueueMax: 1,
        workerThresholdBytes: 8 * 1024,
        shedInflightUploadBytes: 0,
      });
      try {
        const big = fleetManifest(150); // ~80 KB, well above the threshold: worker pool
        const answers = await Promise.all(Array.from({ length: 8 }, () => analyzeYaml(app, big)));
        const statuses = answers.map((a) => a.statusCode);
        process.stdout.write(`worker queue: ${statuses.join(' ')}\n`);
        expect(statuses).not.toContain(429);
        expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
        const refused = answers.filter((a) => a.statusCode === 503);
        expect(refused.length).toBeGreaterThanOrEqual(1);
        for (const r of refused) {
          expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
          expect(r.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
        }
        // GraphQL meets the same queue: SERVICE_UNAVAILABLE, retryable.
        const viaGraphql = await Promise.all(
          Array.from({ length: 6 }, () =>
            gql(
              app,
              'query($m: String!) { analyze(input: { manifest: $m }) { kubernetesVersion } }',
              {
                m: big,
              },
            ),
          ),
        );
        const codes = viaGraphql.map((g) => g.errors?.[0]?.extensions?.code ?? 'OK');
        expect(codes).toContain('SERVICE_UNAVAILABLE');
        expect(codes).not.toContain('RATE_LIMITED');
        expect((await analyzeYaml(app, podManifest())).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    }, 60_000);

    it('large bodies beyond the in-flight budget are refused before they are read', async () => {
      const app = await bootApp({
        workerThreads: 1,
        workerThresholdBytes: 8 * 1024,
        shedInflightUploadBytes: 600 * 1024,
      });
      try {
        const big = fleetManifest(20, 250 * 1024); // 250 KB: two fit the 600 KB budget, the rest do not
        const answers = await Promise.all(Array.from({ length: 6 }, () => analyzeYaml(app, big)));
        const statuses = answers.map((a) => a.statusCode).sort();
        expect(statuses).toEqual([200, 200, 503, 503, 503, 503]);
        const refused = answers.find((a) => a.statusCode === 503)!;
        expect(refused.json()).toMatchObject({
          code: 'SERVICE_UNAVAILABLE',
          detail: expect.stringMatching(/uploaded at once/),
        });
        expect(refused.headers.connection).toBe('close');
        // The budget is given back: the next one is served.
        expect((await analyzeYaml(app, big)).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    }, 60_000);
  });

  describe('large uploads sent in chunks, without Content-Length', () => {
    /**
     * POSTs `body` with Transfer-Encoding: chunked (no Content-Length), `chunk` bytes at a time,
     * yielding between chunks so that concurrent uploads interleave as slow clients' would.
     */
    const sendChunked = (port: number, body: Buffer, chunk = 10 * 1024) =>
      new Promise<{ status: number; retryAfter?: string; connection?: string; json: unknown }>(
        (resolve, reject) => {
          let answered = false;
          const req = http.request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/v1/analyze?pictures=false',
              headers: { 'content-type': 'application/yaml' },
            },
            (res) => {
              answered = true;
              let text = '';
              res.on('data', (c: Buffer) => (text += c.toString()));
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  retryAfter: res.headers['retry-after'],
                  connection: res.headers.connection,
                  json: JSON.parse(text) as unknown,
                }),
              );
            },
          );
          // A refused upload is cut off while its body is still being sent.
          req.on('error', (e) => (answered ? undefined : reject(e)));
          let offset = 0;
          const pump = (): void => {
            if (req.destroyed || answered) return;
            if (offset >= body.length) {
              req.end();
              return;
            }
            req.write(body.subarray(offset, offset + chunk));
            offset += chunk;
            setTimeout(pump, 2);
          };
          pump();
        },
      );

    it('are counted as they arrive: past the in-flight budget they get 503 + Retry-After, and the budget is given back', async () => {
      const app = await bootApp({
        workerThreads: 1,
        workerThresholdBytes: 8 * 1024,
        shedInflightUploadBytes: 600 * 1024,
      });
      try {
        await app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = app.getHttpServer().address() as { port: number };
        const big = Buffer.from(fleetManifest(20, 250 * 1024)); // 250 KB: two fit 600 KB at most
        const answers = await Promise.all(Array.from({ length: 6 }, () => sendChunked(port, big)));
        const served = answers.filter((a) => a.status === 200);
        const refused = answers.filter((a) => a.status === 503);
        expect(served.length + refused.length).toBe(6);
        expect(served.length).toBeGreaterThanOrEqual(1);
        expect(refused.length).toBeGreaterThanOrEqual(3);
        for (const r of refused) {
          expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
          expect(r.connection).toBe('close');
          expect(r.json).toMatchObject({
            code: 'SERVICE_UNAVAILABLE',
            retryable: true,
            detail: expect.stringMatching(/uploaded at once/) as string,
          });
        }
        // Every byte charged was given back: alone, the same upload is served.
        expect((await sendChunked(port, big)).status).toBe(200);
        // Small chunked bodies are never large uploads: all of them are served at once.
        const small = Buffer.from(podManifest());
        const smalls = await Promise.all(
          Array.from({ length: 12 }, () => sendChunked(port, small, 512)),
        );
        expect(smalls.map((a) => a.status)).toEqual(Array.from({ length: 12 }, () => 200));
      } finally {
        await app.close();
      }
    }, 60_000);
  });

  describe('readiness on its own pool', () => {
    it('/readyz stays 200 while every connection of the app pool is held', async () => {
      const app = await bootApp({ dbPoolMax: 1 });
      const admin = new Client({ connectionString: testDatabaseUrl() });
      admin.on('error', () => undefined);
      await admin.connect();
      try {
        const created = await gql<{ createScenario: { id: string } }>(app, CREATE, {
          input: { name: 'hot scenario', analysis: { manifest: podManifest() } },
        });
        const id = created.data!.createScenario.id;
        await admin.query('BEGIN');
        await admin.query('SELECT 1 FROM scenario WHERE id = $1 FOR UPDATE', [id]);
        // A save takes the pool's only connection and waits on the row lock.
        const holding = gql(app, ADD, { id, input: { manifest: podManifest({ cpu: '301m' }) } });
        for (let i = 0; i < 200; i++) {
          const r = await admin.query(
            `SELECT 1 FROM pg_stat_activity WHERE application_name = 'sidecar-lens'
             AND pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
          );
          if (r.rowCount) break;
          await sleep(20);
        }
        const started = performance.now();
        const ready = await Promise.all(
          Array.from({ length: 5 }, () => app.inject({ method: 'GET', url: '/readyz' })),
        );
        const elapsed = performance.now() - started;
        for (const r of ready) {
          expect(r.statusCode).toBe(200);
          expect(r.json()).toMatchObject({ info: { database: { status: 'up' } } });
        }
        expect(elapsed).toBeLessThan(1500);
        // The app pool itself is exhausted: a read meets it as a retryable 503.
        const read = await app.inject({ method: 'GET', url: `/v1/scenarios/${id}` });
        expect(read.statusCode).toBe(503);
        await admin.query('ROLLBACK');
        expect((await holding).errors).toBeUndefined();
      } finally {
        await admin.end();
        await app.close();
      }
    }, 30_000);
  });

  describe('the real service process', () => {
    let service: ServiceProcess | undefined;
    afterAll(() => service?.stop());

    it('20 large uploads at once: the budget is served, the rest are refused fast with 503 + Retry-After', async () => {
      service = await startService({
        DATABASE_URL: testDatabaseUrl(),
        WORKER_THREADS: '1',
        WORKER_QUEUE_MAX: '2',
        SHED_INFLIGHT_UPLOAD_BYTES: String(4 * 1024 * 1024),
      });
      expect(service.base).not.toBe('');
      const body = Buffer.from(fleetManifest(100, 1024 * 1024)); // 1 MiB each
      const { port } = new URL(service.base);
      const send = () =>
        new Promise<{ status: number; retryAfter?: string; ms: number }>((resolve, reject) => {
          const started = performance.now();
          const req = http.request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/v1/analyze?pictures=false',
              headers: { 'content-type': 'application/yaml', 'content-length': body.length },
            },
            (res) => {
              res.resume();
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  retryAfter: res.headers['retry-after'],
                  ms: performance.now() - started,
                }),
              );
            },
          );
          // A refused upload may be cut off while its body is still being sent.
          req.on('error', (e) => (req.destroyed && e ? undefined : reject(e)));
          req.end(body);
        });
      const answers = await Promise.all(Array.from({ length: 20 }, send));
      const served = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 503);
      expect(served.length + refused.length).toBe(20);
      expect(served.length).toBeGreaterThanOrEqual(1);
      expect(served.length).toBeLessThanOrEqual(5);
      for (const r of refused) expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      const refusedMs = Math.max(...refused.map((r) => r.ms));
      process.stdout.write(
        `20 x ${(body.length / 1048576).toFixed(1)} MiB uploads: ${served.length} served (slowest ${Math.round(Math.max(...served.map((s) => s.ms)))} ms), ${refused.length} refused (slowest refusal ${Math.round(refusedMs)} ms)\n`,
      );
      expect((await fetch(`${service.base}/healthz`)).status).toBe(200);
    }, 90_000);
  });
});
