// Seeds N scenarios (default 100 000), each with one revision holding a real analysis report, for
// a team (default "local"), with set-based SQL (generate_series), not N API calls. Idempotent per
// team: seeded scenarios carry the tag "seed" and are numbered, so a second run adds only the
// missing ones.
//   npm run seed -- [--team NAME] [--count N]
import { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadConfig } from '../src/config/config';
import { analyzeManifest } from '../src/engine';
import { summarize } from '../src/modules/scenarios/stored-report';
import { openScriptDatabase } from './script-database';

const BATCH = 5_000;

/** A few realistic variants, so lists, filters and diffs see different shapes. */
function variants(): {
  manifest: string;
  report: unknown;
  kubernetesVersion: string;
  summary: ReturnType<typeof summarize>;
}[] {
  const manifests = [
    { cpu: '250m', sidecar: false },
    { cpu: '250m', sidecar: true },
    { cpu: '1', sidecar: true },
    { cpu: '500m', sidecar: false },
  ].map(({ cpu, sidecar }) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: checkout}',
      'spec:',
      '  replicas: 3',
      '  selector: {matchLabels: {app: checkout}}',
      '  template:',
      '    metadata: {labels: {app: checkout}}',
      '    spec:',
      ...(sidecar
        ? [
            '      initContainers:',
            '      - name: proxy',
            '        image: envoyproxy/envoy:v1.31',
            '        restartPolicy: Always',
            '        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}',
          ]
        : []),
      '      containers:',
      '      - name: app',
      '        image: nginx:1.27',
      `        resources: {requests: {cpu: ${cpu}, memory: 256Mi}, limits: {memory: 256Mi}}`,
      '',
    ].join('\n'),
  );
  return manifests.map((manifest) => {
    const result = analyzeManifest(manifest);
    if (!result.ok) throw new Error('seed manifest did not analyse');
    return {
      manifest,
      report: result.report,
      kubernetesVersion: result.report.kubernetesVersion,
      summary: summarize(manifest, result.report),
    };
  });
}

async function seed(team: string, count: number): Promise<void> {
  const config = loadConfig(process.env);
  const db = await openScriptDatabase(config);
  const client = new Client({ connectionString: db.url, application_name: 'sidecar-lens-seed' });
  await client.connect();
  const started = performance.now();
  try {
    const teamRow = await client.query<{ id: string }>(
      `INSERT INTO "team" ("id", "name") VALUES (gen_random_uuid(), $1)
       ON CONFLICT ("name") DO UPDATE SET "name" = EXCLUDED."name" RETURNING "id"`,
      [team],
    );
    const teamId = teamRow.rows[0]!.id;
    const existing = await client.query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "scenario" WHERE "team_id" = $1 AND "tags" @> ARRAY['seed']`,
      [teamId],
    );
    let from = existing.rows[0]!.n + 1;
    if (from > count) {
      console.log(`team "${team}" already has ${from - 1} seeded scenarios; nothing to do`);
      return;
    }
    const v = JSON.stringify(variants().map((x, idx) => ({ idx, ...x, ...x.summary })));
    while (from <= count) {
      const to = Math.min(from + BATCH - 1, count);
      await client.query('BEGIN');
      // One statement per batch: the scenarios, then their revision 1 from the inserted rows.
      await client.query(
        `WITH "v" AS (
           SELECT * FROM jsonb_to_recordset($4::jsonb) AS x(
             "idx" int, "manifest" text, "report" jsonb, "kubernetesVersion" text,
             "workloadCount" int, "errorCount" int, "warningCount" int, "infoCount" int,
             "findingCount" int, "qosClasses" text[], "podReadyAtSeconds" float8,
             "terminationSeconds" float8, "manifestSha256" text)
         ), "s" AS (
           INSERT INTO "scenario" ("id", "team_id", "name", "description", "tags", "latest_revision", "created_at", "updated_at")
           SELECT gen_random_uuid(), $1, format('seed-%s', lpad(i::text, 6, '0')),
                  'Seeded for load tests', ARRAY['seed', 'group-' || (i % 10)], 1,
                  now() - make_interval(secs => ($5::int - i)), now() - make_interval(secs => ($5::int - i))
           FROM generate_series($2::int, $3::int) AS i
           RETURNING "id", "name", "created_at"
         )
         INSERT INTO "scenario_revision" ("id", "scenario_id", "number", "manifest", "kubernetes_version",
           "report", "report_schema_version", "workload_count", "error_count", "warning_count",
           "info_count", "finding_count", "qos_classes", "pod_ready_at_seconds", "termination_seconds",
           "manifest_sha256", "created_at")
         SELECT gen_random_uuid(), "s"."id", 1, "v"."manifest", "v"."kubernetesVersion", "v"."report",
                ("v"."report"->>'schemaVersion')::int, "v"."workloadCount", "v"."errorCount",
                "v"."warningCount", "v"."infoCount", "v"."findingCount", "v"."qosClasses",
                "v"."podReadyAtSeconds", "v"."terminationSeconds", "v"."manifestSha256", "s"."created_at"
         FROM "s" JOIN "v" ON "v"."idx" = substring("s"."name" from 6)::int % 4`,
        [teamId, from, to, v, count],
      );
      await client.query('COMMIT');
      process.stdout.write(`\rseeded ${to}/${count}`);
      from = to + 1;
    }
    await client.query('ANALYZE "scenario"');
    await client.query('ANALYZE "scenario_revision"');
    process.stdout.write(
      `\nseeded team "${team}" up to ${count} scenarios in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await client.end();
    await db.close();
  }
}

const program = new Command('seed')
  .description('Seed scenarios for a team (idempotent).')
  .option('--team <name>', 'team name', 'local')
  .option('--count <n>', 'number of scenarios', '100000')
  .action(async (opts: { team: string; count: string }) => {
    const count = Number(opts.count);
    if (!Number.isInteger(count) || count < 1 || count > 10_000_000) {
      throw new Error('--count must be a whole number from 1 to 10000000');
    }
    await seed(opts.team, count);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`seed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
