// Times listing 100 of a team's scenarios (with latest revision and totalCount) through GraphQL
// on a seeded database, and counts the SQL statements each request sends.
//   npm run seed && node -r @swc-node/register bench/list-scenarios.ts
// Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (as npm start). Team: "local".
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../src/app.setup';
import { loadConfig } from '../src/config/config';
import { openScriptDatabase } from '../scripts/script-database';

let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  statements++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const CASES: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: 'first 100, latestRevision + totalCount',
    query:
      '{ scenarios(first: 100) { totalCount pageInfo { endCursor } edges { node { id name tags latestRevision { number createdAt } } } } }',
  },
  {
    name: 'same, with each report and changes',
    query:
      '{ scenarios(first: 100) { totalCount edges { node { id latestRevision { number report { kubernetesVersion workloads { name } } changes { field } } } } } }',
  },
  {
    name: 'nameContains "00042" (substring scan)',
    query:
      '{ scenarios(first: 100, filter: { nameContains: "00042" }) { totalCount edges { node { id latestRevision { number } } } } }',
  },
  {
    name: 'tag "group-3" (GIN)',
    query:
      '{ scenarios(first: 100, filter: { tag: "group-3" }) { totalCount edges { node { id latestRevision { number } } } } }',
  },
];

async function main(): Promise<void> {
  const runs = Number(process.env.RUNS ?? 30);
  const config = {
    ...loadConfig({ ...process.env, LOG_LEVEL: 'silent' }),
    authMode: 'local' as const,
    workerThreads: 0,
  };
  const db = await openScriptDatabase(config);
  const app = await createApp(config, db.url, { logs: false });
  const fastify = app.getHttpAdapter().getInstance();
  try {
    const total = await fastify.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ scenarios(first: 1) { totalCount } }' }),
    });
    console.log(`team "local": ${JSON.stringify(total.json())}`);
    for (const c of CASES) {
      const times: number[] = [];
      let perRequest = 0;
      for (let i = 0; i < runs + 3; i++) {
        statements = 0;
        const t0 = performance.now();
        const res = await fastify.inject({
          method: 'POST',
          url: '/graphql',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ query: c.query, variables: c.variables ?? {} }),
        });
        const ms = performance.now() - t0;
        const body = res.json() as { errors?: unknown[] };
        if (res.statusCode !== 200 || body.errors) {
          throw new Error(`${c.name}: ${res.body.slice(0, 500)}`);
        }
        if (i >= 3) {
          times.push(ms);
          perRequest = statements;
        }
      }
      times.sort((a, b) => a - b);
      const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
      console.log(
        `${c.name.padEnd(42)} median ${pct(0.5).toFixed(1)} ms  p95 ${pct(0.95).toFixed(1)} ms  SQL statements ${perRequest}`,
      );
    }
  } finally {
    await app.close();
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
