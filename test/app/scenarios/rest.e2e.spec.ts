import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { bootApp } from '../../support/app';
import { podManifest } from './scenario-fixtures';

describe('REST scenario routes (/v1/scenarios)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await bootApp();
  });
  afterAll(() => app.close());

  const post = (payload: unknown) =>
    app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  it('POST creates the scenario and revision 1 (201), GET reads it, revisions append, DELETE removes it', async () => {
    const tag = `rest-${randomUUID()}`;
    const created = await post({ name: 'rest demo', tags: [tag], manifest: podManifest() });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      name: 'rest demo',
      tags: [tag],
      revisionCount: 1,
      latestRevision: { number: 1, manifest: podManifest(), changes: [] },
    });
    expect(body.latestRevision.report.workloads[0]).toMatchObject({ kind: 'Deployment' });

    const yaml = await app.inject({
      method: 'POST',
      url: `/v1/scenarios/${body.id}/revisions?kubernetesVersion=1.33`,
      headers: { 'content-type': 'application/yaml' },
      payload: podManifest({ cpu: '1' }),
    });
    expect(yaml.statusCode).toBe(201);
    expect(yaml.json()).toMatchObject({ number: 2, kubernetesVersion: '1.33' });
    expect(yaml.json().changes).toEqual(
      expect.arrayContaining([
        {
          field: 'workloads[Deployment/checkout].resources.requests.cpu',
          before: '250m',
          after: '1',
        },
      ]),
    );

    const envelope = await app.inject({
      method: 'POST',
      url: `/v1/scenarios/${body.id}/revisions`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ manifest: podManifest({ cpu: '2' }) }),
    });
    expect(envelope.statusCode).toBe(201);
    expect(envelope.json()).toMatchObject({ number: 3 });

    const got = await app.inject({ method: 'GET', url: `/v1/scenarios/${body.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      id: body.id,
      revisionCount: 3,
      latestRevision: { number: 3 },
    });

    const list = await app.inject({ method: 'GET', url: `/v1/scenarios?tag=${tag}&first=10` });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      totalCount: 1,
      nextCursor: null,
      items: [{ id: body.id, latestRevision: { number: 3 } }],
    });

    const del = await app.inject({ method: 'DELETE', url: `/v1/scenarios/${body.id}` });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/v1/scenarios/${body.id}` })).statusCode).toBe(
      404,
    );
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/scenarios/${body.id}` })).statusCode,
    ).toBe(404);
  });

  it('pages with nextCursor', async () => {
    const tag = `rest-page-${randomUUID()}`;
    for (let i = 0; i < 3; i++) {
      expect((await post({ name: `p${i}`, tags: [tag], manifest: podManifest() })).statusCode).toBe(
        201,
      );
    }
    const first = (
      await app.inject({ method: 'GET', url: `/v1/scenarios?tag=${tag}&first=2` })
    ).json();
    expect(first.items.map((s: { name: string }) => s.name)).toEqual(['p2', 'p1']);
    const second = (
      await app.inject({
        method: 'GET',
        url: `/v1/scenarios?tag=${tag}&first=2&after=${first.nextCursor}`,
      })
    ).json();
    expect(second.items.map((s: { name: string }) => s.name)).toEqual(['p0']);
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    ['no name', { manifest: 'kind: Pod' }, 'name'],
    ['a number as name', { name: 5, manifest: 'kind: Pod' }, 'name'],
    ['an unknown field', { name: 'x', manifest: 'kind: Pod', extra: 1 }, 'extra'],
    ['a NUL in the manifest', { name: 'x', manifest: 'kind: Pod\u0000' }, 'manifest'],
    ['a lone surrogate in the name', { name: '\uD83D', manifest: 'kind: Pod' }, 'name'],
    ['not a Kubernetes object', { name: 'x', manifest: '{{{' }, 'manifest'],
  ])('POST with %s is 400 naming the field', async (_t, payload, field) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(res.json().causes)).toContain(field);
  });

  it('GET with first=0 or first=101 or a tampered cursor is 400', async () => {
    for (const q of [
      'first=0',
      'first=101',
      'first=abc',
      'after=zzzz',
      'first=1&first=2',
      'tag=a&tag=b',
      'nameContains=a&nameContains=b',
      'after=a&after=b',
    ]) {
      const res = await app.inject({ method: 'GET', url: `/v1/scenarios?${q}` });
      expect([q, res.statusCode]).toEqual([q, 400]);
    }
    const abc = await app.inject({ method: 'GET', url: '/v1/scenarios?first=abc' });
    expect(abc.json().causes).toEqual([
      { field: 'first', message: 'must be a whole number from 1 to 100 (got "abc")' },
    ]);
  });

  it('the OpenAPI document describes the scenario routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/scenarios',
        '/v1/scenarios/{id}',
        '/v1/scenarios/{id}/revisions',
      ]),
    );
    expect(Object.keys(doc.paths['/v1/scenarios/{id}'])).toEqual(
      expect.arrayContaining(['get', 'delete']),
    );
  });
});
