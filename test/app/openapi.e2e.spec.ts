// The OpenAPI document tells a client generator the truth: every response has a schema (no
// `content?: never` in a generated client), the schemas are the TypeScript types the handlers
// return (generated, committed, checked here for drift), real responses validate against them,
// and the security matches AUTH_MODE. Errors are RFC 9457 problem details.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { generateRestSchemas } from '../../scripts/openapi-schemas';
import { SCENARIO_LIMITS } from '../../src/modules/scenarios/scenario-input';
import { REST_SCHEMAS } from '../../src/openapi/schemas.generated';
import { bootApp } from '../support/app';
import { REPO_ROOT } from '../support/shared';
import { podManifest } from './scenarios/scenario-fixtures';

type Doc = {
  openapi: string;
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
};
type Operation = {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  requestBody?: { content: Record<string, { schema?: unknown }> };
};

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.has(m))
      .map(([m, op]) => ({ name: `${m.toUpperCase()} ${p}`, op })),
  );

let app: NestFastifyApplication;
let doc: Doc;
let ajv: Ajv2020;

beforeAll(async () => {
  app = await bootApp({ authMode: 'apikey' });
  doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Doc;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
});
afterAll(() => app.close());

/** The validation errors of `body` against the component schema `name` (none: valid). */
function problems(name: string, body: unknown): unknown[] {
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${name}`);
  if (!validate) throw new Error(`no component schema ${name}`);
  return validate(body) ? [] : (validate.errors ?? []);
}

describe('the OpenAPI document', () => {
  it('is the committed docs/openapi.json, which `npm run lint:openapi` checks (run `npm run openapi:generate` after a change)', () => {
    const committed = JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'docs', 'openapi.json'), 'utf8'),
    );
    expect(doc).toEqual(committed);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('has component schemas generated from the TypeScript types the handlers return (after changing a report or REST type, run `npm run openapi:generate`)', () => {
    expect(REST_SCHEMAS).toEqual(generateRestSchemas());
  }, 30_000);

  it('gives every response but 204 a body schema, and every reference resolves', () => {
    const missing: string[] = [];
    for (const { name, op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses)) {
        const content = Object.entries(response.content ?? {});
        if (status === '204') {
          if (content.length > 0) missing.push(`${name} ${status} has a body`);
          continue;
        }
        if (content.length === 0) missing.push(`${name} ${status}: no content`);
        for (const [type, media] of content) {
          if (!media.schema) missing.push(`${name} ${status} ${type}: no schema`);
          if (/^[45]/.test(status) && type !== 'application/problem+json') {
            missing.push(`${name} ${status}: ${type} instead of application/problem+json`);
          }
        }
      }
      // Each operation documents its refusals.
      for (const status of ['400', '401', '429', '503']) {
        if (!op.responses[status]) missing.push(`${name}: no ${status}`);
      }
    }
    expect(missing).toEqual([]);
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    const unresolved = [...new Set(refs)]
      .map((r) => r.slice('"#/components/schemas/'.length, -1))
      .filter((n) => !(n in doc.components.schemas));
    expect(unresolved).toEqual([]);
    expect(refs.length).toBeGreaterThan(20);
  });

  it('requires the API key on every operation in apikey mode, and none in local mode', async () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const { name, op } of operations(doc)) {
      expect([name, Object.keys(op.responses)]).toEqual([name, expect.arrayContaining(['401'])]);
    }
    // And the server agrees: /v1/analyze* answers 401 without a key.
    for (const url of ['/v1/analyze', '/v1/analyze/timeline.svg', '/v1/analyze/timeline.mmd']) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/yaml' },
        payload: podManifest(),
      });
      expect([url, res.statusCode]).toEqual([url, 401]);
      expect(problems('ProblemDetails', res.json())).toEqual([]);
    }
    const local = await bootApp({ authMode: 'local' });
    try {
      const localDoc = (await local.inject({ method: 'GET', url: '/openapi.json' })).json() as Doc;
      expect(localDoc.security).toBeUndefined();
      for (const { op } of operations(localDoc)) expect(op.responses['401']).toBeUndefined();
    } finally {
      await local.close();
    }
  });

  it('states the scenario limits the service enforces', () => {
    const body = doc.components.schemas.CreateScenarioBody as {
      properties: Record<string, { maxLength?: number; maxItems?: number }>;
    };
    expect(body.properties.name?.maxLength).toBe(SCENARIO_LIMITS.nameChars);
    expect(body.properties.description?.maxLength).toBe(SCENARIO_LIMITS.descriptionChars);
    expect(JSON.stringify(body.properties.tags)).toContain(`"maxItems":${SCENARIO_LIMITS.tags}`);
    expect((doc.components.schemas.ScenarioTag as { maxLength: number }).maxLength).toBe(
      SCENARIO_LIMITS.tagChars,
    );
    expect(problems('CreateScenarioBody', { name: 'a', manifest: 'kind: Pod' })).toEqual([]);
    expect(problems('CreateScenarioBody', { name: '', manifest: 'kind: Pod' })).not.toEqual([]);
  });

  it('describes JSON and YAML manifest bodies, each with its own schema', () => {
    const body = doc.paths['/v1/analyze']!.post!.requestBody!.content;
    expect(body['application/yaml']?.schema).toMatchObject({ type: 'string' });
    expect(JSON.stringify(body['application/json']?.schema)).toContain(
      '#/components/schemas/ManifestBody',
    );
  });
});

describe('real responses validate against the document', () => {
  const corpus = path.join(REPO_ROOT, 'test', 'corpus', 'real-world');

  it('AnalyzeAnswer: every real-world manifest of the corpus, at two versions, with and without pictures and fixes', async () => {
    const { ApiKeysService } = await import('../../src/modules/auth/api-keys.service');
    const key = (await app.get(ApiKeysService).create(`openapi-${randomUUID()}`)).key;
    const files = readdirSync(corpus).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const [version, extras] of [
        ['1.28', ''],
        ['1.33', '&pictures=true&fixes=true'],
      ]) {
        const res = await app.inject({
          method: 'POST',
          url: `/v1/analyze?kubernetesVersion=${version}${extras}`,
          headers: { 'content-type': 'application/yaml', authorization: `Bearer ${key}` },
          payload: readFileSync(path.join(corpus, file), 'utf8'),
        });
        expect([file, res.statusCode]).toEqual([file, 200]);
        expect([file, problems('AnalyzeAnswer', res.json())]).toEqual([file, []]);
      }
    }
    // The check can fail: a field the type does not have, or one it requires taken away.
    const report = JSON.parse(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/analyze',
          headers: { 'content-type': 'application/yaml', authorization: `Bearer ${key}` },
          payload: podManifest(),
        })
      ).body,
    ) as { workloads: Record<string, unknown>[] };
    expect(problems('AnalyzeAnswer', { ...report, undocumented: 1 })).not.toEqual([]);
    const { resources: _dropped, ...withoutResources } = report.workloads[0]!;
    expect(problems('AnalyzeAnswer', { ...report, workloads: [withoutResources] })).not.toEqual([]);
  }, 60_000);
});

describe('REST errors are RFC 9457 problem details', () => {
  let local: NestFastifyApplication;
  beforeAll(async () => {
    local = await bootApp({ authMode: 'local' });
  });
  afterAll(() => local.close());

  const expectProblem = (
    res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
    status: number,
    code: string,
    instance: string,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const body = res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'about:blank', status, code, instance });
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(problems('ProblemDetails', body)).toEqual([]);
    return body;
  };

  it('400 with causes, 404, 413, 415 and malformed JSON', async () => {
    const bad = await local.inject({
      method: 'POST',
      url: '/v1/analyze?kubernetesVersion=0.1',
      headers: { 'content-type': 'application/yaml' },
      payload: podManifest(),
    });
    const body = expectProblem(bad, 400, 'BAD_USER_INPUT', '/v1/analyze');
    expect(body.title).toBe('Bad Request');
    expect(body.causes).toEqual([expect.objectContaining({ field: 'kubernetesVersion' })]);

    const id = randomUUID();
    const missing = await local.inject({ method: 'GET', url: `/v1/scenarios/${id}` });
    expect(expectProblem(missing, 404, 'NOT_FOUND', `/v1/scenarios/${id}`).title).toBe('Not Found');

    const tooLarge = await local.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: { 'content-type': 'application/yaml' },
      payload: 'a'.repeat(3 * 1024 * 1024 + 1),
    });
    expectProblem(tooLarge, 413, 'PAYLOAD_TOO_LARGE', '/v1/analyze');

    const unsupported = await local.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: { 'content-type': 'application/xml' },
      payload: '<pod/>',
    });
    expectProblem(unsupported, 415, 'UNSUPPORTED_MEDIA_TYPE', '/v1/analyze');

    const malformed = await local.inject({
      method: 'POST',
      url: '/v1/scenarios',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expectProblem(malformed, 400, 'BAD_USER_INPUT', '/v1/scenarios');
  });

  it('405 with Allow for a path that other methods answer; 404 for an unknown path', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/v1/analyze', 'POST'],
      ['PUT', '/v1/scenarios', 'GET, HEAD, POST'],
      ['PATCH', `/v1/scenarios/${randomUUID()}`, 'DELETE, GET, HEAD'],
      ['DELETE', `/v1/scenarios/${randomUUID()}/revisions`, 'POST'],
    ];
    for (const [method, url, allow] of cases) {
      const res = await local.inject({ method: method as 'GET', url });
      expectProblem(res, 405, 'METHOD_NOT_ALLOWED', url);
      expect([method, url, res.headers.allow]).toEqual([method, url, allow]);
    }
    const unknown = await local.inject({ method: 'GET', url: '/v1/nothing-here' });
    expectProblem(unknown, 404, 'NOT_FOUND', '/v1/nothing-here');
    expect(unknown.headers.allow).toBeUndefined();
  });

  it('201 carries Location, and the resource is there', async () => {
    const created = await local.inject({
      method: 'POST',
      url: '/v1/scenarios',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: `openapi ${randomUUID()}`, manifest: podManifest() }),
    });
    expect(created.statusCode).toBe(201);
    const scenario = created.json() as { id: string };
    expect(problems('ScenarioDetails', scenario)).toEqual([]);
    expect(created.headers.location).toBe(`/v1/scenarios/${scenario.id}`);
    const got = await local.inject({ method: 'GET', url: String(created.headers.location) });
    expect(got.statusCode).toBe(200);
    expect(problems('ScenarioDetails', got.json())).toEqual([]);

    const revised = await local.inject({
      method: 'POST',
      url: `/v1/scenarios/${scenario.id}/revisions`,
      headers: { 'content-type': 'application/yaml' },
      payload: podManifest({ cpu: '1' }),
    });
    expect(revised.statusCode).toBe(201);
    expect(revised.headers.location).toBe(`/v1/scenarios/${scenario.id}/revisions/2`);
    expect(problems('RevisionDetails', revised.json())).toEqual([]);
    const rev = await local.inject({ method: 'GET', url: String(revised.headers.location) });
    expect(rev.statusCode).toBe(200);
    expect(rev.json()).toMatchObject({ number: 2, scenarioId: scenario.id });
    expect(problems('RevisionDetails', rev.json())).toEqual([]);
    expect((rev.json() as { changes: unknown[] }).changes.length).toBeGreaterThan(0);

    const first = await local.inject({
      method: 'GET',
      url: `/v1/scenarios/${scenario.id}/revisions/1`,
    });
    expect(first.json()).toMatchObject({ number: 1, changes: [] });
    const none = await local.inject({
      method: 'GET',
      url: `/v1/scenarios/${scenario.id}/revisions/3`,
    });
    expectProblem(none, 404, 'NOT_FOUND', `/v1/scenarios/${scenario.id}/revisions/3`);
    const zero = await local.inject({
      method: 'GET',
      url: `/v1/scenarios/${scenario.id}/revisions/0`,
    });
    expectProblem(zero, 400, 'BAD_USER_INPUT', `/v1/scenarios/${scenario.id}/revisions/0`);

    const list = await local.inject({ method: 'GET', url: '/v1/scenarios?first=5' });
    expect(problems('ScenarioListView', list.json())).toEqual([]);
  });
});
