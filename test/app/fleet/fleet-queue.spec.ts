// The fleet job queue (pg-boss) against a real PostgreSQL: the job's report equals the CLI's for the
// same dump, a chunk processed twice is counted once, and a worker killed mid-chunk loses nothing.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { runFleet } from '../../../src/cli/fleet';
import { formatFleetJson, formatFleetSarif } from '../../../src/engine';
import { FleetQueue } from '../../../src/modules/fleet/fleet-queue';
import type { FleetJobOptions } from '../../../src/modules/fleet/fleet-queue';
import { testDatabaseUrl } from '../../support/app';

const DUMP = path.join(__dirname, '..', '..', 'engine', 'fleet', 'fixtures', 'cluster.yaml');
const OPTIONS: FleetJobOptions = { kubernetesVersion: '1.33' };

async function cliJson(format: 'json' | 'sarif'): Promise<string> {
  let out = '';
  const code = await runFleet(
    [DUMP],
    { format, kubernetesVersion: '1.33', workers: 0, chunkSize: 3 },
    {
      stdout: (s) => (out += s),
      stderr: () => undefined,
      stdin: () => createReadStream(DUMP),
      stderrIsTty: false,
      writeFile: () => undefined,
    },
  );
  expect(code).toBe(0);
  return out;
}

