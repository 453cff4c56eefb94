// The scenario list reads each listed scenario's latest revision in the page's own statement and
// starts the exact count with the page. What it answers must be what the other roads answer: the
// latest revision as `scenario(id)` resolves it, the newest-first order and cursors, the count.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ApiKeysService } from '../../../src/modules/auth/api-keys.service';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import type { GqlResponse } from '../../support/app';
import { ADD, CREATE, podManifest } from './scenario-fixtures';

let sql: string[] = [];
const originalQuery = pg.Client.prototype.query;
beforeAll(() => {
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    sql.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text));
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(() => {
  pg.Client.prototype.query = originalQuery;
});

const REVISION = 'id number scenarioId createdAt kubernetesVersion errorCount warningCount';
const ONE = `query($id: ID!) { scenario(id: $id) { latestRevision { ${REVISION} } } }`;
const PAGE = `query($first: Int, $after: String, $filter: ScenarioFilter) {
  scenarios(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name createdAt revisionCount latestRevision { ${REVISION} } } }
  }
}`;

interface Revision {
  id: string;
  number: number;
  scenarioId: string;
}
interface Node {
  id: string;
  name: string;
  createdAt: string;
  revisionCount: number;
  latestRevision: Revision;
}
interface PageData {
  scenarios: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: Node }[];
  };
}

