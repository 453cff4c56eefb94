import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';
import type { GqlResponse } from '../../support/app';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import { ADD, CREATE, GET, podManifest } from './scenario-fixtures';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL of this test alone, run by private-postgres.mjs in a child process. */
class PrivatePostgres {
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void) | null = null;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(line);
      } else {
        this.lines.push(line);
      }
    });
  }

  static async start(dataDir: string, port: number): Promise<{ pg: PrivatePostgres; url: string }> {
    const child = spawn(
      process.execPath,
      [path.join(__dirname, 'private-postgres.mjs'), dataDir, String(port)],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const pg = new PrivatePostgres(child);
    const ready = await pg.next();
    return { pg, url: ready.replace(/^ready /, '') };
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async command(cmd: 'stop' | 'start'): Promise<void> {
    this.child.stdin.write(`${cmd}\n`);
    await this.next();
  }

  async exit(): Promise<void> {
    const done = new Promise((r) => this.child.once('exit', r));
    this.child.stdin.write('exit\n');
    await done;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An admin connection that holds the scenario row lock, so a save blocks inside its transaction. */
async function lockScenario(url: string, scenarioId: string): Promise<Client> {
  const admin = new Client({ connectionString: url, application_name: 'fault-admin' });
  admin.on('error', () => undefined); // terminated on purpose in some tests
  await admin.connect();
  await admin.query('BEGIN');
  await admin.query('SELECT 1 FROM scenario WHERE id = $1 FOR UPDATE', [scenarioId]);
  return admin;
}

/** The backend pid of the service's save that waits on the admin's lock. */
async function blockedSave(admin: Client): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const r = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE application_name = 'sidecar-lens' AND pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
    );
    if (r.rows[0]) return r.rows[0].pid;
    await sleep(20);
  }
  throw new Error('the save never blocked on the lock');
}

async function consistency(url: string, scenarioId: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ latest_revision: number; revisions: number; max: number | null }>(
      `SELECT s.latest_revision,
              (SELECT count(*)::int FROM scenario_revision r WHERE r.scenario_id = s.id) AS revisions,
              (SELECT max(number) FROM scenario_revision r WHERE r.scenario_id = s.id) AS max
       FROM scenario s WHERE s.id = $1`,
      [scenarioId],
    );
    return r.rows[0];
  } finally {
    await c.end();
  }
}

const createScenario = async (app: NestFastifyApplication, name: string): Promise<string> => {
  const res = await gql<{ createScenario: { id: string } }>(app, CREATE, {
    input: { name, analysis: { manifest: podManifest() } },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.createScenario.id;
};

const addRevision = (app: NestFastifyApplication, id: string, cpu = '300m') =>
  gql<{ addRevision: { number: number } }>(app, ADD, {
    id,
    input: { manifest: podManifest({ cpu }) },
  });

describe('a saturated connection pool', () => {
  it('fails fast with SERVICE_UNAVAILABLE instead of hanging', async () => {
    const url = testDatabaseUrl();
    const app = await bootApp({ dbPoolMax: 1, dbPoolAcquireTimeoutMs: 300 });
    try {
      const id = await createScenario(app, 'pool saturation');
      const admin = await lockScenario(url, id);
      // This save takes the pool's only connection and waits, inside its transaction, on the lock.
      const holding = addRevision(app, id);
      await blockedSave(admin);

      const started = performance.now();
      const res = await gql(app, GET, { id });
      const elapsed = performance.now() - started;
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
      });
      expect(elapsed).toBeLessThan(2000);
      const rest = await app.inject({ method: 'GET', url: `/v1/scenarios/${id}` });
      expect(rest.statusCode).toBe(503);
      expect(rest.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

      await admin.query('COMMIT');
      await admin.end();
      const held: GqlResponse<{ addRevision: { number: number } }> = await holding;
      expect(held.errors).toBeUndefined();
      expect(held.data!.addRevision.number).toBe(2);
    } finally {
      await app.close();
    }
  });
});

describe('the database going away in the middle of a save (private PostgreSQL)', () => {
  let dataDir: string;
  let pg: PrivatePostgres;
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    const base = path.join(ROOT, '.data');
    mkdirSync(base, { recursive: true });
    dataDir = mkdtempSync(path.join(base, 'fault-'));
    chmodSync(dataDir, 0o755);
    ({ pg, url } = await PrivatePostgres.start(dataDir, await freePort()));
    app = await bootApp({ dbPoolAcquireTimeoutMs: 1000 }, url);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await pg?.exit();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a backend terminated while the save waits: SERVICE_UNAVAILABLE, nothing half-written, next save works', async () => {
    const id = await createScenario(app, 'terminated backend');
    const admin = await lockScenario(url, id);
    const pending = addRevision(app, id);
    const pid = await blockedSave(admin);
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    const res = await pending;
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(res.errors?.[0]?.message).toMatch(/database is unavailable; nothing was saved/);
    await admin.query('ROLLBACK');
    await admin.end();

    expect(await consistency(url, id)).toEqual({ latest_revision: 1, revisions: 1, max: 1 });
    const next = await addRevision(app, id, '400m');
    expect(next.errors).toBeUndefined();
    expect(next.data!.addRevision.number).toBe(2);
  });

  it('the server stopped while the save waits: SERVICE_UNAVAILABLE, and after restart counter and rows agree', async () => {
    const id = await createScenario(app, 'server stopped');
    await addRevision(app, id);
    const admin = await lockScenario(url, id);
    const pending = addRevision(app, id, '700m');
    await blockedSave(admin);
    const stopping = pg.command('stop');
    const res = await pending;
    await stopping;
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

    // While it is down, requests fail fast and clearly.
    const down = await gql(app, GET, { id });
    expect(down.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

    await pg.command('start');
    expect(await consistency(url, id)).toEqual({ latest_revision: 2, revisions: 2, max: 2 });
    let next = await addRevision(app, id, '800m');
    // The pool may hand out one connection that died with the server before noticing.
    for (let i = 0; i < 3 && next.errors; i++) next = await addRevision(app, id, '800m');
    expect(next.errors).toBeUndefined();
    expect(next.data!.addRevision.number).toBe(3);
    expect(await consistency(url, id)).toEqual({ latest_revision: 3, revisions: 3, max: 3 });
  }, 120_000);
});

describe('a save stuck behind a lock', () => {
  it('gives up after the lock timeout (3 s) with a retryable SERVICE_UNAVAILABLE and writes nothing', async () => {
    const url = testDatabaseUrl();
    const app = await bootApp();
    try {
      const id = await createScenario(app, 'slow lock');
      const admin = await lockScenario(url, id);
      const started = performance.now();
      const res = await addRevision(app, id);
      const elapsed = performance.now() - started;
      await admin.query('ROLLBACK');
      await admin.end();
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
        retryAfterSeconds: 1,
      });
      expect(elapsed).toBeGreaterThan(2500);
      expect(elapsed).toBeLessThan(6000);
      expect(await consistency(url, id)).toEqual({ latest_revision: 1, revisions: 1, max: 1 });
    } finally {
      await app.close();
    }
  }, 30_000);
});
