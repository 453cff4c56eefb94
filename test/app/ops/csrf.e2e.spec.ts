// Cross-site request forgery (issue 11, item 4): a web page on another site can make a browser
// send a form POST (application/x-www-form-urlencoded, multipart/form-data) or a no-cors fetch
// (text/plain, or no Content-Type) without a CORS preflight. None of them may change saved data;
// the same operations as JSON still work. CORS is off unless CORS_ORIGINS lists origins.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../../src/config/config';
import { bootApp, gql, testDatabaseUrl } from '../../support/app';
import { CREATE, DELETE, podManifest } from '../scenarios/scenario-fixtures';

let app: NestFastifyApplication;
let db: pg.Client;

beforeAll(async () => {
  app = await bootApp();
  db = new pg.Client({ connectionString: testDatabaseUrl() });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await app.close();
});

async function createScenario(name: string): Promise<string> {
  const res = await gql<{ createScenario: { id: string } }>(app, CREATE, {
    input: { name, analysis: { manifest: podManifest() } },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.createScenario.id;
}

/** What the database holds for a scenario: null when it does not exist. */
async function stored(id: string): Promise<{ revisions: number } | null> {
  const r = await db.query<{ n: string }>(
    'SELECT count(r.id) AS n FROM scenario s LEFT JOIN scenario_revision r ON r.scenario_id = s.id WHERE s.id = $1 GROUP BY s.id',
    [id],
  );
  return r.rows[0] ? { revisions: Number(r.rows[0].n) } : null;
}

async function scenariosNamed(name: string): Promise<number> {
  const r = await db.query<{ n: string }>('SELECT count(*) AS n FROM scenario WHERE name = $1', [
    name,
  ]);
  return Number(r.rows[0]!.n);
}

describe('GraphQL mutations only from requests a browser preflights', () => {
  it('a cross-site form POST (x-www-form-urlencoded) running deleteScenario is refused (415) and deletes nothing', async () => {
    const id = await createScenario(`csrf-${randomUUID()}`);
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        query: `mutation { deleteScenario(id: "${id}") }`,
      }).toString(),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.json().errors[0].message).toMatch(/application\/json.*cross-site request forgery/s);
    expect(await stored(id)).toEqual({ revisions: 1 });
  });

  it('a multipart/form-data POST is refused too', async () => {
    const id = await createScenario(`csrf-${randomUUID()}`);
    const boundary = 'x-boundary';
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="query"\r\n\r\nmutation { deleteScenario(id: "${id}") }\r\n--${boundary}--\r\n`,
    });
    expect(res.statusCode).toBe(415);
    expect(await stored(id)).toEqual({ revisions: 1 });
  });

  it('a text/plain POST (no-cors fetch) of createScenario is refused and creates nothing', async () => {
    const name = `csrf-${randomUUID()}`;
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      payload: JSON.stringify({
        query: CREATE,
        variables: { input: { name, analysis: { manifest: podManifest() } } },
      }),
    });
    expect(res.statusCode).toBe(415);
    expect(await scenariosNamed(name)).toBe(0);
  });

  it('a POST without Content-Type (a Blob body) is refused', async () => {
    const id = await createScenario(`csrf-${randomUUID()}`);
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: Buffer.from(JSON.stringify({ query: `mutation { deleteScenario(id: "${id}") }` })),
    });
    expect(res.statusCode).toBe(415);
    expect(await stored(id)).toEqual({ revisions: 1 });
  });

  it('a mutation over GET is refused (GraphQL over HTTP: 405) and deletes nothing', async () => {
    const id = await createScenario(`csrf-${randomUUID()}`);
    const res = await app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent(`mutation { deleteScenario(id: "${id}") }`)}`,
    });
    expect(res.statusCode).toBe(405);
    expect(await stored(id)).toEqual({ revisions: 1 });
  });

  it('the same mutations as application/json work', async () => {
    const name = `csrf-${randomUUID()}`;
    const id = await createScenario(name);
    expect(await scenariosNamed(name)).toBe(1);
    const res = await gql<{ deleteScenario: boolean }>(app, DELETE, { id });
    expect(res.data?.deleteScenario).toBe(true);
    expect(await stored(id)).toBeNull();
  });

  it('queries over GET still run (the playground)', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ rules { id } }')}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.rules.length).toBeGreaterThan(0);
  });
});