describe('scenario list: latest revision with the page, exact count, order and cursors', () => {
  let app: NestFastifyApplication;
  let db: pg.Client;
  let key: string;
  let teamId: string;
  const ids: string[] = [];
  const auth = () => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    app = await bootApp({ authMode: 'apikey', shedEventLoopDelayMs: 0 });
    db = new pg.Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    const created = await app.get(ApiKeysService).create(`list-${randomUUID()}`);
    key = created.key;
    teamId = created.teamId;
    for (let i = 0; i < 23; i++) {
      const res = await gql<{ createScenario: { id: string } }>(
        app,
        CREATE,
        {
          input: {
            name: `list ${i}${i % 3 === 0 ? ' third' : ''}`,
            tags: i % 2 === 0 ? ['even'] : [],
            analysis: { manifest: podManifest() },
          },
        },
        auth(),
      );
      expect(res.errors).toBeUndefined();
      ids.push(res.data!.createScenario.id);
    }
    // Some scenarios move on: their latest revision is 2 or 3, not the first one.
    for (const [n, id] of [ids[1], ids[4], ids[4], ids[22]].entries()) {
      const res = await gql(
        app,
        ADD,
        { id, input: { manifest: podManifest({ sidecar: n % 2 === 0 }) } },
        auth(),
      );
      expect(res.errors).toBeUndefined();
    }
    // Same created_at for two of them: the id breaks the tie in the order and in the cursor.
    await db.query(
      `UPDATE scenario SET created_at = (SELECT created_at FROM scenario WHERE id = $1) WHERE id = $2`,
      [ids[10], ids[11]],
    );
  }, 120_000);
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  async function allPages(first: number, filter?: Record<string, string>): Promise<PageData[]> {
    const pages: PageData[] = [];
    let after: string | null = null;
    do {
      const res: GqlResponse<PageData> = await gql<PageData>(
        app,
        PAGE,
        { first, after, filter },
        auth(),
      );
      expect(res.errors).toBeUndefined();
      pages.push(res.data!);
      after = res.data!.scenarios.pageInfo.hasNextPage
        ? res.data!.scenarios.pageInfo.endCursor
        : null;
    } while (after !== null && pages.length < 50);
    return pages;
  }

  async function expectedOrder(where = ''): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `SELECT id FROM scenario WHERE team_id = $1 ${where} ORDER BY created_at DESC, id DESC`,
      [teamId],
    );
    return rows.rows.map((r) => r.id);
  }

  it('serves each latest revision exactly as scenario(id) resolves it', async () => {
    const pages = await allPages(100);
    expect(pages).toHaveLength(1);
    const nodes = pages[0]!.scenarios.edges.map((e) => e.node);
    expect(nodes).toHaveLength(23);
    for (const node of nodes) {
      const one = await gql<{ scenario: { latestRevision: Revision } }>(
        app,
        ONE,
        { id: node.id },
        auth(),
      );
      expect(one.errors).toBeUndefined();
      expect(node.latestRevision).toEqual(one.data!.scenario.latestRevision);
      expect(node.latestRevision.number).toBe(node.revisionCount);
      expect(node.latestRevision.scenarioId).toBe(node.id);
    }
    const numbers = new Map(nodes.map((n) => [n.id, n.latestRevision.number]));
    expect([ids[1], ids[4], ids[22], ids[0]].map((id) => numbers.get(id!))).toEqual([2, 3, 2, 1]);
  });

  it('walks every page newest first (created_at, then id) with exact counts', async () => {
    for (const [filter, where] of [
      [undefined, ''],
      [{ tag: 'even' }, `AND tags @> ARRAY['even']`],
      [{ nameContains: 'THIRD' }, `AND name LIKE '%third'`],
    ] as const) {
      const expected = await expectedOrder(where);
      expect(expected.length).toBeGreaterThan(5);
      const pages = await allPages(4, filter);
      const listed = pages.flatMap((p) => p.scenarios.edges.map((e) => e.node.id));
      expect(listed).toEqual(expected);
      for (const p of pages) expect(p.scenarios.totalCount).toBe(expected.length);
      expect(pages.at(-1)!.scenarios.pageInfo.hasNextPage).toBe(false);
      for (const p of pages.slice(0, -1)) expect(p.scenarios.pageInfo.hasNextPage).toBe(true);
    }
    const kept = await db.query<{ n: number }>(
      'SELECT scenario_count AS n FROM team WHERE id = $1',
      [teamId],
    );
    expect(kept.rows[0]!.n).toBe(23);
  });

  it('reads the latest revisions in the page statement, through fragments too', async () => {
    const forms = [
      '{ scenarios(first: 100) { edges { node { id latestRevision { number } } } } }',
      'query { scenarios(first: 100) { ...C } } fragment C on ScenarioConnection { edges { node { ...N } } } fragment N on Scenario { id latestRevision { number } }',
      '{ scenarios(first: 100) { edges { ... on ScenarioEdge { node { ... on Scenario { id latestRevision { number } } } } } } }',
    ];
    for (const query of forms) {
      sql = [];
      const res = await gql<{ scenarios: { edges: { node: Node }[] } }>(app, query, {}, auth());
      const revisionReads = sql.filter((t) => t.includes('"scenario_revision"'));
      expect(res.errors).toBeUndefined();
      expect(res.data!.scenarios.edges).toHaveLength(23);
      expect(res.data!.scenarios.edges.map((e) => e.node.latestRevision.number).sort()).toEqual(
        [...Array<number>(20).fill(1), 2, 2, 3].sort(),
      );
      // Revisions are read once, by the page's statement (no loader batch after it).
      expect(revisionReads).toHaveLength(1);
      expect(revisionReads[0]).toMatch(/FROM "scenario" s\s+LEFT JOIN "scenario_revision"/);
    }
    // Without latestRevision no revision is read; totalCount reads the team's counter.
    sql = [];
    const bare = await gql(
      app,
      '{ scenarios(first: 5) { totalCount edges { node { id } } } }',
      {},
      auth(),
    );
    expect(bare.errors).toBeUndefined();
    expect(sql.filter((t) => t.includes('"scenario_revision"'))).toEqual([]);
    expect(sql.filter((t) => t.includes('"scenario_count"'))).toHaveLength(1);
  });

  it('an unfiltered page with its count and latest revisions is one statement, past the end too', async () => {
    const query =
      'query($after: String) { scenarios(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id latestRevision { number } } } } }';
    sql = [];
    const full = await gql<PageData>(app, query, {}, auth());
    expect(full.errors).toBeUndefined();
    expect(full.data!.scenarios.totalCount).toBe(23);
    expect(full.data!.scenarios.edges).toHaveLength(23);
    expect(sql.filter((t) => t.includes('"scenario"'))).toHaveLength(1);
    // After the last scenario: no rows, and still the exact count.
    const past = await gql<PageData>(
      app,
      query,
      { after: full.data!.scenarios.pageInfo.endCursor },
      auth(),
    );
    expect(past.errors).toBeUndefined();
    expect(past.data!.scenarios.edges).toEqual([]);
    expect(past.data!.scenarios.totalCount).toBe(23);
    expect(past.data!.scenarios.pageInfo.hasNextPage).toBe(false);
    // A team with no scenarios at all.
    const empty = await app.get(ApiKeysService).create(`list-empty-${randomUUID()}`);
    const none = await gql<PageData>(app, query, {}, { authorization: `Bearer ${empty.key}` });
    expect(none.errors).toBeUndefined();
    expect(none.data!.scenarios).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [],
    });
  });

  it('REST lists the same latest revisions', async () => {
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/v1/scenarios?first=100', headers: auth() });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      items: { id: string; latestRevision: { number: number } }[];
      totalCount: number;
    }>();
    expect(body.totalCount).toBe(23);
    const numbers = new Map(body.items.map((i) => [i.id, i.latestRevision.number]));
    expect([ids[1], ids[4], ids[22], ids[0]].map((id) => numbers.get(id!))).toEqual([2, 3, 2, 1]);
  });
});
