// Optimistic concurrency on append (issue 11 item 6): expectedRevision makes the save conditional
// on the scenario still being at that revision; otherwise 409 CONFLICT with the current revision.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import { podManifest } from './scenario-fixtures';

const ADD_EXPECTING = `mutation Add($id: ID!, $input: AnalyzeInput!, $expected: Int) {
  addRevision(scenarioId: $id, input: $input, expectedRevision: $expected) { number }
}`;

describe('expectedRevision on append (REST query parameter, GraphQL argument)', () => {
  let app: NestFastifyApplication;
  let db: Client;
  beforeAll(async () => {
    // Saves are under test here, not load shedding (a busy CI machine lags its event loop).
    app = await bootApp({ shedEventLoopDelayMs: 0 });
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  const create = async (): Promise<string> => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'expected', manifest: podManifest() }),
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const append = (id: string, query: string, cpu: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/scenarios/${id}/revisions${query}`,
      headers: { 'content-type': 'application/yaml' },
      payload: podManifest({ cpu }),
    });
  const state = async (id: string) =>
    (
      await db.query(
        'SELECT s.latest_revision, (SELECT count(*)::int FROM scenario_revision r WHERE r.scenario_id = s.id) AS n FROM scenario s WHERE s.id = $1',
        [id],
      )
    ).rows[0];

  it('REST: saves while the scenario is at expectedRevision; 409 CONFLICT with currentRevision when it moved on', async () => {
    const id = await create();
    const ok = await append(id, '?expectedRevision=1', '300m');
    expect(ok.statusCode).toBe(201);
    expect(ok.json().number).toBe(2);

    const stale = await append(id, '?expectedRevision=1', '400m');
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stale.json()).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      currentRevision: 2,
      retryable: false,
      causes: [expect.objectContaining({ field: 'expectedRevision' })],
    });
    expect(stale.json().detail).toMatch(/latest revision is 2/);
    expect(await state(id)).toEqual({ latest_revision: 2, n: 2 });

    // Ahead of the scenario is a conflict too (it never was at 7).
    expect((await append(id, '?expectedRevision=7', '400m')).json()).toMatchObject({
      code: 'CONFLICT',
      currentRevision: 2,
    });
    expect((await append(id, '?expectedRevision=2', '400m')).json().number).toBe(3);
  });

  it('REST: a malformed expectedRevision is 400 naming it; an unknown scenario stays 404', async () => {
    const id = await create();
    for (const bad of ['0', '-1', 'abc', '1.5']) {
      const res = await append(id, `?expectedRevision=${bad}`, '1');
      expect(res.statusCode).toBe(400);
      expect(res.json().causes).toEqual([expect.objectContaining({ field: 'expectedRevision' })]);
    }
    const missing = await append(
      '00000000-0000-4000-8000-000000000000',
      '?expectedRevision=1',
      '1',
    );
    expect(missing.statusCode).toBe(404);
  });

  it('GraphQL: CONFLICT with extensions.currentRevision; only one of two racing saves at the same revision wins', async () => {
    const id = await create();
    const [a, b] = await Promise.all([
      gql<{ addRevision: { number: number } }>(app, ADD_EXPECTING, {
        id,
        input: { manifest: podManifest({ cpu: '1' }) },
        expected: 1,
      }),
      gql<{ addRevision: { number: number } }>(app, ADD_EXPECTING, {
        id,
        input: { manifest: podManifest({ cpu: '2' }) },
        expected: 1,
      }),
    ]);
    const results = [a, b];
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(won[0]!.data!.addRevision.number).toBe(2);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.errors![0]!.extensions).toMatchObject({
      code: 'CONFLICT',
      currentRevision: 2,
      retryable: false,
    });
    expect(await state(id)).toEqual({ latest_revision: 2, n: 2 });

    const bad = await gql(app, ADD_EXPECTING, {
      id,
      input: { manifest: podManifest() },
      expected: 0,
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      causes: [expect.objectContaining({ field: 'expectedRevision' })],
    });
  });

  it('many parallel unconditional saves stay gapless', async () => {
    const id = await create();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gql<{ addRevision: { number: number } }>(app, ADD_EXPECTING, {
          id,
          input: { manifest: podManifest({ cpu: `${i + 1}m` }) },
        }),
      ),
    );
    expect(results.every((r) => !r.errors)).toBe(true);
    const numbers = results.map((r) => r.data!.addRevision.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    expect(await state(id)).toEqual({ latest_revision: 31, n: 31 });
  });
});
