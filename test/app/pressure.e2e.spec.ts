// Issue 11 item 1: database pressure (a busy pool, a table locked by a migration or a long query)
// is a retryable SERVICE_UNAVAILABLE / 503 with Retry-After within the documented request
// deadline (DB_REQUEST_DEADLINE_MS, DB_LOCK_TIMEOUT_MS), never a 500 and never a 15 s hang.
// PostgreSQL's error codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
// (55P03 lock_not_available, 57014 query_canceled); Prisma's P2028 (transaction could not start)
// and P2024 (pool timeout): https://www.prisma.io/docs/orm/reference/error-reference
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { bootApp, gql, testDatabaseUrl } from '../support/app';
import { ADD, CREATE, GET, podManifest } from './scenarios/scenario-fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function admin(url: string): Promise<Client> {
  const c = new Client({ connectionString: url, application_name: 'pressure-admin' });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

const createScenario = async (app: NestFastifyApplication, name: string): Promise<string> => {
  const res = await gql<{ createScenario: { id: string } }>(app, CREATE, {
    input: { name, analysis: { manifest: podManifest() } },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.createScenario.id;
};

/** Waits until a backend of the service waits on a lock the admin holds. */
async function waitBlocked(a: Client): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await a.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'sidecar-lens'
       AND pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
    );
    if (r.rowCount) return;
    await sleep(20);
  }
  throw new Error('nothing blocked on the lock');
}

const restSave = (app: NestFastifyApplication, id: string, cpu: string) =>
  app.inject({
    method: 'POST',
    url: `/v1/scenarios/${id}/revisions`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ manifest: podManifest({ cpu }) }),
  });

describe('database pressure is 503 + Retry-After, never 500', () => {
  it('20 saves on a busy pool (its only connection held): every one SERVICE_UNAVAILABLE, retryable, fast', async () => {
    const url = testDatabaseUrl();
    // The default acquire timeout (2 s) equals Prisma's default transaction maxWait: P2028 raced P2024.
    const app = await bootApp({ dbPoolMax: 1 });
    const a = await admin(url);
    try {
      const id = await createScenario(app, 'busy pool');
      const other = await createScenario(app, 'busy pool other');
      await a.query('BEGIN');
      await a.query('SELECT 1 FROM scenario WHERE id = $1 FOR UPDATE', [id]);
      // This save takes the pool's only connection and waits inside its transaction.
      const holding = gql(app, ADD, { id, input: { manifest: podManifest({ cpu: '301m' }) } });
      await waitBlocked(a);

      const started = performance.now();
      const [saves, rest] = await Promise.all([
        Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            gql(app, ADD, { id: other, input: { manifest: podManifest({ cpu: `${400 + i}m` }) } }),
          ),
        ),
        Promise.all(Array.from({ length: 10 }, (_, i) => restSave(app, other, `${500 + i}m`))),
      ]);
      const elapsed = performance.now() - started;
      for (const s of saves) {
        expect(s.errors?.[0]?.extensions).toMatchObject({
          code: 'SERVICE_UNAVAILABLE',
          retryable: true,
        });
        expect(Number(s.errors?.[0]?.extensions?.retryAfterSeconds)).toBeGreaterThanOrEqual(1);
      }
      for (const r of rest) {
        expect(r.statusCode).toBe(503);
        expect(r.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      expect(elapsed).toBeLessThan(5000);
      await a.query('ROLLBACK');
      const held = await holding;
      expect(held.errors).toBeUndefined();
    } finally {
      await a.end();
      await app.close();
    }
  }, 30_000);

  it('a table locked by a migration: reads and saves answer 503 within the lock timeout, not after 15 s', async () => {
    const url = testDatabaseUrl();
    const app = await bootApp({ dbLockTimeoutMs: 1000 });
    const a = await admin(url);
    try {
      const id = await createScenario(app, 'locked table');
      await a.query('BEGIN');
      await a.query('LOCK TABLE scenario IN ACCESS EXCLUSIVE MODE');

      const started = performance.now();
      const [read, save, create, restRead] = await Promise.all([
        gql(app, GET, { id }),
        gql(app, ADD, { id, input: { manifest: podManifest({ cpu: '333m' }) } }),
        gql(app, CREATE, { input: { name: 'during lock', analysis: { manifest: podManifest() } } }),
        app.inject({ method: 'GET', url: `/v1/scenarios/${id}` }),
      ]);
      const elapsed = performance.now() - started;
      await a.query('ROLLBACK');
      for (const r of [read, save, create]) {
        expect(r.errors?.[0]?.extensions).toMatchObject({
          code: 'SERVICE_UNAVAILABLE',
          retryable: true,
        });
      }
      expect(restRead.statusCode).toBe(503);
      expect(Number(restRead.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(elapsed).toBeLessThan(4000);
    } finally {
      await a.end();
      await app.close();
    }
  }, 30_000);

  it('a long statement is cancelled at the request deadline (57014) and answered 503', async () => {
    const url = testDatabaseUrl();
    const app = await bootApp({ dbRequestDeadlineMs: 1000, dbLockTimeoutMs: 5000 });
    const a = await admin(url);
    try {
      const id = await createScenario(app, 'slow statement');
      // A row lock makes the save's UPDATE wait longer than the deadline but shorter than the lock timeout.
      await a.query('BEGIN');
      await a.query('SELECT 1 FROM scenario WHERE id = $1 FOR UPDATE', [id]);
      const started = performance.now();
      const res = await restSave(app, id, '444m');
      const elapsed = performance.now() - started;
      await a.query('ROLLBACK');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(elapsed).toBeLessThan(3000);
    } finally {
      await a.end();
      await app.close();
    }
  }, 30_000);
});
