// Issue 11 item 5: the database is down when the service starts for the first time. Readiness
// means "migrated and reachable": the service starts (analysis needs no database), retries the
// migrations in the background, answers 503 + Retry-After (never 500 "table does not exist") for
// scenario calls meanwhile, and becomes ready without a restart once PostgreSQL is there.
// The service runs as `npm start` runs it (src/main.ts); PostgreSQL is a real server started
// late, on the port DATABASE_URL named from the beginning.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { REPO_ROOT } from '../../support/shared';
import { CREATE, podManifest } from '../scenarios/scenario-fixtures';
import { freePort, scratchDir, startService } from './service-process';
import type { ServiceProcess } from './service-process';

const BARE_POSTGRES = path.join(REPO_ROOT, 'test', 'app', 'ops', 'bare-postgres.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startPostgres(
  dataDir: string,
  port: number,
  database: string,
): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [BARE_POSTGRES, dataDir, String(port), database], {
    cwd: REPO_ROOT,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`PostgreSQL exited with ${code}: ${err}`)));
  });
}

const gql = async (base: string, query: string, variables: Record<string, unknown>) => {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    },
  };
};

const restCreate = (base: string, name: string) =>
  fetch(`${base}/v1/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, manifest: podManifest() }),
  });

describe('first start with the database down', () => {
  jest.setTimeout(150_000);
  let service: ServiceProcess | undefined;
  let postgres: ChildProcessWithoutNullStreams | undefined;
  let dataDir: string;

  beforeAll(() => {
    dataDir = scratchDir('first-start');
  });
  afterAll(async () => {
    await service?.stop();
    if (postgres && postgres.exitCode === null) {
      postgres.stdin.write('exit\n');
      await new Promise((r) => postgres!.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves analyze, answers 503 + Retry-After for scenarios, then migrates and becomes ready without a restart', async () => {
    const port = await freePort();
    const database = 'sidecar_lens_first_start';
    service = await startService({
      DATABASE_URL: `postgresql://postgres:sidecar-lens@127.0.0.1:${port}/${database}`,
      WORKER_THREADS: '0',
    });
    expect(service.base).not.toBe('');
    expect(service.messages()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/database \(127\.0\.0\.1:\d+\) is unreachable: serving analyze only/),
      ]),
    );
    const base = service.base;

    // Down: alive, not ready, analysis works, scenario calls are retryable 503s.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    const notReadyBody = (await notReady.json()) as Record<string, unknown>;
    expect(notReadyBody).toMatchObject({
      status: 'error',
      error: { migrations: { status: 'down' }, database: { status: 'down' } },
    });
    expect(JSON.stringify(notReadyBody)).not.toContain(String(port));
    const analyzed = await fetch(`${base}/v1/analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: podManifest(),
    });
    expect(analyzed.status).toBe(200);

    const downCreate = await gql(base, CREATE, {
      input: { name: 'while down', analysis: { manifest: podManifest() } },
    });
    expect(downCreate.body.errors?.[0]?.extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      retryable: true,
    });
    const downRest = await restCreate(base, 'while down');
    expect(downRest.status).toBe(503);
    expect(Number(downRest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // PostgreSQL arrives, with an empty database: the service must migrate it itself.
    const pg = await startPostgres(path.join(dataDir, 'db'), port, database);
    postgres = pg.child;
    const arrived = performance.now();

    // Between the server's arrival and the migrations, calls are still 503, never 500.
    const statuses: number[] = [];
    let readyAfterMs = -1;
    while (performance.now() - arrived < 30_000) {
      const [ready, create] = await Promise.all([
        fetch(`${base}/readyz`),
        restCreate(base, 'during migration'),
      ]);
      statuses.push(create.status);
      if (ready.status === 200) {
        readyAfterMs = performance.now() - arrived;
        break;
      }
      await sleep(100);
    }
    expect(readyAfterMs).toBeGreaterThanOrEqual(0);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    // The retries back off to at most 10 s between attempts (uncapped, the next would be 16 s):
    // 10 s, then the migrations and a readiness poll on a loaded machine.
    expect(readyAfterMs).toBeLessThan(15_000);
    process.stdout.write(
      `first start, database down: ready ${Math.round(readyAfterMs)} ms after PostgreSQL arrived, without a restart\n`,
    );

    // Ready: the schema is there and saving works, over GraphQL and REST, in the same process.
    const created = await gql(base, CREATE, {
      input: { name: 'after the database arrived', analysis: { manifest: podManifest() } },
    });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createScenario).toMatchObject({ revisionCount: 1 });
    expect((await restCreate(base, 'rest after')).status).toBe(201);
    const readyBody = (await (await fetch(`${base}/readyz`)).json()) as Record<string, unknown>;
    expect(readyBody).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, migrations: { status: 'up' } },
    });

    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    try {
      const applied = await admin.query(
        'SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
      );
      expect(applied.rows[0].n).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // The line is written when the migrations finish, with the next block of log output.
    await service.waitForMessage(/^database ready: /);
    const messages = service.messages();
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^migrations not applied \(attempt \d+\): .*retrying in [\d.]+ s$/),
        expect.stringMatching(
          /^database ready: \d+ migration\(s\) applied, 0 already there \(attempt \d+\)/,
        ),
      ]),
    );
    // Nothing was logged as a 500 meanwhile.
    expect(service.lines().filter((l) => /"status(Code)?":500\b/.test(l))).toEqual([]);
    expect(service.child.exitCode).toBeNull();
  });
});
