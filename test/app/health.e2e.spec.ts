import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootApp } from '../support/app';

describe('health', () => {
  describe('with the database up', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await bootApp();
    });
    afterAll(() => app.close());

    it('/healthz answers 200 without touching the database', async () => {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok' });
      expect(JSON.stringify(res.json())).not.toContain('database');
    });

    it('/readyz answers 200 when PostgreSQL is reachable', async () => {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });
  });

  describe('with DATABASE_URL pointing at nothing', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
      app = await bootApp(
        { dbPoolAcquireTimeoutMs: 500 },
        'postgresql://nobody:x@127.0.0.1:9/none',
      );
    });
    afterAll(() => app.close());

    it('still starts; /healthz is OK and /readyz says 503', async () => {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'error',
        error: { database: { status: 'down' } },
      });
    });

    it('analyze, which needs no database, keeps working', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          query:
            'query($m: String!) { analyze(input: { manifest: $m }) { workloads { name containers { name role } } } }',
          variables: {
            m: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: app, image: nginx}\n',
          },
        }),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        data: {
          analyze: { workloads: [{ name: 'p', containers: [{ name: 'app', role: 'APP' }] }] },
        },
      });
    });
  });
});
