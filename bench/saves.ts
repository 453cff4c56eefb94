// Persistence throughput (issue 12, target 5): revision saves per second, and listing 100 of
// 100,000 scenarios.
//   node -r @swc-node/register bench/saves.ts
// A "save" here is persisting one already analysed revision (manifest, report, summary columns)
// through ScenarioRepository.addRevision, the path every REST and GraphQL save ends in; the
// analysis is not part of it (it runs before, outside any transaction, and is measured by the
// engine benchmarks). Many savers run at once against their own scenarios, so the repository
// groups their statements (group commit). The yardstick is the
// same save through Prisma's default path (an interactive transaction, the report through
// Prisma's JSON serialisation), measured in the same run.
// Uses DATABASE_URL, or starts an embedded PostgreSQL in a temporary data directory (removed after).
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { applyMigrations } from '../src/database/migrate';
import type { PrismaService } from '../src/database/prisma.service';
import { analyzeManifest, portableReport } from '../src/engine';
import { Prisma, PrismaClient } from '../src/generated/prisma/client';
import { ScenarioRepository } from '../src/modules/scenarios/scenario.repository';
import type { NewRevision } from '../src/modules/scenarios/scenario.types';
import { summarize } from '../src/modules/scenarios/stored-report';
import { benchScenarioList } from './list-scenarios';

const ROOT = path.resolve(__dirname, '..');
const TARGET_SAVES_PER_SECOND = 3500;

/** A Deployment with a native sidecar, an init container and the app: a typical saved manifest. */
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  labels: {app: checkout, team: payments}
spec:
  replicas: 3
  selector: {matchLabels: {app: checkout}}
  template:
    metadata: {labels: {app: checkout}}
    spec:
      terminationGracePeriodSeconds: 45
      initContainers:
      - name: migrate
        image: registry.example.com/checkout-migrate:1.4.2
        resources: {requests: {cpu: 200m, memory: 128Mi}, limits: {memory: 256Mi}}
      - name: proxy
        image: envoyproxy/envoy:v1.31.0
        restartPolicy: Always
        startupProbe: {httpGet: {path: /ready, port: 9901}, periodSeconds: 2, failureThreshold: 15}
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
      containers:
      - name: app
        image: registry.example.com/checkout:2.8.0
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /healthz, port: 8080}, initialDelaySeconds: 5, periodSeconds: 5}
        lifecycle: {preStop: {exec: {command: [sleep, "10"]}}}
        resources: {requests: {cpu: 500m, memory: 512Mi}, limits: {cpu: "1", memory: 512Mi}}
