// One JSON access line per request, with a request id taken from x-request-id or generated (a
// UUID), the same id in the log, the response header, GraphQL extensions.requestId and REST error
// bodies; secrets never reach the log.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PassThrough } from 'node:stream';
import { createApp } from '../../src/app.setup';
import type { AppConfig } from '../../src/config/config';
import { loadConfig } from '../../src/config/config';
import { testDatabaseUrl } from '../support/app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let app: NestFastifyApplication;
let lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const stream = new PassThrough();
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>);
      buffered = buffered.slice(nl + 1);
    }
  });
  const config: AppConfig = {
    ...loadConfig({ LOG_LEVEL: 'info' }),
    authMode: 'local',
    workerThreads: 0,
  };
  app = await createApp(config, testDatabaseUrl(), { logDestination: stream });
});
afterAll(async () => app.close());
beforeEach(() => {
  lines = [];
});

const inject = (opts: Record<string, unknown>) =>
  app
    .getHttpAdapter()
    .getInstance()
    .inject(opts as never);

const accessLines = () => lines.filter((l) => l.msg === 'request completed');

describe('request logging', () => {
  it('writes exactly one access line per request, with method, route, status and duration', async () => {
    for (let i = 0; i < 3; i++) {
      await inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          query: 'query Versions { rules { id } }',
          operationName: 'Versions',
        }),
      });
    }
    const access = accessLines();
    expect(access).toHaveLength(3);
    for (const l of access) {
      expect(l).toMatchObject({
        level: 30,
        service: 'sidecar-lens',
        method: 'POST',
        route: '/graphql',
        statusCode: 200,
        graphqlOperation: 'Versions',
      });
      expect(typeof l.responseTimeMs).toBe('number');
      expect(String(l.requestId)).toMatch(UUID);
      expect(typeof l.time).toBe('string');
    }
    // Every request its own id: not a per-process counter such as req-1, req-2.
    expect(new Set(access.map((l) => l.requestId)).size).toBe(3);
  });

  it('takes the caller x-request-id, echoes it, and uses it in GraphQL errors', async () => {
    const res = await inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-abc.123' },
      payload: JSON.stringify({ query: '{ nope }' }),
    });
    expect(res.headers['x-request-id']).toBe('trace-abc.123');
    const body = JSON.parse(res.body) as { errors: { extensions: { requestId: string } }[] };
    expect(body.errors[0]!.extensions.requestId).toBe('trace-abc.123');
    expect(accessLines().map((l) => l.requestId)).toEqual(['trace-abc.123']);
  });

  it('replaces an unsafe x-request-id with a UUID (no log injection), and REST error bodies carry the same id', async () => {
    const res = await inject({
      method: 'GET',
      url: '/v1/scenarios?first=abc',
      headers: { 'x-request-id': 'bad id\nINJECTED' },
    });
    expect(res.statusCode).toBe(400);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect((JSON.parse(res.body) as { requestId: string }).requestId).toBe(id);
    expect(accessLines()[0]).toMatchObject({ requestId: id, statusCode: 400 });
  });

  it('never writes an API key or cookie to the log', async () => {
    await inject({
      method: 'GET',
      url: '/v1/scenarios',
      headers: { authorization: 'Bearer slk_secret_value', cookie: 'session=secret-cookie' },
    });
    const text = JSON.stringify(lines);
    expect(accessLines()).toHaveLength(1);
    expect(text).not.toContain('slk_secret_value');
    expect(text).not.toContain('secret-cookie');
  });

  it('logs health probes at debug only', async () => {
    await inject({ method: 'GET', url: '/healthz' });
    expect(accessLines()).toHaveLength(0);
  });
});
