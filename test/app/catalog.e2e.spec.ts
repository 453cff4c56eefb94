// GET /v1/rules: the rule catalogue over REST, the same list as the GraphQL rules query, in the
// shape the OpenAPI document promises; in apikey mode it needs a key like every other route.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv2020 from 'ajv/dist/2020';
import { bootApp, gql } from '../support/app';

describe('GET /v1/rules', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await bootApp();
  });
  afterAll(() => app.close());

  it('lists every rule the GraphQL rules query lists, valid against the OpenAPI RuleCatalog', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/rules' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json() as { rules: { id: string; severity: string; docsUrl: string }[] };

    const graphql = await gql<{ rules: { id: string; severity: string; docsUrl: string }[] }>(
      app,
      '{ rules { id severity docsUrl } }',
    );
    expect(graphql.errors).toBeUndefined();
    expect(body.rules.map(({ id, severity, docsUrl }) => ({ id, severity, docsUrl }))).toEqual(
      graphql.data!.rules,
    );
    expect(body.rules.length).toBeGreaterThan(10);

    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      components: Record<string, unknown>;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/v1/rules'] ?? {})).toContain('get');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'openapi.json', components: doc.components });
    const validate = ajv.getSchema('openapi.json#/components/schemas/RuleCatalog')!;
    expect(validate(body) ? [] : validate.errors).toEqual([]);
  });

  it('refuses other methods with 405 and Allow: GET', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/rules', payload: '' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toMatch(/GET/);
  });

  it('needs an API key in apikey mode (401 problem details)', async () => {
    const keyed = await bootApp({ authMode: 'apikey' });
    try {
      const res = await keyed.inject({ method: 'GET', url: '/v1/rules' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await keyed.close();
    }
  });
});
