// Idempotent saves (issue 11 item 6): the Idempotency-Key header (REST) and the idempotencyKey
// argument (GraphQL) make a retry after a timeout answer the stored answer instead of saving an
// identical revision again. Real service, real PostgreSQL; keys are per team.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiKeysService } from '../../../src/modules/auth/api-keys.service';
import { ScenarioRepository } from '../../../src/modules/scenarios/scenario.repository';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import { podManifest, storedRevision } from './scenario-fixtures';

const CREATE_KEYED = `mutation Create($input: CreateScenarioInput!, $key: String) {
  createScenario(input: $input, idempotencyKey: $key) { id revisionCount latestRevision { id number } }
}`;
const ADD_KEYED = `mutation Add($id: ID!, $input: AnalyzeInput!, $key: String, $expected: Int) {
  addRevision(scenarioId: $id, input: $input, idempotencyKey: $key, expectedRevision: $expected) { id number scenarioId }
}`;

describe('Idempotency-Key on scenario saves (REST and GraphQL)', () => {
  let app: NestFastifyApplication;
  let db: Client;
  let keyA: string;
  let keyB: string;
  let teamA: string;

  beforeAll(async () => {
    // Saves are under test here, not load shedding (a busy CI machine lags its event loop).
    app = await bootApp({ authMode: 'apikey', shedEventLoopDelayMs: 0 });
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    const keys = app.get(ApiKeysService);
    const a = await keys.create(`idem-a-${randomUUID()}`);
    keyA = a.key;
    teamA = a.teamId;
    keyB = (await keys.create(`idem-b-${randomUUID()}`)).key;
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const createRest = (key: string, body: unknown, idem?: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      headers: {
        'content-type': 'application/json',
        ...auth(key),
        ...(idem ? { 'idempotency-key': idem } : {}),
      },
      payload: JSON.stringify(body),
    });
  const appendRest = (key: string, id: string, manifest: string, idem?: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/scenarios/${id}/revisions`,
      headers: {
        'content-type': 'application/yaml',
        ...auth(key),
        ...(idem ? { 'idempotency-key': idem } : {}),
      },
      payload: manifest,
    });
  const revisionsOf = async (id: string): Promise<number> =>
    (
      await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM scenario_revision WHERE scenario_id = $1',
        [id],
      )
    ).rows[0]!.n;
  const scenariosNamed = async (name: string): Promise<number> =>
    (
      await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scenario WHERE name = $1', [
        name,
      ])
    ).rows[0]!.n;

  /** Waits (up to 2 s) until a save has claimed this key of team A; fails the test otherwise. */
  const untilClaimed = async (idem: string): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      const r = await db.query('SELECT 1 FROM idempotency_key WHERE team_id = $1 AND key = $2', [
        teamA,
        idem,
      ]);
      if (r.rowCount === 1) return;
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error(`no save claimed Idempotency-Key ${idem} within 2 s`);
  };

  it('REST append: a retry with the same key and body answers the stored answer; no second revision', async () => {
    const created = await createRest(keyA, { name: 'idem rest', manifest: podManifest() });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const idem = randomUUID();

    // Without a key a retry after a timeout adds an identical revision (the failure of item 6).
    const plain1 = await appendRest(keyA, id, podManifest({ cpu: '300m' }));
    const plain2 = await appendRest(keyA, id, podManifest({ cpu: '300m' }));
    expect([plain1.json().number, plain2.json().number]).toEqual([2, 3]);

    const first = await appendRest(keyA, id, podManifest({ cpu: '1' }), idem);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await appendRest(keyA, id, podManifest({ cpu: '1' }), idem);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ number: 4 });
    expect(await revisionsOf(id)).toBe(4);

    // A quoted structured-field string is the same key.
    const quoted = await appendRest(keyA, id, podManifest({ cpu: '1' }), `"${idem}"`);
    expect(quoted.statusCode).toBe(201);
    expect(quoted.json().id).toBe(first.json().id);
    expect(await revisionsOf(id)).toBe(4);
  });

  it('REST: the same key with another body is 422 IDEMPOTENCY_KEY_REUSED (problem details), nothing saved', async () => {
    const created = await createRest(keyA, { name: 'idem reuse', manifest: podManifest() });
    const id = created.json().id as string;
    const idem = randomUUID();
    expect((await appendRest(keyA, id, podManifest({ cpu: '2' }), idem)).statusCode).toBe(201);
    const other = await appendRest(keyA, id, podManifest({ cpu: '3' }), idem);
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.json()).toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      retryable: false,
    });
    expect(other.json().detail).toMatch(/Idempotency-Key was already used/);
    expect(await revisionsOf(id)).toBe(2);

    // The same key on the create route is another request too.
    const onCreate = await createRest(keyA, { name: 'idem reuse', manifest: podManifest() }, idem);
    expect(onCreate.statusCode).toBe(422);
  });

  it('REST create: a retry creates no second scenario and answers the same scenario and revision', async () => {
    const name = `idem create ${randomUUID()}`;
    const idem = randomUUID();
    const first = await createRest(keyA, { name, tags: ['x'], manifest: podManifest() }, idem);
    expect(first.statusCode).toBe(201);
    const retry = await createRest(keyA, { name, tags: ['x'], manifest: podManifest() }, idem);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.json()).toEqual(first.json());
    expect(await scenariosNamed(name)).toBe(1);
    // The key and the revision are stored together.
    const stored = await db.query(
      'SELECT status_code, scenario_id, revision_number, lock_token FROM idempotency_key WHERE team_id = $1 AND key = $2',
      [teamA, idem],
    );
    expect(stored.rows).toEqual([
      { status_code: 201, scenario_id: first.json().id, revision_number: 1, lock_token: null },
    ]);
  });

  it("keys are per team: team B may use team A's key for its own request, and never sees A's answer", async () => {
    const idem = randomUUID();
    const name = `idem scoped ${randomUUID()}`;
    const a = await createRest(keyA, { name, manifest: podManifest() }, idem);
    const b = await createRest(keyB, { name, manifest: podManifest() }, idem);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().id).not.toBe(a.json().id);
    expect(await scenariosNamed(name)).toBe(2);
    // B with another body under the same key: B's own key, so 422 only against B's request.
    const b2 = await createRest(keyB, { name: `${name} other`, manifest: podManifest() }, idem);
    expect(b2.statusCode).toBe(422);
  });

  it('a failed save (400) does not use the key up: the corrected request may use it', async () => {
    const idem = randomUUID();
    const name = `idem fixed ${randomUUID()}`;
    const bad = await createRest(keyA, { name, manifest: '---\n' }, idem);
    expect(bad.statusCode).toBe(400);
    const good = await createRest(keyA, { name, manifest: podManifest() }, idem);
    expect(good.statusCode).toBe(201);
    expect(await scenariosNamed(name)).toBe(1);
  });

  it('a concurrent duplicate while the first is still being saved answers 409 IDEMPOTENCY_KEY_IN_USE (retryable)', async () => {
    const created = await createRest(keyA, { name: 'idem race', manifest: podManifest() });
    const id = created.json().id as string;
    const idem = randomUUID();
    // Hold the scenario row: the first save waits on it (well within the lock timeout).
    const blocker = new Client({ connectionString: testDatabaseUrl() });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM scenario WHERE id = $1 FOR UPDATE', [id]);
      const firstPending = appendRest(keyA, id, podManifest({ cpu: '4' }), idem);
      // Wait until the first call has claimed the key (it then analyses and waits on the row).
      await untilClaimed(idem);
      const duplicate = await appendRest(keyA, id, podManifest({ cpu: '4' }), idem);
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toMatchObject({
        code: 'IDEMPOTENCY_KEY_IN_USE',
        retryable: true,
        retryAfterSeconds: 1,
      });
      expect(duplicate.headers['retry-after']).toBe('1');
      const gqlDuplicate = await gql(
        app,
        ADD_KEYED,
        { id, input: { manifest: podManifest({ cpu: '4' }) }, key: idem },
        auth(keyA),
      );
      expect(gqlDuplicate.errors?.[0]?.extensions).toMatchObject({
        code: 'IDEMPOTENCY_KEY_IN_USE',
        retryable: true,
      });
      await blocker.query('COMMIT');
      const first = await firstPending;
      expect(first.statusCode === 201 ? 201 : first.body).toBe(201);
      expect(first.json()).toMatchObject({ number: 2 });
      const after = await appendRest(keyA, id, podManifest({ cpu: '4' }), idem);
      expect(after.statusCode).toBe(201);
      expect(after.json().id).toBe(first.json().id);
      expect(await revisionsOf(id)).toBe(2);
    } finally {
      await blocker.end();
    }
  });

  it('GraphQL: createScenario and addRevision replay with the same key, IDEMPOTENCY_KEY_REUSED with other input', async () => {
    const idem = randomUUID();
    const name = `idem gql ${randomUUID()}`;
    const input = { name, analysis: { manifest: podManifest() } };
    const c1 = await gql<{ createScenario: { id: string; latestRevision: { id: string } } }>(
      app,
      CREATE_KEYED,
      { input, key: idem },
      auth(keyA),
    );
    expect(c1.errors).toBeUndefined();
    const c2 = await gql<{ createScenario: { id: string; latestRevision: { id: string } } }>(
      app,
      CREATE_KEYED,
      { input, key: idem },
      auth(keyA),
    );
    expect(c2.errors).toBeUndefined();
    expect(c2.data!.createScenario).toEqual(c1.data!.createScenario);
    expect(await scenariosNamed(name)).toBe(1);

    const id = c1.data!.createScenario.id;
    const addKey = randomUUID();
    const vars = { id, input: { manifest: podManifest({ cpu: '2' }) }, key: addKey };
    const a1 = await gql<{ addRevision: { id: string; number: number } }>(
      app,
      ADD_KEYED,
      vars,
      auth(keyA),
    );
    const a2 = await gql<{ addRevision: { id: string; number: number } }>(
      app,
      ADD_KEYED,
      vars,
      auth(keyA),
    );
    expect(a1.errors).toBeUndefined();
    expect(a2.data).toEqual(a1.data);
    expect(a1.data!.addRevision.number).toBe(2);
    expect(await revisionsOf(id)).toBe(2);

    // The same request over REST with the same key is the same request: the stored answer.
    const rest = await appendRest(keyA, id, podManifest({ cpu: '2' }), addKey);
    expect(rest.statusCode).toBe(201);
    expect(rest.json().id).toBe(a1.data!.addRevision.id);

    const other = await gql(
      app,
      ADD_KEYED,
      { ...vars, input: { manifest: podManifest({ cpu: '3' }) } },
      auth(keyA),
    );
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      retryable: false,
    });
    expect(other.errors?.[0]?.message).toMatch(/Idempotency-Key was already used/);
    expect(await revisionsOf(id)).toBe(2);
  });

  it('refuses a malformed key, naming the header or argument', async () => {
    const res = await createRest(keyA, { name: 'x', manifest: podManifest() }, ' spaced ');
    expect(res.statusCode).toBe(400);
    expect(res.json().causes).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    const long = await gql(
      app,
      CREATE_KEYED,
      { input: { name: 'x', analysis: { manifest: podManifest() } }, key: 'k'.repeat(256) },
      auth(keyA),
    );
    expect(long.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      causes: [expect.objectContaining({ field: 'idempotencyKey' })],
    });
  });

  it('refuses a repeated Idempotency-Key header (not one key "a, b") and saves nothing', async () => {
    const name = `idem repeated ${randomUUID()}`;
    const res = await app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      headers: {
        'content-type': 'application/json',
        ...auth(keyA),
        'idempotency-key': [randomUUID(), randomUUID()],
      },
      payload: JSON.stringify({ name, manifest: podManifest() }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().causes).toEqual([
      { field: 'Idempotency-Key', message: 'send the header once' },
    ]);
    expect(await scenariosNamed(name)).toBe(0);
  });

  it('a claim whose call stopped (lease over) is taken over by the retry, which saves once', async () => {
    const created = await createRest(keyA, { name: 'idem stale', manifest: podManifest() });
    const id = created.json().id as string;
    const idem = randomUUID();
    // What a process killed between claim and save leaves: a claimed key, no revision.
    await db.query(
      `INSERT INTO idempotency_key (team_id, key, operation, fingerprint, lock_token, locked_until, expires_at)
       SELECT $1, $2, 'addRevision', 'x', gen_random_uuid(), now() + interval '1 minute', now() + interval '1 day'`,
      [teamA, idem],
    );
    const meanwhile = await appendRest(keyA, id, podManifest({ cpu: '6' }), idem);
    expect(meanwhile.statusCode).toBe(422); // another fingerprint: another request
    // The same request's stale claim (its fingerprint, lease over) is taken over.
    await db.query('DELETE FROM idempotency_key WHERE team_id = $1 AND key = $2', [teamA, idem]);
    const blocker = new Client({ connectionString: testDatabaseUrl() });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM scenario WHERE id = $1 FOR UPDATE', [id]);
      const pending = appendRest(keyA, id, podManifest({ cpu: '6' }), idem);
      await untilClaimed(idem);
      await blocker.query('ROLLBACK');
      expect((await pending).statusCode).toBe(201);
    } finally {
      await blocker.end();
    }
    await db.query(
      "UPDATE idempotency_key SET status_code = NULL, scenario_id = NULL, revision_number = NULL, lock_token = gen_random_uuid(), locked_until = now() - interval '1 second' WHERE team_id = $1 AND key = $2",
      [teamA, idem],
    );
    // The stored answer was reset to "in flight, lease over": the retry saves (once).
    const retry = await appendRest(keyA, id, podManifest({ cpu: '6' }), idem);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const replay = await appendRest(keyA, id, podManifest({ cpu: '6' }), idem);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(retry.json().id);
  });

  it('a save whose claim was taken over meanwhile writes nothing (revision and key commit together)', async () => {
    const created = await createRest(keyA, { name: 'idem lost', manifest: podManifest() });
    const id = created.json().id as string;
    const repo = app.get(ScenarioRepository);
    const idem = randomUUID();
    const claim = await repo.claimIdempotencyKey(teamA, idem, 'addRevision', 'f', randomUUID());
    expect(claim.state).toBe('claimed');
    // Another call took the key over (this one outlived its lease).
    await db.query(
      'UPDATE idempotency_key SET lock_token = gen_random_uuid() WHERE team_id = $1 AND key = $2',
      [teamA, idem],
    );
    const rev = storedRevision(0, podManifest(), '');
    const outcome = await repo.addRevision(teamA, id, rev, {
      claim: claim.state === 'claimed' ? claim.claim : null,
    });
    expect(outcome).toEqual({ kind: 'claim-lost' });
    expect(await revisionsOf(id)).toBe(1);
    const counter = await db.query('SELECT latest_revision FROM scenario WHERE id = $1', [id]);
    expect(counter.rows).toEqual([{ latest_revision: 1 }]);
    const key = await db.query(
      'SELECT status_code FROM idempotency_key WHERE team_id = $1 AND key = $2',
      [teamA, idem],
    );
    expect(key.rows).toEqual([{ status_code: null }]);
  });

  it('claims that arrive together (one grouped statement) give the key to exactly one', async () => {
    const repo = app.get(ScenarioRepository);
    const idem = randomUUID();
    const other = randomUUID();
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () =>
        repo.claimIdempotencyKey(teamA, idem, 'addRevision', 'same', randomUUID()),
      ),
      repo.claimIdempotencyKey(teamA, other, 'addRevision', 'same', randomUUID()),
    ]);
    const states = results.slice(0, 6).map((r) => r.state);
    expect(states.filter((x) => x === 'claimed')).toHaveLength(1);
    expect(states.filter((x) => x === 'in-flight')).toHaveLength(5);
    expect(results[6]!.state).toBe('claimed');
  });

  it('a key past its 24 h lifetime is forgotten: the same key saves anew', async () => {
    const created = await createRest(keyA, { name: 'idem expiry', manifest: podManifest() });
    const id = created.json().id as string;
    const idem = randomUUID();
    const first = await appendRest(keyA, id, podManifest({ cpu: '5' }), idem);
    await db.query(
      "UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE team_id = $1 AND key = $2",
      [teamA, idem],
    );
    const again = await appendRest(keyA, id, podManifest({ cpu: '5' }), idem);
    expect(again.statusCode).toBe(201);
    expect(again.json().number).toBe(first.json().number + 1);
  });
});
