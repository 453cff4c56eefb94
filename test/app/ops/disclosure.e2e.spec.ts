// What the service tells a stranger (issue 11, item 11): introspection and "Did you mean"
// suggestions follow GRAPHQL_INTROSPECTION / GRAPHQL_SUGGESTIONS (off by default in production);
// the playground works where introspection is on; /readyz names no host, port or error internals.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getIntrospectionQuery } from 'graphql';
import { loadConfig } from '../../../src/config/config';
import { bootApp, gql } from '../../support/app';

const SCHEMA = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "Query") { name } }';
const TYPO = '{ rulez { id } }';
const BAD_ENUM_VARIABLE =
  'query($f: FleetReportFormat!) { fleetReport(id: "00000000-0000-4000-8000-000000000000") { report(format: $f) } }';

describe('defaults', () => {
  it('introspection and suggestions are on outside production and off in production', () => {
    expect(loadConfig({})).toMatchObject({ graphqlIntrospection: true, graphqlSuggestions: true });
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({
      graphqlIntrospection: false,
      graphqlSuggestions: false,
    });
    expect(
      loadConfig({
        NODE_ENV: 'production',
        GRAPHQL_INTROSPECTION: 'true',
        GRAPHQL_SUGGESTIONS: 'true',
      }),
    ).toMatchObject({ graphqlIntrospection: true, graphqlSuggestions: true });
    expect(
      loadConfig({ GRAPHQL_INTROSPECTION: 'false', GRAPHQL_SUGGESTIONS: 'false' }),
    ).toMatchObject({ graphqlIntrospection: false, graphqlSuggestions: false });
  });
});

describe('production defaults (introspection and suggestions off)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    const prod = loadConfig({ NODE_ENV: 'production' });
    app = await bootApp({
      graphqlIntrospection: prod.graphqlIntrospection,
      graphqlSuggestions: prod.graphqlSuggestions,
    });
  });
  afterAll(() => app.close());

  it.each([
    ['__schema', SCHEMA],
    ['__type', TYPE],
  ])('refuses %s (POST)', async (field, query) => {
    const res = await gql(app, query);
    expect(res.status).toBe(400);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toContain(`introspection has been disabled`);
    expect(res.errors?.[0]?.message).toContain(field);
  });

  it('refuses the full introspection query over GET as well', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent(getIntrospectionQuery())}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('"types"');
  });

  it('still answers __typename (clients such as Apollo add it to every selection)', async () => {
    const res = await gql<{ __typename: string }>(app, '{ __typename }');
    expect(res.data).toEqual({ __typename: 'Query' });
  });

  it('a misspelt field gets no "Did you mean"', async () => {
    const res = await gql(app, TYPO);
    expect(res.errors?.[0]?.message).toBe('Cannot query field "rulez" on type "Query".');
  });

  it('a wrong enum value in a variable gets no "Did you mean" either', async () => {
    const res = await gql(app, BAD_ENUM_VARIABLE, { f: 'JSONN' });
    expect(res.errors?.[0]?.message).toMatch(/JSONN/);
    expect(JSON.stringify(res.errors)).not.toMatch(/Did you mean/);
  });
});

describe('development defaults (introspection and suggestions on)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await bootApp();
  });
  afterAll(() => app.close());

  it('answers the full introspection query the playground sends', async () => {
    const res = await gql<{ __schema: { types: unknown[] } }>(app, getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    expect(res.data!.__schema.types.length).toBeGreaterThan(20);
  });

  it('serves the playground page', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/graphql',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('suggests the field meant', async () => {
    const res = await gql(app, TYPO);
    expect(res.errors?.[0]?.message).toBe(
      'Cannot query field "rulez" on type "Query". Did you mean "rules"?',
    );
  });

  it('suggests the enum value meant', async () => {
    const res = await gql(app, BAD_ENUM_VARIABLE, { f: 'JSONN' });
    expect(res.errors?.[0]?.message).toMatch(/Did you mean the enum value "JSON"\?/);
  });
});

describe('/readyz with the database unreachable', () => {
  let app: NestFastifyApplication;
  const url = 'postgresql://sidecar:hunter2@127.0.0.9:1/sidecar_lens_hidden';
  beforeAll(async () => {
    app = await bootApp({}, url);
  });
  afterAll(() => app.close());

  it('says down per check and names no host, port, URL, user or error internals', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const body = res.json() as { status: string; error?: Record<string, { status: string }> };
    expect(body.status).toBe('error');
    expect(body.error?.database?.status).toBe('down');
    for (const secret of [
      '127.0.0.9',
      ':1',
      'postgres',
      'sidecar_lens_hidden',
      'hunter2',
      'ECONNREFUSED',
      'connect',
      'Error',
      'at ',
    ]) {
      expect(res.body).not.toContain(secret);
    }
  });
});
