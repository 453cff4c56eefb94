// The unfiltered totalCount reads the team's scenario_count, which triggers on "scenario" keep:
// it must equal count(*) after API creates and deletes, set-based inserts and deletes.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiKeysService } from '../../../src/modules/auth/api-keys.service';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import { CREATE, DELETE, podManifest } from './scenario-fixtures';

const COUNT = '{ scenarios(first: 1) { totalCount } }';
const COUNT_TAGGED =
  'query($tag: String) { scenarios(first: 1, filter: { tag: $tag }) { totalCount } }';

describe('totalCount from the team counter', () => {
  let app: NestFastifyApplication;
  let db: Client;
  let key: string;
  let teamId: string;
  beforeAll(async () => {
    // Saves are under test here, not load shedding (a busy CI machine lags its event loop).
    app = await bootApp({ authMode: 'apikey', shedEventLoopDelayMs: 0 });
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    const created = await app.get(ApiKeysService).create(`count-${randomUUID()}`);
    key = created.key;
    teamId = created.teamId;
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  const auth = () => ({ authorization: `Bearer ${key}` });
  const totalCount = async (): Promise<number> =>
    (await gql<{ scenarios: { totalCount: number } }>(app, COUNT, {}, auth())).data!.scenarios
      .totalCount;
  const counted = async () =>
    (
      await db.query<{ kept: number; actual: number }>(
        `SELECT t.scenario_count AS kept, (SELECT count(*)::int FROM scenario s WHERE s.team_id = t.id) AS actual
         FROM team t WHERE t.id = $1`,
        [teamId],
      )
    ).rows[0]!;

  it('follows creates, deletes and set-based writes, and equals count(*)', async () => {
    expect(await totalCount()).toBe(0);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await gql<{ createScenario: { id: string } }>(
        app,
        CREATE,
        {
          input: {
            name: `c${i}`,
            tags: i === 0 ? ['odd'] : [],
            analysis: { manifest: podManifest() },
          },
        },
        auth(),
      );
      expect(res.errors).toBeUndefined();
      ids.push(res.data!.createScenario.id);
    }
    expect(await totalCount()).toBe(3);
    await gql(app, DELETE, { id: ids[1] }, auth());
    expect(await totalCount()).toBe(2);

    // Set-based, as scripts/seed-scenarios.ts writes.
    await db.query(
      `INSERT INTO scenario (id, team_id, name, tags, latest_revision)
       SELECT gen_random_uuid(), $1, 'bulk-' || i, ARRAY['bulk'], 1 FROM generate_series(1, 5) i`,
      [teamId],
    );
    expect(await totalCount()).toBe(7);
    await db.query(
      "DELETE FROM scenario WHERE team_id = $1 AND 'bulk' = ANY(tags) AND name <> 'bulk-1'",
      [teamId],
    );
    expect(await totalCount()).toBe(3);
    expect(await counted()).toEqual({ kept: 3, actual: 3 });

    // A filter still counts the matching rows.
    const tagged = await gql<{ scenarios: { totalCount: number } }>(
      app,
      COUNT_TAGGED,
      { tag: 'odd' },
      auth(),
    );
    expect(tagged.data!.scenarios.totalCount).toBe(1);
  });
});
