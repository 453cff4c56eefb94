import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import { ADD, CREATE, DELETE, GET, LIST, podManifest } from './scenario-fixtures';

interface Created {
  createScenario: {
    id: string;
    revisionCount: number;
    latestRevision: { number: number; manifest: string; changes: unknown[] };
  };
}

describe('scenario histories over GraphQL (local mode, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let db: Client;
  const create = async (name: string, manifest = podManifest(), tags: string[] = []) => {
    const res = await gql<Created>(app, CREATE, {
      input: { name, tags, analysis: { manifest } },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.createScenario;
  };

  beforeAll(async () => {
    app = await bootApp();
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  it('createScenario saves the scenario and revision 1 with the manifest byte-exact', async () => {
    const manifest = `# comment kept\r\n${podManifest()}   \n`;
    const s = await create('checkout prod', manifest, ['prod', 'payments']);
    expect(s.revisionCount).toBe(1);
    expect(s.latestRevision).toMatchObject({ number: 1, manifest, changes: [] });
    const row = await db.query(
      'SELECT manifest, number, report_schema_version, workload_count FROM scenario_revision WHERE scenario_id = $1',
      [s.id],
    );
    expect(row.rows).toEqual([
      { manifest, number: 1, report_schema_version: 1, workload_count: 1 },
    ]);
  });

  it('stores the timing assumptions and the summary columns with the revision', async () => {
    const res = await gql<Created>(app, CREATE, {
      input: {
        name: 'slow start',
        analysis: { manifest: podManifest(), timing: { defaultStartSeconds: 7 } },
      },
    });
    expect(res.errors).toBeUndefined();
    const row = await db.query(
      'SELECT timing, qos_classes, pod_ready_at_seconds, manifest_sha256 FROM scenario_revision WHERE scenario_id = $1',
      [res.data!.createScenario.id],
    );
    expect(row.rows[0]).toMatchObject({
      timing: { defaultStartSeconds: 7 },
      qos_classes: ['BURSTABLE'],
      manifest_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(row.rows[0].pod_ready_at_seconds).toBeGreaterThanOrEqual(7);
  });

  it('30 concurrent addRevision calls get exactly the numbers 2..31', async () => {
    const s = await create('concurrency');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gql<{ addRevision: { number: number } }>(app, ADD, {
          id: s.id,
          input: { manifest: podManifest({ cpu: `${100 + i}m` }) },
        }),
      ),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    const numbers = results.map((r) => r.data!.addRevision.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    const stored = await db.query<{ number: number }>(
      'SELECT number FROM scenario_revision WHERE scenario_id = $1 ORDER BY number',
      [s.id],
    );
    expect(stored.rows.map((r) => r.number)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    const counter = await db.query('SELECT latest_revision FROM scenario WHERE id = $1', [s.id]);
    expect(counter.rows[0]).toEqual({ latest_revision: 31 });
  });

  it('scenario(id) returns the latest revision, its report, its changes and the revision list', async () => {
    const s = await create('diffs');
    const add = await gql(app, ADD, {
      id: s.id,
      input: { manifest: podManifest({ cpu: '500m', sidecar: true }) },
    });
    expect(add.errors).toBeUndefined();
    const res = await gql<{
      scenario: {
        revisionCount: number;
        latestRevision: {
          number: number;
          report: { workloads: { kind: string; name: string }[] };
          changes: { field: string; before: string | null; after: string | null }[];
        };
        revisions: { totalCount: number; edges: { node: { number: number } }[] };
      };
    }>(app, GET, { id: s.id });
    expect(res.errors).toBeUndefined();
    const got = res.data!.scenario;
    expect(got.revisionCount).toBe(2);
    expect(got.latestRevision.report.workloads).toEqual([{ kind: 'Deployment', name: 'checkout' }]);
    expect(got.latestRevision.changes).toEqual(
      expect.arrayContaining([
        {
          field: 'workloads[Deployment/checkout].resources.requests.cpu',
          before: '250m',
          after: '600m',
        },
        {
          field: 'workloads[Deployment/checkout].containers[proxy]',
          before: null,
          after: 'SIDECAR',
        },
      ]),
    );
    expect(got.revisions.totalCount).toBe(2);
    expect(got.revisions.edges.map((e) => e.node.number)).toEqual([2, 1]);
  });

  it('saves a manifest with ERROR diagnostics, but refuses one that is not a Kubernetes object', async () => {
    const broken = podManifest().replace('nginx:1.27', '""');
    const saved = await gql<Created>(app, CREATE, {
      input: { name: 'broken but tracked', analysis: { manifest: broken } },
    });
    expect(saved.errors).toBeUndefined();

    const before = await db.query('SELECT count(*)::int AS n FROM scenario');
    const res = await gql(app, CREATE, {
      input: {
        name: 'not yaml',
        analysis: { manifest: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n' },
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const causes = res.errors?.[0]?.extensions?.causes as { reason: string; line: number }[];
    expect(causes[0]).toMatchObject({ reason: 'SyntaxError' });
    expect(typeof causes[0]!.line).toBe('number');
    const after = await db.query('SELECT count(*)::int AS n FROM scenario');
    expect(after.rows).toEqual(before.rows);
  });

  it.each([
    [
      'a NUL byte in the manifest',
      { name: 'x', analysis: { manifest: `${podManifest()}#\u0000` } },
      'input.analysis.manifest',
    ],
    [
      'a lone surrogate in the manifest',
      { name: 'x', analysis: { manifest: `${podManifest()}# \uD800` } },
      'input.analysis.manifest',
    ],
    [
      'a NUL escape inside a YAML string',
      { name: 'x', analysis: { manifest: podManifest().replace('nginx:1.27', '"nginx\\0"') } },
      'input.analysis.manifest',
    ],
    [
      'a NUL in the name',
      { name: 'a\u0000b', analysis: { manifest: podManifest() } },
      'input.name',
    ],
    [
      'a lone surrogate in a tag',
      { name: 'ok', tags: ['\uDC00'], analysis: { manifest: podManifest() } },
      'input.tags[0]',
    ],
    [
      'a NUL in the description',
      { name: 'ok', description: '\u0000', analysis: { manifest: podManifest() } },
      'input.description',
    ],
    ['an empty name', { name: ' ', analysis: { manifest: podManifest() } }, 'input.name'],
    [
      'a 201-character name',
      { name: 'n'.repeat(201), analysis: { manifest: podManifest() } },
      'input.name',
    ],
    [
      '21 tags',
      {
        name: 'ok',
        tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
        analysis: { manifest: podManifest() },
      },
      'input.tags',
    ],
    [
      'a 51-character tag',
      { name: 'ok', tags: ['t'.repeat(51)], analysis: { manifest: podManifest() } },
      'input.tags[0]',
    ],
    [
      'a 2001-character description',
      { name: 'ok', description: 'd'.repeat(2001), analysis: { manifest: podManifest() } },
      'input.description',
    ],
    [
      'an unsupported kubernetesVersion',
      { name: 'ok', analysis: { manifest: podManifest(), kubernetesVersion: '1.20' } },
      'input.analysis.kubernetesVersion',
    ],
    [
      'a negative default start time',
      { name: 'ok', analysis: { manifest: podManifest(), timing: { defaultStartSeconds: -1 } } },
      'input.analysis.timing.defaultStartSeconds',
    ],
  ])('refuses %s before anything reaches PostgreSQL', async (_title, input, field) => {
    const before = await db.query(
      'SELECT (SELECT count(*) FROM scenario)::int AS s, (SELECT count(*) FROM scenario_revision)::int AS r',
    );
    const res = await gql(app, CREATE, { input });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors?.[0]?.message).toContain(field);
    const after = await db.query(
      'SELECT (SELECT count(*) FROM scenario)::int AS s, (SELECT count(*) FROM scenario_revision)::int AS r',
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('refuses a NUL byte in addRevision and leaves the counter alone', async () => {
    const s = await create('nul on add');
    const res = await gql(app, ADD, { id: s.id, input: { manifest: 'kind: Pod\u0000' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors?.[0]?.message).toContain('input.manifest');
    const counter = await db.query('SELECT latest_revision FROM scenario WHERE id = $1', [s.id]);
    expect(counter.rows[0]).toEqual({ latest_revision: 1 });
  });

  it('lists newest first with keyset cursors, filters by name and tag, and counts', async () => {
    const tag = `list-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await create(i % 2 === 0 ? `Alpha Service ${i}` : `beta ${i}`, podManifest(), [tag])).id,
      );
    }
    type ListResult = {
      scenarios: {
        totalCount: number;
        edges: { cursor: string; node: { id: string; latestRevision: { number: number } } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const page1 = await gql<ListResult>(app, LIST, { first: 2, filter: { tag } });
    expect(page1.errors).toBeUndefined();
    expect(page1.data!.scenarios.totalCount).toBe(5);
    expect(page1.data!.scenarios.edges.map((e) => e.node.id)).toEqual([ids[4], ids[3]]);
    expect(page1.data!.scenarios.pageInfo.hasNextPage).toBe(true);
    const page2 = await gql<ListResult>(app, LIST, {
      first: 2,
      after: page1.data!.scenarios.pageInfo.endCursor,
      filter: { tag },
    });
    expect(page2.data!.scenarios.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1]]);
    const page3 = await gql<ListResult>(app, LIST, {
      first: 2,
      after: page2.data!.scenarios.pageInfo.endCursor,
      filter: { tag },
    });
    expect(page3.data!.scenarios.edges.map((e) => e.node.id)).toEqual([ids[0]]);
    expect(page3.data!.scenarios.pageInfo.hasNextPage).toBe(false);

    const byName = await gql<ListResult>(app, LIST, {
      first: 10,
      filter: { tag, nameContains: 'ALPHA serv' },
    });
    expect(byName.data!.scenarios.totalCount).toBe(3);
    expect(byName.data!.scenarios.edges.map((e) => e.node.id)).toEqual([ids[4], ids[2], ids[0]]);
    const percent = await gql<ListResult>(app, LIST, {
      first: 10,
      filter: { tag, nameContains: '%' },
    });
    expect(percent.data!.scenarios.totalCount).toBe(0);
  });

  it.each([
    ['first: 0', { first: 0 }],
    ['first: 101', { first: 101 }],
    ['first: -1', { first: -1 }],
    ['a tampered cursor', { first: 5, after: 'czF8bm90LWEtZGF0ZXx4' }],
    ['a cursor that is not base64url', { first: 5, after: '!!!' }],
  ])('answers %s with BAD_USER_INPUT', async (_t, vars) => {
    const res = await gql(app, LIST, vars);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('rejects revisions(first: 101) and a tampered revision cursor', async () => {
    const s = await create('rev pages');
    for (const args of ['first: 101', 'first: 0', 'first: 5, after: "cjF8MA"']) {
      const res = await gql(
        app,
        `query($id: ID!) { scenario(id: $id) { revisions(${args}) { totalCount } } }`,
        {
          id: s.id,
        },
      );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });

  it('deleteScenario removes the revisions too; unknown and malformed ids give false / null / NOT_FOUND', async () => {
    const s = await create('to delete');
    await gql(app, ADD, { id: s.id, input: { manifest: podManifest({ cpu: '1' }) } });
    const del = await gql<{ deleteScenario: boolean }>(app, DELETE, { id: s.id });
    expect(del.data).toEqual({ deleteScenario: true });
    const left = await db.query(
      'SELECT count(*)::int AS n FROM scenario_revision WHERE scenario_id = $1',
      [s.id],
    );
    expect(left.rows[0]).toEqual({ n: 0 });
    expect((await gql(app, DELETE, { id: s.id })).data).toEqual({ deleteScenario: false });
    expect((await gql(app, DELETE, { id: 'not-a-uuid' })).data).toEqual({ deleteScenario: false });
    expect((await gql(app, GET, { id: s.id })).data).toEqual({ scenario: null });
    expect((await gql(app, GET, { id: 'nope' })).data).toEqual({ scenario: null });
    const add = await gql(app, ADD, { id: s.id, input: { manifest: podManifest() } });
    expect(add.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
