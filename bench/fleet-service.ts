// Fleet through the service's queue (issue 16, 5): two replicas on this machine share one job of
// N workloads (default 50,000), one is SIGKILLed mid-job, and the report must still count every
// chunk once and equal the CLI's. `node -r @swc-node/register bench/fleet-service.ts [N]`; uses
// DATABASE_URL or starts an embedded PostgreSQL under .data/. Run once, not in jest.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { applyMigrations } from '../src/database/migrate';
import { formatFleetJson } from '../src/engine';
import { FleetQueue } from '../src/modules/fleet/fleet-queue';
import { generateFleetDump } from './fleet';

const ROOT = path.resolve(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchFleetService(workloads = 50_000): Promise<void> {
  let url = process.env.DATABASE_URL;
  let stopDb: (() => Promise<void>) | null = null;
  const base = path.join(ROOT, '.data');
  mkdirSync(base, { recursive: true });
  if (!url) {
    const dataDir = mkdtempSync(path.join(base, 'bench-'));
    const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' });
    url = db.url;
    stopDb = async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  await applyMigrations(url);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-service-'));
  const file = path.join(dir, 'dump.yaml');
  writeFileSync(file, generateFleetDump(workloads));
  const teamId = randomUUID();
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('INSERT INTO team (id, name) VALUES ($1, $2)', [teamId, `bench-${teamId}`]);

  const replicas = [0, 1].map(() =>
    spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(__dirname, 'fleet-replica.ts')],
      {
        env: { ...process.env, DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ),
  );
  await Promise.all(
    replicas.map(
      (r) =>
        new Promise<void>((resolve) =>
          r.stdout.on('data', (d: Buffer) => d.toString().includes('working') && resolve()),
        ),
    ),
  );
  const submitter = new FleetQueue(url, { expireInSeconds: 15 });
  const t0 = Date.now();
  const job = await submitter.submit(
    teamId,
    createReadStream(file),
    { kubernetesVersion: '1.33' },
    file,
  );
  const uploaded = Date.now() - t0;
  let killedAt: number | null = null;
  for (;;) {
    const j = (await submitter.get(teamId, job.id))!;
    if (killedAt === null && j.doneChunks >= job.totalChunks * 0.4) {
      replicas[0]!.kill('SIGKILL');
      killedAt = j.doneChunks;
    }
    if (j.status === 'done' || j.status === 'failed') break;
    await sleep(200);
  }
  const total = Date.now() - t0;
  const stored = (await submitter.report(teamId, job.id))!;
  const counts = await client.query<{ done: string; results: string; retried: string }>(
    `SELECT (SELECT done_chunks FROM fleet_report WHERE id = $1) AS done,
            (SELECT count(*) FROM fleet_chunk WHERE report_id = $1 AND result IS NOT NULL) AS results,
            (SELECT count(*) FROM pgboss.job WHERE name = 'fleet-chunk' AND data->>'reportId' = $1::text AND retry_count > 0) AS retried`,
    [job.id],
  );
  // The CLI on the same file, for the comparison.
  const cli = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'sidecar-lens.js'), 'fleet', file, '--format', 'json', '-k', '1.33'],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const same = cli.status === 0 && cli.stdout === formatFleetJson(stored.report);
  const c = counts.rows[0]!;
  console.log(
    `fleet service: ${workloads} workloads (${job.objectCount} objects, ${job.totalChunks} chunks), 2 replicas, one SIGKILLed at ${killedAt}/${job.totalChunks} chunks: upload ${(uploaded / 1000).toFixed(1)} s, done in ${(total / 1000).toFixed(1)} s; counted ${c.done}/${job.totalChunks} chunks (${c.results} results), ${c.retried} chunk jobs retried; workloads counted ${stored.report.objects.counted}; equals the CLI: ${same ? 'yes' : 'NO'}`,
  );
  await Promise.all(
    replicas.map((r) =>
      r.exitCode !== null || r.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => {
            r.once('exit', resolve);
            r.kill('SIGTERM');
          }),
    ),
  );
  await submitter.stop();
  await client.end();
  rmSync(dir, { recursive: true, force: true });
  await stopDb?.();
}

if (require.main === module) {
  benchFleetService(Number(process.argv[2] ?? 50_000)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