`;

function analysedRevision(): NewRevision {
  const result = analyzeManifest(MANIFEST);
  if (!result.ok) throw new Error('the bench manifest did not analyse');
  const report = result.report;
  return {
    manifest: MANIFEST,
    kubernetesVersion: report.kubernetesVersion,
    timing: null,
    // As ScenariosService stores it: the pictures' data, not the pictures (drawn when read).
    report: portableReport(report),
    reportSchemaVersion: report.schemaVersion,
    summary: summarize(MANIFEST, report),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** DATABASE_URL, or a fresh embedded PostgreSQL (as test/setup/global-setup.mjs), migrated. */
async function openDatabase(): Promise<{
  url: string;
  /** The embedded cluster's directory (its server's CPU time is counted), null for DATABASE_URL. */
  clusterDir: string | null;
  close: () => Promise<void>;
}> {
  const given = process.env.DATABASE_URL;
  if (given) {
    await applyMigrations(given);
    return { url: given, clusterDir: null, close: async () => undefined };
  }
  const base = path.join(ROOT, '.data');
  mkdirSync(base, { recursive: true });
  chmodSync(base, 0o755);
  const dataDir = mkdtempSync(path.join(base, 'bench-saves-'));
  chmodSync(dataDir, 0o755);
  const db = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'sidecar_lens_bench',
  });
  try {
    await applyMigrations(db.url);
  } catch (e) {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    throw e;
  }
  return {
    url: db.url,
    clusterDir: path.join(dataDir, 'pg'),
    close: async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

type Save = (scenarioId: string) => Promise<unknown>;

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) of the PostgreSQL server of a cluster: postmaster and children. */
function serverCpuSeconds(clusterDir: string | null): number | null {
  if (!clusterDir) return null;
  try {
    const postmaster = Number(
      readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      if (pid === postmaster || ppid === postmaster) {
        ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
      }
    }
    return ticks / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

interface Rate {
  perSecond: number;
  /** CPU microseconds per save: this process, and the database server when it is ours. */
  nodeUs: number;
  serverUs: number | null;
}

/** Saves per second with `savers` concurrent loops for `seconds`, each on its own scenarios. */
async function throughput(
  save: Save,
  scenarios: string[],
  savers: number,
  seconds: number,
  clusterDir: string | null = null,
): Promise<Rate> {
  let done = 0;
  const cpu0 = process.cpuUsage();
  const server0 = serverCpuSeconds(clusterDir);
  let stop = false;
  const loop = async (i: number): Promise<void> => {
    for (let n = 0; !stop; n++) {
      await save(scenarios[(i + n * savers) % scenarios.length]!);
      done++;
    }
  };
  const t0 = performance.now();
  const timer = setTimeout(() => {
    stop = true;
  }, seconds * 1000);
  await Promise.all(Array.from({ length: savers }, (_, i) => loop(i)));
  clearTimeout(timer);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = serverCpuSeconds(clusterDir);
  return {
    perSecond: done / elapsed,
    nodeUs: (cpu.user + cpu.system) / done,
    serverUs: server0 === null || server1 === null ? null : ((server1 - server0) * 1e6) / done,
  };
}

const cpuText = (r: Rate): string =>
  `CPU per save ${r.nodeUs.toFixed(0)} us here${r.serverUs === null ? '' : ` + ${r.serverUs.toFixed(0)} us PostgreSQL = ${(r.nodeUs + r.serverUs).toFixed(0)} us, ${(2e6 / (r.nodeUs + r.serverUs)).toFixed(0)} saves/s on 2 free cores`}`;

/**
 * Runs target 5 and returns its verdict lines (also used by bench/run.ts):
 * `target persistence-saves: ...` and `target persistence-list: ...`, each ending PASS or FAIL.
 */
export async function benchPersistence(
  opts: {
    seconds?: number;
    savers?: number;
    listScenarios?: number;
    log?: (l: string) => void;
  } = {},
): Promise<string[]> {
  const seconds = opts.seconds ?? Number(process.env.BENCH_SAVE_SECONDS ?? 5);
  const savers = opts.savers ?? Number(process.env.BENCH_SAVERS ?? 32);
  const log = opts.log ?? ((l: string) => console.log(l));
  const db = await openDatabase();
  const poolSize = Number(process.env.BENCH_POOL ?? 8);
  const pool = new pg.Pool({
    connectionString: db.url,
    max: poolSize,
    application_name: 'bench-saves',
    // Connections stay open for the whole run: the server's CPU is summed over its live
    // processes, and a backend closed when idle (pg's default after 10 s) takes its CPU time with it.
    idleTimeoutMillis: 0,
  });
  // An idle connection the server ends (the database stopping at the end of the run) is not a
  // failure of the bench: pg emits it on the pool, and an unhandled 'error' event would crash it.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const lines: string[] = [];
  try {
    // The repository's save path uses only the pool (the adapter's) and these options.
    const repo = new ScenarioRepository({
      pool,
      transactionOptions: { maxWait: 2000, timeout: 5000 },
    } as unknown as PrismaService);
    const rev = analysedRevision();
    const reportBytes = Buffer.byteLength(JSON.stringify(rev.report));
    const team = await pool.query<{ id: string }>(
      'INSERT INTO "team" ("id", "name") VALUES (gen_random_uuid(), $1) RETURNING "id"',
      [`bench-saves-${randomUUID()}`],
    );
    const teamId = team.rows[0]!.id;
    const scenarios: string[] = [];
    for (let i = 0; i < savers * 4; i++) {
      const created = await repo.createScenario(
        teamId,
        { name: `bench ${i}`, description: null, tags: ['bench'] },
        rev,
      );
      scenarios.push(created!.scenario.id);
    }

    // Yardstick: the same save through Prisma's default path (what the repository did before).
    const prismaSave: Save = (scenarioId) =>
      prisma.$transaction(
        async (tx) => {
          const counted = await tx.$queryRaw<{ latest_revision: number }[]>`
          UPDATE "scenario" SET "latest_revision" = "latest_revision" + 1, "updated_at" = now()
          WHERE "id" = ${scenarioId}::uuid AND "team_id" = ${teamId}::uuid
          RETURNING "latest_revision"`;
          return tx.scenarioRevision.create({
            data: {
              scenarioId,
              number: counted[0]!.latest_revision,
              manifest: rev.manifest,
              kubernetesVersion: rev.kubernetesVersion,
              timing: Prisma.DbNull,
              report: rev.report as Prisma.InputJsonValue,
              reportSchemaVersion: rev.reportSchemaVersion,
              ...rev.summary,
            },
            select: { id: true, number: true, createdAt: true },
          });
          // Savers queue for the pool here: wait as long as it takes (a figure, not a deadline).
        },
        { maxWait: 60_000, timeout: 60_000 },
      );
    const rawSave: Save = async (scenarioId) => {
      const outcome = await repo.addRevision(teamId, scenarioId, rev);
      if (outcome.kind !== 'saved') throw new Error(`save failed: ${outcome.kind}`);
    };
    const keyedSave: Save = async (scenarioId) => {
      const found = await repo.claimIdempotencyKey(
        teamId,
        randomUUID(),
        'addRevision',
        'bench',
        randomUUID(),
      );
      if (found.state !== 'claimed') throw new Error(`claim: ${found.state}`);
      const outcome = await repo.addRevision(teamId, scenarioId, rev, { claim: found.claim });
      if (outcome.kind !== 'saved') throw new Error(`save failed: ${outcome.kind}`);
    };

    log(
      `persistence: a save = persisting one already analysed revision (${(MANIFEST.length / 1024).toFixed(1)} KB manifest, ${(reportBytes / 1024).toFixed(1)} KB report JSON, summary columns) through ScenarioRepository.addRevision; analysis not included; ${savers} concurrent savers on ${scenarios.length} scenarios, pool of ${poolSize}, ${seconds} s each`,
    );
    await throughput(rawSave, scenarios, savers, 1); // warm-up
    await throughput(prismaSave, scenarios, savers, 1);
    const prisma_ = await throughput(prismaSave, scenarios, savers, seconds, db.clusterDir);
    const groups0 = { ...repo.groupCommits };
    const raw = await throughput(rawSave, scenarios, savers, seconds, db.clusterDir);
    const groupSize =
      (repo.groupCommits.saves - groups0.saves) /
      Math.max(1, repo.groupCommits.statements - groups0.statements);
    const keyed = await throughput(keyedSave, scenarios, savers, seconds, db.clusterDir);
    const load = os.loadavg()[0]!;
    log(
      `persistence: machine load average ${load.toFixed(1)} on ${os.availableParallelism()} cores while measuring${load > os.availableParallelism() ? ' (oversubscribed: wall-clock figures are low; the CPU per save is the steadier figure)' : ''}`,
    );
    log(
      `persistence: Prisma default path      ${prisma_.perSecond.toFixed(0)} saves/s; ${cpuText(prisma_)}`,
    );
    log(
      `persistence: repository (pg, grouped) ${raw.perSecond.toFixed(0)} saves/s; ${cpuText(raw)}; ${groupSize.toFixed(1)} saves per group statement`,
    );
    log(
      `persistence: with an Idempotency-Key  ${keyed.perSecond.toFixed(0)} saves/s; ${cpuText(keyed)}`,
    );
    const rawRate = raw.perSecond;
    const prismaRate = prisma_.perSecond;

    // Gapless and complete: every scenario's counter is its revision count and its highest number.
    const broken = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM (
         SELECT s."id" FROM "scenario" s JOIN "scenario_revision" r ON r."scenario_id" = s."id"
         WHERE s."team_id" = $1::uuid GROUP BY s."id", s."latest_revision"
         HAVING count(*) <> s."latest_revision" OR max(r."number") <> s."latest_revision") x`,
      [teamId],
    );
    const gapless = broken.rows[0]!.n === 0;
    log(`persistence: revision numbers gapless after the run: ${gapless ? 'yes' : 'NO'}`);
    const pass = rawRate >= TARGET_SAVES_PER_SECOND && gapless;
    lines.push(
      `target persistence-saves: ${rawRate.toFixed(0)} saves/s vs target ${TARGET_SAVES_PER_SECOND} saves/s = ${(rawRate / TARGET_SAVES_PER_SECOND).toFixed(2)}x (target >= ${TARGET_SAVES_PER_SECOND} saves/s, gapless; yardstick Prisma's default path ${prismaRate.toFixed(0)} saves/s, ${(rawRate / prismaRate).toFixed(2)}x of it) ${pass ? 'PASS' : 'FAIL'}`,
    );
    await pool.query('DELETE FROM "team" WHERE "id" = $1::uuid', [teamId]);

    lines.push(...(await benchScenarioList(db.url, { count: opts.listScenarios, log })));
  } finally {
    await prisma.$disconnect();
    await pool.end().catch(() => undefined);
    await db.close();
  }
  return lines;
}

if (require.main === module) {
  benchPersistence()
    .then((lines) => {
      for (const l of lines) console.log(l);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
