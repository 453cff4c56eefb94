// Manifests with no Kubernetes object (issue 11 item 8) are refused exactly as an empty body is,
// on create and append, REST and GraphQL; manifests that hold an object but have diagnostics are
// still saved.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import { ADD, CREATE, podManifest } from './scenario-fixtures';

const NO_OBJECT: [string, string][] = [
  ['an empty body', ''],
  ['only whitespace', '  \n\t\n'],
  ['a document separator', '---'],
  ['separators only', '---\n---\n...\n'],
  ['null', 'null'],
  ['~', '~'],
  ['comments only', '# nothing here\n# at all\n'],
  ['a document without kind', 'metadata:\n  name: x\n'],
  ['apiVersion without kind', 'apiVersion: v1\n'],
  ['JSON {}', '{}'],
  ['JSON []', '[]'],
  ['a scalar', '"just text"'],
  ['an empty List', 'apiVersion: v1\nkind: List\nitems: []\n'],
  ['a List of objects without kind', 'apiVersion: v1\nkind: List\nitems:\n- metadata: {name: a}\n'],
  ['a List of scalars', 'apiVersion: v1\nkind: List\nitems: [1, "two"]\n'],
  ['documents without kind only', 'apiVersion: v1\n---\nmetadata: {name: b}\n---\n# c\n'],
];

describe('manifests with no Kubernetes object are refused like an empty body', () => {
  let app: NestFastifyApplication;
  let db: Client;
  let scenarioId: string;
  let emptyRest: { code: string; detail: string; causes: unknown };
  let emptyGql: { message: string; extensions: Record<string, unknown> };

  beforeAll(async () => {
    // Saves are under test here, not load shedding (a busy CI machine lags its event loop).
    app = await bootApp({ shedEventLoopDelayMs: 0 });
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    const created = await gql<{ createScenario: { id: string } }>(app, CREATE, {
      input: { name: 'empty manifests', analysis: { manifest: podManifest() } },
    });
    scenarioId = created.data!.createScenario.id;
    emptyRest = (await restCreate('')).json();
    const g = await gql(app, CREATE, { input: { name: 'x', analysis: { manifest: '' } } });
    emptyGql = g.errors![0]! as typeof emptyGql;
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  const restCreate = (manifest: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'empty?', manifest }),
    });
  const counts = async () =>
    (
      await db.query(
        `SELECT (SELECT count(*)::int FROM scenario) AS scenarios,
                (SELECT count(*)::int FROM scenario_revision WHERE scenario_id = $1) AS revisions`,
        [scenarioId],
      )
    ).rows[0];

  it('the empty body is the yardstick: 400 BAD_USER_INPUT naming the manifest field', () => {
    expect(emptyRest).toMatchObject({
      code: 'BAD_USER_INPUT',
      causes: [{ field: 'manifest', message: expect.stringMatching(/^is required/) }],
    });
    expect(emptyGql.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      causes: [{ field: 'input.analysis.manifest' }],
    });
  });

  it.each(NO_OBJECT)(
    '%s: refused on every save route, nothing stored',
    async (_label, manifest) => {
      const before = await counts();

      const rc = await restCreate(manifest);
      expect(rc.statusCode).toBe(400);
      expect({ code: rc.json().code, detail: rc.json().detail, causes: rc.json().causes }).toEqual({
        code: emptyRest.code,
        detail: emptyRest.detail,
        causes: emptyRest.causes,
      });

      if (manifest !== '') {
        const ra = await app.inject({
          method: 'POST',
          url: `/v1/scenarios/${scenarioId}/revisions`,
          headers: { 'content-type': 'application/yaml' },
          payload: manifest,
        });
        expect(ra.statusCode).toBe(400);
        expect(ra.json()).toMatchObject({ code: 'BAD_USER_INPUT', detail: emptyRest.detail });
      }
      // JSON bodies too: the append route reads a JSON Kubernetes object as the manifest.
      if (manifest === '{}' || manifest === '[]') {
        const rj = await app.inject({
          method: 'POST',
          url: `/v1/scenarios/${scenarioId}/revisions`,
          headers: { 'content-type': 'application/json' },
          payload: manifest,
        });
        expect(rj.statusCode).toBe(400);
        expect(rj.json()).toMatchObject({ code: 'BAD_USER_INPUT', detail: emptyRest.detail });
      }

      const gc = await gql(app, CREATE, { input: { name: 'x', analysis: { manifest } } });
      expect(gc.errors?.[0]).toMatchObject({
        message: emptyGql.message,
        extensions: { code: 'BAD_USER_INPUT', causes: emptyGql.extensions.causes },
      });
      const ga = await gql(app, ADD, { id: scenarioId, input: { manifest } });
      expect(ga.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        causes: [{ field: 'input.manifest', message: expect.stringMatching(/^is required/) }],
      });

      expect(await counts()).toEqual(before);
    },
  );

  it.each([
    ['a Pod with ERROR diagnostics', podManifest().replace('nginx:1.27', '""')],
    ['a kind this product skips', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'],
    ['a Deployment without spec', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n'],
    ['a bare kind: Pod', 'kind: Pod\n'],
    [
      'a List with a kindless item and a Pod',
      `apiVersion: v1\nkind: List\nitems:\n- metadata: {name: a}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec: {containers: [{name: c, image: nginx}]}\n`,
    ],
    ['a workload next to an empty document', `---\n${podManifest()}---\nnull\n`],
    ['a workload next to a document without kind', `${podManifest()}---\nmetadata: {name: x}\n`],
  ])('%s is still saved', async (_label, manifest) => {
    const res = await gql<{ addRevision: { number: number } }>(app, ADD, {
      id: scenarioId,
      input: { manifest },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.addRevision.number).toBeGreaterThan(1);
  });
});
