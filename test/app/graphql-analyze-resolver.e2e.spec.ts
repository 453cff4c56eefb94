// The analyze query runs as a plain resolver, outside Nest's resolver pipeline
// (src/modules/analysis/analyze-resolver.ts): the rate limit is checked there once per request,
// with the answers of the throttler guard the other operations and REST routes go through (which
// checks it synchronously too).
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AppThrottlerGuard } from '../../src/modules/auth/app-throttler.guard';
import { bootApp } from '../support/app';

const ANALYZE = `query ($input: AnalyzeInput!) {
  analyze(input: $input) { kubernetesVersion workloads { name containers { name role } } }
}`;
const POD =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: app, image: nginx}]\n';

describe('GraphQL analyze outside the Nest resolver pipeline', () => {
  let app: NestFastifyApplication;
  const post = (query: string, variables: Record<string, unknown> = {}) =>
    app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ query, variables }),
      });

  beforeAll(async () => {
    app = await bootApp({ authMode: 'local', rateLimitPerMinute: 4 });
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  it('answers without the guard, counting each request once against the same budget as the rest of the API', async () => {
    const guard = jest.spyOn(AppThrottlerGuard.prototype, 'canActivate');
    // The guard checks the one throttler itself, synchronously: never through the base class'
    // metadata lookups.
    const base = jest.spyOn(ThrottlerGuard.prototype, 'canActivate');
    const first = await post(ANALYZE, { input: { manifest: POD, kubernetesVersion: '1.33' } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      data: {
        analyze: {
          kubernetesVersion: '1.33',
          workloads: [{ name: 'web', containers: [{ name: 'app', role: 'APP' }] }],
        },
      },
    });
    expect(first.headers['x-ratelimit-limit']).toBe('4');
    expect(first.headers['x-ratelimit-remaining']).toBe('3');
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect(guard).not.toHaveBeenCalled();

    // Another operation goes through the guard, and shares the budget.
    const rules = await post('{ rules { id } }');
    expect(rules.statusCode).toBe(200);
    expect(guard).toHaveBeenCalledTimes(1);
    expect(rules.headers['x-ratelimit-remaining']).toBe('2');

    const second = await post(ANALYZE, { input: { manifest: POD } });
    expect(second.headers['x-ratelimit-remaining']).toBe('1');
    // A REST request counts against it too.
    const rest = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: { 'content-type': 'application/yaml' },
      payload: POD,
    });
    expect(rest.statusCode).toBe(200);
    expect(rest.headers['x-ratelimit-remaining']).toBe('0');

    const limited = await post(ANALYZE, { input: { manifest: POD } });
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-limit']).toBe('4');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(limited.headers['x-ratelimit-reset'])).toBe(retryAfter);
    const body = limited.json() as {
      data: unknown;
      errors: { message: string; path: string[]; extensions: Record<string, unknown> }[];
    };
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.path).toEqual(['analyze']);
    expect(body.errors[0]!.message).toBe(
      `Rate limit of 4 requests per 60 s exceeded; retry in ${retryAfter} s.`,
    );
    expect(body.errors[0]!.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: retryAfter,
    });
    // The REST request went through it, the refused analyze did not.
    expect(guard).toHaveBeenCalledTimes(2);
    expect(base).not.toHaveBeenCalled();
  });
});
