// GraphQL over HTTP as real clients speak it: graphql-http's audit suite (every MUST of the spec),
// Apollo Client with automatic persisted queries against the listening service, and Relay's
// PageInfo.
import {
  ApolloClient,
  ApolloLink,
  HttpLink,
  InMemoryCache,
  gql as apolloGql,
} from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { auditServer } from 'graphql-http';
import { createHash } from 'node:crypto';
import { bootApp, gql } from '../../support/app';

let app: NestFastifyApplication;
let url: string;
const seen: { hasQuery: boolean; hasHash: boolean }[] = [];

beforeAll(async () => {
  app = await bootApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  url = `http://127.0.0.1:${port}/graphql`;
});
afterAll(async () => app.close());

describe('GraphQL over HTTP', () => {
  it('passes every MUST of the graphql-http audit', async () => {
    const results = await auditServer({ url });
    expect(results.length).toBeGreaterThan(20);
    const failedMusts = results
      .filter((r) => r.status === 'error')
      .map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failedMusts).toEqual([]);
  });

  it('accepts "extensions": null as absent', async () => {
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ query: '{ rules { id } }', variables: null, extensions: null }),
      });
    expect(res.statusCode).toBe(200);
    expect(
      (JSON.parse(res.body) as { data: { rules: unknown[] } }).data.rules.length,
    ).toBeGreaterThan(0);
  });

  it('a body with neither a query nor a hash is a 400 that says so', async () => {
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('no \\"query\\"');
  });
});

describe('automatic persisted queries with Apollo Client', () => {
  it('sends the hash, retries once with the text on PERSISTED_QUERY_NOT_FOUND, then sends the hash alone', async () => {
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: ApolloLink.from([
        new PersistedQueryLink({
          sha256: (q: string) => createHash('sha256').update(q).digest('hex'),
        }),
        new HttpLink({
          uri: url,
          // What goes over the wire, as the server receives it.
          fetch: (input: RequestInfo | URL, init?: RequestInit) => {
            const body = JSON.parse(String(init?.body)) as {
              query?: unknown;
              extensions?: { persistedQuery?: unknown };
            };
            seen.push({
              hasQuery: typeof body.query === 'string',
              hasHash: Boolean(body.extensions?.persistedQuery),
            });
            return fetch(input, init);
          },
        }),
      ]),
    });
    const query = apolloGql`
      query RuleIds {
        rules {
          id
        }
      }
    `;
    seen.length = 0;
    const first = await client.query({ query, fetchPolicy: 'network-only' });
    expect((first.data as { rules: { id: string }[] }).rules.length).toBeGreaterThan(0);
    // The hash alone first; the server does not know it; the client sends hash + text.
    expect(seen).toEqual([
      { hasQuery: false, hasHash: true },
      { hasQuery: true, hasHash: true },
    ]);
    seen.length = 0;
    const second = await client.query({ query, fetchPolicy: 'network-only' });
    expect(second.data).toEqual(first.data);
    expect(seen).toEqual([{ hasQuery: false, hasHash: true }]);
  });

  it('refuses a hash that does not match its text', async () => {
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          query: '{ rules { id } }',
          extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
        }),
      });
    expect(res.statusCode).toBe(400);
    expect(
      (JSON.parse(res.body) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions
        .code,
    ).toBe('BAD_USER_INPUT');
  });
});

describe('Relay PageInfo', () => {
  it('has startCursor and hasPreviousPage besides endCursor and hasNextPage', async () => {
    for (const name of ['pi-a', 'pi-b', 'pi-c']) {
      await gql(app, 'mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }', {
        i: {
          name,
          analysis: {
            manifest:
              'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: nginx}]\n',
          },
        },
      });
    }
    const q = `query($after: String) { scenarios(first: 2, after: $after, filter: { nameContains: "pi-" }) {
      edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    type P = { scenarios: { edges: { cursor: string }[]; pageInfo: Record<string, unknown> } };
    const one = (await gql<P>(app, q)).data!.scenarios;
    expect(one.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: one.edges[0]!.cursor,
      endCursor: one.edges[1]!.cursor,
    });
    const two = (await gql<P>(app, q, { after: one.pageInfo.endCursor })).data!.scenarios;
    expect(two.edges.length).toBeGreaterThanOrEqual(1);
    expect(two.pageInfo).toMatchObject({
      hasPreviousPage: true,
      startCursor: two.edges[0]!.cursor,
    });
  });
});
