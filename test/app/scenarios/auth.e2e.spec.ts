import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ApiKeysService } from '../../../src/modules/auth/api-keys.service';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import { ADD, CREATE, DELETE, GET, LIST, podManifest } from './scenario-fixtures';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const ANALYZE = 'query($m: String!) { analyze(input: { manifest: $m }) { kubernetesVersion } }';
const withoutRequestId = (body: unknown): unknown =>
  JSON.parse(JSON.stringify(body), (k: string, v: unknown) => (k === 'requestId' ? undefined : v));

describe('API keys, team scoping and rate limits (AUTH_MODE=apikey)', () => {
  let app: NestFastifyApplication;
  let db: Client;
  let keyA: string;
  let keyB: string;
  let scenarioB: string;
  const tagB = `team-b-${randomUUID()}`;

  const inject = (opts: Parameters<NestFastifyApplication['inject']>[0]) => app.inject(opts);

  beforeAll(async () => {
    app = await bootApp({ authMode: 'apikey' });
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    const keys = app.get(ApiKeysService);
    keyA = (await keys.create(`team-a-${randomUUID()}`)).key;
    keyB = (await keys.create(`team-b-${randomUUID()}`)).key;
    const res = await gql<{ createScenario: { id: string } }>(
      app,
      CREATE,
      { input: { name: 'B private', tags: [tagB], analysis: { manifest: podManifest() } } },
      bearer(keyB),
    );
    expect(res.errors).toBeUndefined();
    scenarioB = res.data!.createScenario.id;
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  const stateOfB = async () =>
    (
      await db.query(
        `SELECT s.name, s.latest_revision, s.updated_at, (SELECT count(*)::int FROM scenario_revision r WHERE r.scenario_id = s.id) AS revisions
         FROM scenario s WHERE s.id = $1`,
        [scenarioB],
      )
    ).rows;

  it('keys look like slk_<key id>_<secret> and only their SHA-256 is stored', async () => {
    expect(keyA).toMatch(/^slk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    const id = keyA.slice(4, 36);
    const row = await db.query(
      'SELECT secret_hash FROM api_key WHERE replace(id::text, $2, $3) = $1',
      [id, '-', ''],
    );
    expect(row.rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row.rows)).not.toContain(keyA.slice(37));
  });

  it("team A's key finds nothing of team B and changes nothing (GraphQL and REST)", async () => {
    const before = await stateOfB();
    const missing = randomUUID();
    const a = bearer(keyA);

    // GraphQL: null / not listed / not counted / NOT_FOUND / false, exactly as for an unknown id.
    const get = await gql(app, GET, { id: scenarioB }, a);
    expect(get.data).toEqual({ scenario: null });
    expect(withoutRequestId(get)).toEqual(
      withoutRequestId(await gql(app, GET, { id: missing }, a)),
    );

    const list = await gql<{ scenarios: { totalCount: number; edges: unknown[] } }>(
      app,
      LIST,
      { first: 100, filter: { tag: tagB } },
      a,
    );
    expect(list.data!.scenarios).toMatchObject({ totalCount: 0, edges: [] });
    const all = await gql<{ scenarios: { edges: { node: { id: string } }[] } }>(
      app,
      LIST,
      { first: 100 },
      a,
    );
    expect(all.data!.scenarios.edges.map((e) => e.node.id)).not.toContain(scenarioB);

    const add = await gql(app, ADD, { id: scenarioB, input: { manifest: podManifest() } }, a);
    expect(add.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const addMissing = await gql(app, ADD, { id: missing, input: { manifest: podManifest() } }, a);
    expect(add.errors?.[0]?.message.replace(scenarioB, 'ID')).toBe(
      addMissing.errors?.[0]?.message.replace(missing, 'ID'),
    );
    expect((await gql(app, DELETE, { id: scenarioB }, a)).data).toEqual({ deleteScenario: false });

    // REST: 404 like an unknown id.
    const restGet = await inject({ method: 'GET', url: `/v1/scenarios/${scenarioB}`, headers: a });
    expect(restGet.statusCode).toBe(404);
    expect(restGet.json()).toMatchObject({ code: 'NOT_FOUND' });
    const restGetMissing = await inject({
      method: 'GET',
      url: `/v1/scenarios/${missing}`,
      headers: a,
    });
    expect(restGetMissing.statusCode).toBe(404);
    const restAdd = await inject({
      method: 'POST',
      url: `/v1/scenarios/${scenarioB}/revisions`,
      headers: { ...a, 'content-type': 'application/yaml' },
      payload: podManifest({ cpu: '2' }),
    });
    expect(restAdd.statusCode).toBe(404);
    const restDel = await inject({
      method: 'DELETE',
      url: `/v1/scenarios/${scenarioB}`,
      headers: a,
    });
    expect(restDel.statusCode).toBe(404);
    const restList = await inject({ method: 'GET', url: `/v1/scenarios?tag=${tagB}`, headers: a });
    expect(restList.statusCode).toBe(200);
    expect(restList.json()).toMatchObject({ items: [], totalCount: 0, nextCursor: null });

    expect(await stateOfB()).toEqual(before);
    // B still sees its scenario.
    const own = await gql<{ scenario: { id: string } }>(app, GET, { id: scenarioB }, bearer(keyB));
    expect(own.data!.scenario.id).toBe(scenarioB);
    const ownList = await gql<{ scenarios: { totalCount: number } }>(
      app,
      LIST,
      { first: 10, filter: { tag: tagB } },
      bearer(keyB),
    );
    expect(ownList.data!.scenarios.totalCount).toBe(1);
  });

  it('missing, malformed, unknown, wrong-secret and revoked keys all get the identical 401', async () => {
    const keys = app.get(ApiKeysService);
    const revoked = await keys.create(`team-r-${randomUUID()}`);
    expect(await keys.revoke(revoked.keyId)).toBe(true);
    const unknown = `slk_${randomUUID().replace(/-/g, '')}_${keyA.slice(37)}`;
    const wrongSecret = `${keyA.slice(0, 37)}${'A'.repeat(43)}`;
    const variants: Record<string, string>[] = [
      {},
      { authorization: 'Bearer nonsense' },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      bearer(unknown),
      bearer(wrongSecret),
      bearer(revoked.key),
    ];
    const gqlBodies = new Set<string>();
    const restBodies = new Set<string>();
    for (const headers of variants) {
      const g = await gql(app, ANALYZE, { m: podManifest() }, headers);
      expect(g.status).toBe(401);
      expect(g.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      gqlBodies.add(JSON.stringify(withoutRequestId(g)));
      const r = await inject({ method: 'GET', url: '/v1/scenarios', headers });
      expect(r.statusCode).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
      restBodies.add(JSON.stringify(withoutRequestId(r.json())));
      const post = await inject({
        method: 'POST',
        url: '/v1/analyze',
        headers: { ...headers, 'content-type': 'application/yaml' },
        payload: podManifest(),
      });
      expect(post.statusCode).toBe(401);
    }
    expect(gqlBodies.size).toBe(1);
    expect(restBodies.size).toBe(1);
  });

  it('analyze needs a key like any other request, and works with one (recording its use)', async () => {
    const ok = await gql(app, ANALYZE, { m: podManifest() }, bearer(keyA));
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
    const id = keyA.slice(4, 36);
    let used: unknown = null;
    for (let i = 0; i < 50 && used === null; i++) {
      const row = await db.query(
        "SELECT last_used_at FROM api_key WHERE replace(id::text, '-', '') = $1",
        [id],
      );
      used = row.rows[0].last_used_at;
      if (used === null) await new Promise((r) => setTimeout(r, 20));
    }
    expect(used).toBeInstanceOf(Date);
  });

  it('probes, metrics, the playground and the OpenAPI docs need no key', async () => {
    for (const url of [
      '/healthz',
      '/readyz',
      '/metrics',
      '/openapi.json',
      '/playground/playground.js',
    ]) {
      const res = await inject({ method: 'GET', url });
      expect([url, res.statusCode]).toEqual([url, 200]);
    }
    const docs = await inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBeLessThan(400);
    const page = await inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    // The same path as an API call still needs a key.
    const api = await inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D' });
    expect(api.statusCode).toBe(401);
  });

  it('npm run apikey -- create prints the key alone on the last line; revoke makes it fail', async () => {
    const env = { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent' };
    const team = `cli-${randomUUID()}`;
    const created = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/apikey.ts', 'create', '--team', team],
      { cwd: ROOT, env },
    );
    const lines = created.stdout.trim().split('\n');
    const key = lines.at(-1)!;
    expect(key).toMatch(/^slk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect((await gql(app, ANALYZE, { m: podManifest() }, bearer(key))).status).toBe(200);
    const keyId = /key id: (\S+)/.exec(created.stdout)![1]!;
    await run(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/apikey.ts', 'revoke', keyId],
      {
        cwd: ROOT,
        env,
      },
    );
    expect((await gql(app, ANALYZE, { m: podManifest() }, bearer(key))).status).toBe(401);
  }, 60_000);
});

describe('rate limiting', () => {
  it('limits each key separately: 429 + Retry-After on REST, RATE_LIMITED with retryAfterSeconds on GraphQL', async () => {
    const app = await bootApp({ authMode: 'apikey', rateLimitPerMinute: 3 });
    try {
      const keys = app.get(ApiKeysService);
      const a = bearer((await keys.create(`rl-a-${randomUUID()}`)).key);
      const b = bearer((await keys.create(`rl-b-${randomUUID()}`)).key);
      for (let i = 0; i < 3; i++) {
        const ok = await app.inject({ method: 'GET', url: '/v1/scenarios', headers: a });
        expect(ok.statusCode).toBe(200);
        expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
      }
      const limited = await app.inject({ method: 'GET', url: '/v1/scenarios', headers: a });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.json()).toMatchObject({
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        code: 'RATE_LIMITED',
        retryable: true,
        instance: '/v1/scenarios',
      });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(limited.json().retryAfterSeconds).toBe(retryAfter);
      // The same limit headers as an answered request: the budget, nothing left, when it is back.
      expect(limited.headers['x-ratelimit-limit']).toBe('3');
      expect(limited.headers['x-ratelimit-remaining']).toBe('0');
      expect(Number(limited.headers['x-ratelimit-reset'])).toBe(retryAfter);

      const g = await gql(app, ANALYZE, { m: podManifest() }, a);
      expect(g.status).toBe(429);
      expect(g.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect(g.errors?.[0]?.extensions?.retryAfterSeconds).toEqual(expect.any(Number));
      const raw = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...a },
        payload: JSON.stringify({ query: ANALYZE, variables: { m: podManifest() } }),
      });
      expect(raw.statusCode).toBe(429);
      expect(raw.headers['x-ratelimit-remaining']).toBe('0');
      expect(Number(raw.headers['retry-after'])).toBeGreaterThan(0);

      // Another key has its own budget; probes are never limited.
      expect((await gql(app, ANALYZE, { m: podManifest() }, b)).status).toBe(200);
      for (let i = 0; i < 5; i++) {
        expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      }
    } finally {
      await app.close();
    }
  });

  it('limits by client address in local mode', async () => {
    const app = await bootApp({ authMode: 'local', rateLimitPerMinute: 2 });
    try {
      const from = (ip: string) =>
        app.inject({ method: 'GET', url: '/v1/scenarios', remoteAddress: ip });
      expect((await from('10.0.0.1')).statusCode).toBe(200);
      expect((await from('10.0.0.1')).statusCode).toBe(200);
      expect((await from('10.0.0.1')).statusCode).toBe(429);
      expect((await from('10.0.0.2')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