describe('REST writes only with a JSON or YAML media type', () => {
  it('a text/plain POST appending a revision is refused with 415 problem details and appends nothing', async () => {
    const id = await createScenario(`csrf-${randomUUID()}`);
    const res = await app.inject({
      method: 'POST',
      url: `/v1/scenarios/${id}/revisions`,
      headers: { 'content-type': 'text/plain' },
      payload: podManifest({ cpu: '1' }),
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      instance: `/v1/scenarios/${id}/revisions`,
    });
    expect(res.json().detail).toMatch(/application\/yaml or application\/json/);
    expect(res.json().detail).toMatch(/cross-site request forgery/);
    expect(await stored(id)).toEqual({ revisions: 1 });
  });

  it('a form POST creating a scenario is refused and creates nothing', async () => {
    const name = `csrf-${randomUUID()}`;
    const res = await app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ name, manifest: podManifest() }).toString(),
    });
    expect(res.statusCode).toBe(415);
    expect(await scenariosNamed(name)).toBe(0);
  });

  it('a text/plain POST of a fleet dump is refused (it would start a job)', async () => {
    const before = await db.query<{ n: string }>('SELECT count(*) AS n FROM fleet_report');
    const res = await app.inject({
      method: 'POST',
      url: '/v1/fleet-reports',
      headers: { 'content-type': 'text/plain' },
      payload: podManifest(),
    });
    expect(res.statusCode).toBe(415);
    const after = await db.query<{ n: string }>('SELECT count(*) AS n FROM fleet_report');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('the same revision as application/yaml is appended', async () => {
    const id = await createScenario(`csrf-${randomUUID()}`);
    const res = await app.inject({
      method: 'POST',
      url: `/v1/scenarios/${id}/revisions`,
      headers: { 'content-type': 'application/yaml' },
      payload: podManifest({ cpu: '1' }),
    });
    expect(res.statusCode).toBe(201);
    expect(await stored(id)).toEqual({ revisions: 2 });
  });

  it('analysis, which saves nothing, still takes text/plain', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: { 'content-type': 'text/plain' },
      payload: podManifest(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().workloads).toHaveLength(1);
  });
});

describe('CORS', () => {
  const preflight = (a: NestFastifyApplication, origin: string) =>
    a.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('is off by default: a preflight from any origin gets no Access-Control-Allow-* headers', async () => {
    const res = await preflight(app, 'https://evil.example');
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const get = await app.inject({
      method: 'GET',
      url: '/v1/rules',
      headers: { origin: 'https://evil.example' },
    });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  describe('with CORS_ORIGINS', () => {
    let withCors: NestFastifyApplication;
    beforeAll(async () => {
      withCors = await bootApp({
        corsOrigins: loadConfig({ CORS_ORIGINS: 'https://portal.example.com' }).corsOrigins,
        authMode: 'apikey',
      });
    });
    afterAll(() => withCors.close());

    it('allows a listed origin (preflight answered before authentication)', async () => {
      const res = await preflight(withCors, 'https://portal.example.com');
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://portal.example.com');
      expect(String(res.headers['access-control-allow-headers'])).toMatch(/content-type/);
      expect(String(res.headers['access-control-allow-headers'])).toMatch(/authorization/);
      expect(String(res.headers['access-control-allow-methods'])).toMatch(/POST/);
    });

    it('gives an unlisted origin no allow headers', async () => {
      const res = await preflight(withCors, 'https://evil.example');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const get = await withCors.inject({
        method: 'GET',
        url: '/healthz',
        headers: { origin: 'https://evil.example' },
      });
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('a listed origin reads the answer and its Retry-After / request id', async () => {
      const res = await withCors.inject({
        method: 'GET',
        url: '/healthz',
        headers: { origin: 'https://portal.example.com' },
      });
      expect(res.headers['access-control-allow-origin']).toBe('https://portal.example.com');
      expect(String(res.headers['access-control-expose-headers'])).toMatch(/retry-after/);
      expect(String(res.headers['access-control-expose-headers'])).toMatch(/x-request-id/);
    });
  });
});

describe('listening address', () => {
  it('local mode listens on loopback when HOST is unset', () => {
    expect(loadConfig({}).authMode).toBe('local');
    expect(loadConfig({}).host).toBe('127.0.0.1');
  });

  it('HOST overrides it', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
  });

  it('apikey mode (a shared deployment) listens on every interface by default', () => {
    expect(loadConfig({ AUTH_MODE: 'apikey' }).host).toBe('0.0.0.0');
  });

  it('the service bound to that address accepts connections there', async () => {
    const config = loadConfig({});
    await app.listen({ port: 0, host: config.host });
    const address = app.getHttpServer().address() as { address: string };
    expect(address.address).toBe('127.0.0.1');
  });
});
