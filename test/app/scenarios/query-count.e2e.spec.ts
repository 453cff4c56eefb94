import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { bootApp, gql } from '../../support/app';
import { ADD, CREATE, podManifest } from './scenario-fixtures';

// Every SQL statement the service sends goes through pg.Client#query (Prisma's pg adapter included).
let sqlCount = 0;
const originalQuery = pg.Client.prototype.query;
beforeAll(() => {
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    sqlCount++;
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(() => {
  pg.Client.prototype.query = originalQuery;
});

const LIST_DEEP = `query List($tag: String!) {
  scenarios(first: 100, filter: { tag: $tag }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id name tags revisionCount
      latestRevision { id number manifest report { kubernetesVersion workloads { kind name } } changes { field before after } }
    } }
  }
}`;

describe('no N+1: a page of 100 scenarios with their latest revision', () => {
  let app: NestFastifyApplication;
  const tag = `count-${randomUUID()}`;

  beforeAll(async () => {
    app = await bootApp();
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await gql<{ createScenario: { id: string } }>(app, CREATE, {
        input: { name: `bulk ${i}`, tags: [tag], analysis: { manifest: podManifest() } },
      });
      expect(res.errors).toBeUndefined();
      ids.push(res.data!.createScenario.id);
    }
    // Some have a second revision, so `changes` reads the previous report too.
    for (const id of ids.slice(0, 20)) {
      const res = await gql(app, ADD, { id, input: { manifest: podManifest({ sidecar: true }) } });
      expect(res.errors).toBeUndefined();
    }
  }, 120_000);
  afterAll(() => app.close());

  it('takes a bounded number of SQL statements (page, count, latest revisions, reports)', async () => {
    sqlCount = 0;
    const res = await gql<{
      scenarios: {
        totalCount: number;
        edges: {
          node: { revisionCount: number; latestRevision: { number: number; changes: unknown[] } };
        }[];
      };
    }>(app, LIST_DEEP, { tag });
    expect(res.errors).toBeUndefined();
    const edges = res.data!.scenarios.edges;
    expect(edges).toHaveLength(100);
    expect(res.data!.scenarios.totalCount).toBe(100);
    expect(edges.filter((e) => e.node.latestRevision.number === 2)).toHaveLength(20);
    expect(edges.filter((e) => e.node.latestRevision.changes.length > 0)).toHaveLength(20);
    // 1 page + 1 count + 1 batch of latest revisions + 1 batch of reports (this and previous).
    expect(sqlCount).toBeLessThanOrEqual(5);
    console.log(
      `list of 100 scenarios with latest revision, report and changes: ${sqlCount} SQL statements`,
    );
  });

  it('a shallow list (no totalCount) is two statements', async () => {
    sqlCount = 0;
    const res = await gql(
      app,
      'query($tag: String!) { scenarios(first: 100, filter: { tag: $tag }) { edges { node { id latestRevision { number } } } } }',
      { tag },
    );
    expect(res.errors).toBeUndefined();
    expect(sqlCount).toBeLessThanOrEqual(2);
  });
});
