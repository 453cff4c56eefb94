import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GRAPHQL_LIMITS } from '../../src/common/graphql-limits';
import { bootApp, gql } from '../support/app';

describe('GraphQL request limits', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await bootApp();
  });
  afterAll(() => app.close());

  it(`refuses more than ${GRAPHQL_LIMITS.maxAliases} aliases before execution, naming the limit`, async () => {
    const fields = Array.from(
      { length: GRAPHQL_LIMITS.maxAliases + 5 },
      (_, i) => `a${i}: rules { id }`,
    ).join(' ');
    const res = await gql(app, `{ ${fields} }`);
    expect(res.status).toBe(400);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(
      new RegExp(`Aliases limit of ${GRAPHQL_LIMITS.maxAliases} exceeded`),
    );
  });

  it(`refuses a query of more than ${GRAPHQL_LIMITS.maxTokens} tokens`, async () => {
    const fields = Array.from({ length: GRAPHQL_LIMITS.maxTokens }, () => 'id').join(' ');
    const res = await gql(app, `{ rules { ${fields} } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toMatch(/Token limit of \d+ exceeded/);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a query nested deeper than the depth limit (introspection can nest without end)', async () => {
    let selection = 'name';
    for (let i = 0; i < GRAPHQL_LIMITS.queryDepth; i++) {
      selection = `ofType { ${selection} }`;
    }
    const res = await gql(app, `{ __schema { types { fields { type { ${selection} } } } } }`);
    expect(res.status).toBe(400);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/query depth .* exceeds the query depth limit of 16/);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses batched operations', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([{ query: '{ rules { id } }' }, { query: '{ rules { id } }' }]),
    });
    expect(res.statusCode).toBe(400);
  });

  it.each([
    ['a number', 5, 'Syntax Error: Unexpected Int "5".'],
    ['a JSON list', '[1]', 'Syntax Error: Unexpected "[".'],
    ['a JSON object', '{"kind":"Document"}', 'Syntax Error: Expected Name, found String "kind".'],
    ['a typo', '{ rules { id }', 'Syntax Error: Expected Name, found <EOF>.'],
  ])(
    'answers a query that is %s, not GraphQL, with GRAPHQL_PARSE_FAILED (400), never a 500',
    async (_what, query, message) => {
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ query }),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([
        expect.objectContaining({
          message,
          locations: [expect.objectContaining({ line: 1 })],
          extensions: expect.objectContaining({ code: 'GRAPHQL_PARSE_FAILED' }),
        }),
      ]);
    },
  );

  it('lets ordinary queries and the playground introspection through', async () => {
    const res = await gql(
      app,
      '{ __schema { types { name fields { name args { name type { name ofType { name ofType { name } } } } } } } rules { id } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
  });

  it('answers a body over MAX_BODY_BYTES with 413 naming the limit (a GraphQL error, not an HTML page)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        query: '{ rules { id } }',
        variables: { pad: 'x'.repeat(4 * 1024 * 1024) },
      }),
    });
    expect(res.statusCode).toBe(413);
    const body = res.json() as {
      data: null;
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.errors[0]?.message).toContain('MAX_BODY_BYTES');
  });
});

describe('GraphQL limits are configurable', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await bootApp({ graphqlMaxAliases: 2 });
  });
  afterAll(() => app.close());

  it('GRAPHQL_MAX_ALIASES=2 refuses three aliases', async () => {
    const res = await gql(app, '{ a: rules { id } b: rules { id } c: rules { id } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toMatch(/Aliases limit of 2 exceeded/);
  });
});