async function waitFor<T>(what: string, fn: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('fleet report jobs on pg-boss', () => {
  const url = testDatabaseUrl();
  let teamId: string;
  let otherTeam: string;
  const db = new Client({ connectionString: url });

  beforeAll(async () => {
    await db.connect();
    teamId = randomUUID();
    otherTeam = randomUUID();
    await db.query('INSERT INTO team (id, name) VALUES ($1, $2), ($3, $4)', [
      teamId,
      `fleet-${teamId}`,
      otherTeam,
      `fleet-${otherTeam}`,
    ]);
  });
  afterAll(async () => {
    await db.end();
  });

  it('cuts the dump into chunks any worker takes; the report equals the CLI report', async () => {
    const queue = new FleetQueue(url, { chunkSize: 3, bossSchema: 'pgboss_fleet_a' });
    try {
      const job = await queue.submit(teamId, createReadStream(DUMP), OPTIONS, DUMP);
      expect(job.status).toBe('queued');
      // 12 objects in chunks of 3.
      expect(job.objectCount).toBe(12);
      expect(job.totalChunks).toBe(4);
      expect(job.doneChunks).toBe(0);
      // Tenancy: another team does not see the job.
      expect(await queue.get(otherTeam, job.id)).toBeNull();
      await queue.work();
      const stored = await waitFor('the report', () => queue.report(teamId, job.id));
      const done = await queue.get(teamId, job.id);
      expect(done).toMatchObject({ status: 'done', doneChunks: 4, totalChunks: 4 });
      expect(formatFleetJson(stored.report)).toBe(await cliJson('json'));
      expect(formatFleetSarif(stored.report, stored.findings, '0.1.0')).toBe(
        await cliJson('sarif'),
      );
      expect(await queue.report(otherTeam, job.id)).toBeNull();
      // Listed newest first with keyset pagination.
      const second = await queue.submit(teamId, readFileSync(DUMP, 'utf8'), OPTIONS, DUMP);
      const page1 = await queue.list(teamId, 1, null);
      expect(page1.map((j) => j.id)).toEqual([second.id]);
      const page2 = await queue.list(teamId, 5, page1[0]!);
      expect(page2.map((j) => j.id)).toEqual([job.id]);
      expect(await queue.list(otherTeam, 5, null)).toEqual([]);
    } finally {
      await queue.stop();
    }
  });

  it('counts a chunk once however often it is processed (a retry after the result was saved)', async () => {
    const queue = new FleetQueue(url, { chunkSize: 3, bossSchema: 'pgboss_fleet_b' });
    try {
      const job = await queue.submit(teamId, readFileSync(DUMP, 'utf8'), OPTIONS, DUMP);
      expect(await queue.processChunk(job.id, 0)).toBe('counted');
      expect(await queue.processChunk(job.id, 0)).toBe('already');
      // Two workers racing on the same chunk: one result, one count.
      const race = await Promise.all([
        queue.processChunk(job.id, 1),
        queue.processChunk(job.id, 1),
      ]);
      expect(race.sort()).toEqual(['already', 'counted']);
      expect(await queue.get(teamId, job.id)).toMatchObject({ doneChunks: 2, status: 'running' });
      for (let seq = 2; seq < job.totalChunks; seq++) await queue.processChunk(job.id, seq);
      expect(await queue.processChunk(job.id, 3)).toBe('already');
      expect(await queue.processChunk(job.id, 4)).toBe('gone');
      expect(await queue.get(teamId, job.id)).toMatchObject({ doneChunks: 4 });
      await queue.work();
      const stored = await waitFor('the report', () => queue.report(teamId, job.id));
      expect(formatFleetJson(stored.report)).toBe(await cliJson('json'));
    } finally {
      await queue.stop();
    }
  });

  it('retries the chunk of a worker process killed mid-chunk; nothing is lost or doubled', async () => {
    const schema = 'pgboss_fleet_kill';
    const policy = { chunkSize: 3, bossSchema: schema, expireInSeconds: 2, retryLimit: 3 };
    const submitter = new FleetQueue(url, policy);
    await submitter.start();
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        path.join(__dirname, '..', '..', 'support', 'fleet-hung-worker.ts'),
      ],
      {
        env: { ...process.env, DATABASE_URL: url, FLEET_BOSS_SCHEMA: schema },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const rescuer = new FleetQueue(url, { ...policy, superviseIntervalSeconds: 1 });
    try {
      await waitFor(
        'the worker',
        () => Promise.resolve(out.includes('working') ? true : null),
        60_000,
      );
      const job = await submitter.submit(teamId, readFileSync(DUMP, 'utf8'), OPTIONS, DUMP);
      await waitFor('a chunk taken', () => Promise.resolve(out.includes('taken') ? true : null));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      // The killed worker's chunk is still active in pg-boss; another replica's worker takes the
      // rest now and the killed chunk once its job expires.
      await rescuer.work();
      const stored = await waitFor('the report', () => rescuer.report(teamId, job.id), 60_000);
      expect(await rescuer.get(teamId, job.id)).toMatchObject({ status: 'done', doneChunks: 4 });
      const retried = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${schema}.job WHERE name = 'fleet-chunk' AND data->>'reportId' = $1 AND retry_count > 0`,
        [job.id],
      );
      expect(Number(retried.rows[0]!.n)).toBeGreaterThanOrEqual(1);
      expect(formatFleetJson(stored.report)).toBe(await cliJson('json'));
    } catch (e) {
      throw new Error(`${(e as Error).message}; worker said: ${out}`, { cause: e });
    } finally {
      child.kill('SIGKILL');
      await rescuer.stop();
      await submitter.stop();
    }
  }, 120_000);
  it('fails the report, without internals, when a chunk fails on every attempt', async () => {
    const queue = new FleetQueue(url, {
      chunkSize: 3,
      bossSchema: 'pgboss_fleet_c',
      retryLimit: 1,
      runChunk: () => Promise.reject(new Error('engine exploded at /secret/path.ts:12')),
    });
    try {
      const job = await queue.submit(teamId, readFileSync(DUMP, 'utf8'), OPTIONS, DUMP);
      await queue.work();
      const failed = await waitFor('the failure', async () => {
        const j = await queue.get(teamId, job.id);
        return j?.status === 'failed' ? j : null;
      });
      expect(failed.error).toMatch(/^chunk \d+ could not be analysed in 2 attempts$/);
      expect(await queue.report(teamId, job.id)).toBeNull();
    } finally {
      await queue.stop();
    }
  });
});
