// Rate limits that a client cannot dodge (issue 11, item 10): X-Forwarded-For counts only from
// proxies TRUST_PROXY names; bad API keys are throttled per address and a repeated bad key costs
// no database lookup.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../../src/config/config';
import { ApiKeysService } from '../../../src/modules/auth/api-keys.service';
import { bootApp } from '../../support/app';

// Every SQL statement the service sends goes through pg.Client#query (Prisma's pg adapter included).
let sqlCount = 0;
const originalQuery = pg.Client.prototype.query;
beforeAll(() => {
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    sqlCount++;
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(() => {
  pg.Client.prototype.query = originalQuery;
});

/** A well-formed key (prefix, 32 hex digits of id, 43 characters of secret) no team owns. */
const unknownKey = () =>
  `slk_${randomUUID().replace(/-/g, '')}_${randomBytes(32).toString('base64url')}`;

const rules = (
  app: NestFastifyApplication,
  headers: Record<string, string> = {},
  remoteAddress = '127.0.0.1',
) => app.inject({ method: 'GET', url: '/v1/rules', headers, remoteAddress });

describe('X-Forwarded-For and the rate limit (local mode)', () => {
  it('TRUST_PROXY unset: a spoofed X-Forwarded-For does not give a fresh budget', async () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    const app = await bootApp({ rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await rules(app, { 'x-forwarded-for': `203.0.113.${i + 1}` }, '192.0.2.50')).statusCode,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await app.close();
    }
  });

  it('TRUST_PROXY=true: the client named by the proxy is counted, each with its own budget', async () => {
    const app = await bootApp({
      rateLimitPerMinute: 3,
      trustProxy: loadConfig({ TRUST_PROXY: 'true' }).trustProxy,
    });
    try {
      const distinct: number[] = [];
      for (let i = 0; i < 5; i++) {
        distinct.push((await rules(app, { 'x-forwarded-for': `198.51.100.${i + 1}` })).statusCode);
      }
      expect(distinct).toEqual([200, 200, 200, 200, 200]);
      const same: number[] = [];
      for (let i = 0; i < 4; i++) {
        same.push((await rules(app, { 'x-forwarded-for': '198.51.100.77' })).statusCode);
      }
      expect(same).toEqual([200, 200, 200, 429]);
    } finally {
      await app.close();
    }
  });

  it('TRUST_PROXY=<address>: X-Forwarded-For is followed only from that proxy', async () => {
    const app = await bootApp({
      rateLimitPerMinute: 2,
      trustProxy: loadConfig({ TRUST_PROXY: '10.0.0.1' }).trustProxy,
    });
    try {
      // Through the trusted proxy: two clients, two budgets.
      expect((await rules(app, { 'x-forwarded-for': '198.51.100.1' }, '10.0.0.1')).statusCode).toBe(
        200,
      );
      expect((await rules(app, { 'x-forwarded-for': '198.51.100.2' }, '10.0.0.1')).statusCode).toBe(
        200,
      );
      // Straight from another address: its header is ignored, the address itself is counted.
      const direct: number[] = [];
      for (let i = 0; i < 3; i++) {
        direct.push(
          (await rules(app, { 'x-forwarded-for': `198.51.100.${10 + i}` }, '192.0.2.9')).statusCode,
        );
      }
      expect(direct).toEqual([200, 200, 429]);
    } finally {
      await app.close();
    }
  });
});

describe('bad API keys (AUTH_MODE=apikey)', () => {
  it('an address presenting bad keys gets 429 with Retry-After after AUTH_FAILURES_PER_MINUTE, with no lookup', async () => {
    const app = await bootApp({ authMode: 'apikey', authFailuresPerMinute: 5 });
    try {
      const good = (await app.get(ApiKeysService).create(`limits-${randomUUID()}`)).key;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await rules(app, { authorization: `Bearer ${unknownKey()}` }, '192.0.2.77');
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401]);

      sqlCount = 0;
      const refused = await rules(app, { authorization: `Bearer ${unknownKey()}` }, '192.0.2.77');
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.json()).toMatchObject({
        code: 'RATE_LIMITED',
        retryable: true,
        retryAfterSeconds: Number(refused.headers['retry-after']),
      });
      expect(refused.json().detail).toMatch(/AUTH_FAILURES_PER_MINUTE/);
      expect(sqlCount).toBe(0);

      // GraphQL answers in its own shape, with the same header.
      const gql = await app.inject({
        method: 'POST',
        url: '/graphql',
        remoteAddress: '192.0.2.77',
        headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
        payload: JSON.stringify({ query: '{ rules { id } }' }),
      });
      expect(gql.statusCode).toBe(429);
      expect(gql.headers['retry-after']).toBeDefined();
      expect(gql.json().errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });

      // Another address is not affected, nor is a good key from it.
      expect((await rules(app, { authorization: `Bearer ${good}` }, '192.0.2.78')).statusCode).toBe(
        200,
      );
      expect(
        (await rules(app, { authorization: `Bearer ${unknownKey()}` }, '192.0.2.78')).statusCode,
      ).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('the same bad key sent again costs no database lookup', async () => {
    const app = await bootApp({ authMode: 'apikey', authFailuresPerMinute: 1000 });
    try {
      const key = unknownKey();
      sqlCount = 0;
      expect((await rules(app, { authorization: `Bearer ${key}` })).statusCode).toBe(401);
      const first = sqlCount;
      expect(first).toBeGreaterThanOrEqual(1);
      for (let i = 0; i < 20; i++) {
        expect((await rules(app, { authorization: `Bearer ${key}` })).statusCode).toBe(401);
      }
      expect(sqlCount).toBe(first);
      console.log(`21 requests with one unknown key: ${sqlCount} SQL statement(s)`);

      // A revoked key is remembered the same way once the database refused it.
      const keys = app.get(ApiKeysService);
      const created = await keys.create(`limits-${randomUUID()}`);
      expect((await rules(app, { authorization: `Bearer ${created.key}` })).statusCode).toBe(200);
      expect(await keys.revoke(created.keyId)).toBe(true);
      expect((await rules(app, { authorization: `Bearer ${created.key}` })).statusCode).toBe(401);
      sqlCount = 0;
      expect((await rules(app, { authorization: `Bearer ${created.key}` })).statusCode).toBe(401);
      expect(sqlCount).toBe(0);
    } finally {
      await app.close();
    }
  });
});
