// Pictures and fixed manifests on demand on REST (issue 12, target 1): POST /v1/analyze answers
// without the lifecycle pictures and with every fixedManifest null unless asked with
// pictures=true and fixes=true; the served OpenAPI document describes both answers. Whether the
// analysis ran inline or in the worker pool (which serialises the answer itself), the answer is
// the engine's report, less what was not asked for.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import type { AnalysisReport } from '../../src/engine';
import { analyzeManifest } from '../../src/engine';
import type { AppConfig } from '../../src/config/config';
import { APP_CONFIG } from '../../src/config/config';
import { bootApp } from '../support/app';
import { corpusPath } from '../support/shared';

const PICTURES = ['svg', 'mermaid', 'mermaidTermination'] as const;

// 6.7 KB: over the test's worker threshold, so analysed (and serialised) in a worker thread.
const large = readFileSync(corpusPath('05-istio-job-legacy-sidecar.yaml'), 'utf8');
// 0.8 KB: analysed inline, on the event loop.
const small = readFileSync(corpusPath('10-linkerd-pod-user-native-sidecar.yaml'), 'utf8');

type Report = {
  workloads: {
    lifecycle: Record<string, unknown>;
    findings: { fixedManifest: string | null }[];
    suppressedFindings: { fixedManifest: string | null }[];
  }[];
};

/** The engine's report as JSON, less the pictures (drawn only when read: these never are). */
function withoutPictures(report: AnalysisReport): unknown {
  return JSON.parse(
    JSON.stringify({
      ...report,
      workloads: report.workloads.map((w) => ({
        ...w,
        lifecycle: Object.fromEntries(
          Object.keys(w.lifecycle)
            .filter((k) => !(PICTURES as readonly string[]).includes(k))
            .map((k) => [k, w.lifecycle[k as keyof typeof w.lifecycle]]),
        ),
      })),
    }),
  );
}

function engineReport(manifest: string, includeFixes: boolean): AnalysisReport {
  const result = analyzeManifest(manifest, { includeFixes });
  if (!result.ok) throw new Error('the engine refused its options');
  return result.report;
}

describe('POST /v1/analyze: pictures and fixed manifests only when asked', () => {
  let app: NestFastifyApplication;
  let ajv: Ajv2020;

  beforeAll(async () => {
    app = await bootApp({ workerThreads: 1, workerThresholdBytes: 1024 });
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      components: Record<string, unknown>;
    };
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  });
  afterAll(() => app.close());

  const analyze = (manifest: string, query = '') =>
    app.inject({
      method: 'POST',
      url: `/v1/analyze${query}`,
      headers: { 'content-type': 'application/yaml' },
      payload: manifest,
    });

  /** The errors of `body` against the served document's AnalyzeAnswer (none: valid). */
  const problems = (body: unknown): unknown[] => {
    const validate = ajv.getSchema('openapi.json#/components/schemas/AnalyzeAnswer')!;
    return validate(body) ? [] : (validate.errors ?? []);
  };

  it.each([
    ['in a worker thread', large],
    ['inline', small],
  ])(
    'by default (%s): no pictures, every fixedManifest null, the engine report otherwise',
    async (_where, manifest) => {
      const res = await analyze(manifest);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const report = res.json() as Report;
      expect(report.workloads.length).toBeGreaterThan(0);
      for (const w of report.workloads) {
        for (const field of PICTURES) expect(w.lifecycle).not.toHaveProperty(field);
        expect(w.lifecycle).toHaveProperty('startup');
        for (const f of [...w.findings, ...w.suppressedFindings]) {
          expect(f.fixedManifest).toBeNull();
        }
      }
      expect(report).toEqual(withoutPictures(engineReport(manifest, false)));
      expect(problems(report)).toEqual([]);
      // pictures=false is still accepted and means the same.
      const explicit = await analyze(manifest, '?pictures=false&fixes=false');
      expect(explicit.statusCode).toBe(200);
      expect(explicit.body).toBe(res.body);
    },
  );

  it.each([
    ['in a worker thread', large],
    ['inline', small],
  ])(
    'pictures=true&fixes=true (%s): the whole report, pictures drawn and fixes computed',
    async (_where, manifest) => {
      const bare = await analyze(manifest);
      const res = await analyze(manifest, '?pictures=true&fixes=true');
      expect(res.statusCode).toBe(200);
      const report = res.json() as Report;
      const w = report.workloads[0]!;
      expect(w.lifecycle.svg).toMatch(/^<svg/);
      expect(w.lifecycle.mermaid).toMatch(/^gantt/m);
      expect(w.lifecycle.mermaidTermination).toMatch(/^gantt/m);
      // Both manifests have a finding a rule fixes mechanically.
      expect(w.findings.some((f) => typeof f.fixedManifest === 'string')).toBe(true);
      expect(report).toEqual(JSON.parse(JSON.stringify(engineReport(manifest, true))));
      expect(problems(report)).toEqual([]);
      // The default answer is much smaller.
      expect(bare.body.length * 2).toBeLessThan(res.body.length);
      console.log(
        `${manifest.length}-byte manifest: ${bare.body.length} bytes by default, ${res.body.length} with pictures and fixes`,
      );
    },
  );

  it('each parameter on its own: pictures=true draws pictures only, fixes=true fixes only', async () => {
    const pictures = (await analyze(large, '?pictures=true')).json() as Report;
    expect(pictures.workloads[0]!.lifecycle.svg).toMatch(/^<svg/);
    expect(pictures.workloads[0]!.findings.every((f) => f.fixedManifest === null)).toBe(true);
    const fixes = (await analyze(large, '?fixes=true')).json() as Report;
    expect(fixes.workloads[0]!.lifecycle).not.toHaveProperty('svg');
    expect(fixes.workloads[0]!.findings.some((f) => f.fixedManifest !== null)).toBe(true);
    expect(problems(pictures)).toEqual([]);
    expect(problems(fixes)).toEqual([]);
  });

  it('the schema check can fail: a picture that is not text, a missing field', async () => {
    const report = (await analyze(large)).json() as Report;
    const w = report.workloads[0]!;
    expect(
      problems({ ...report, workloads: [{ ...w, lifecycle: { ...w.lifecycle, svg: 1 } }] }),
    ).not.toEqual([]);
    const { startup: _dropped, ...lifecycle } = w.lifecycle;
    expect(problems({ ...report, workloads: [{ ...w, lifecycle }] })).not.toEqual([]);
  });

  it.each([
    ['pictures', '?pictures=yes'],
    ['pictures', '?pictures=1'],
    ['pictures', '?pictures='],
    ['fixes', '?fixes=TRUE'],
    ['fixes', '?fixes=maybe'],
    ['fixes', '?fixes=true&fixes=true'],
    ['pictures', '?pictures=true&pictures=false'],
  ])('refuses a bad %s value (%s) with 400 problem details naming it', async (field, query) => {
    const res = await analyze(small, query);
    expect(res.statusCode).toBe(400);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const body = res.json() as { code: string; causes: { field: string }[] };
    expect(body.code).toBe('BAD_USER_INPUT');
    expect(body.causes).toEqual([expect.objectContaining({ field })]);
  });

  it('a picture route over MAX_RESPONSE_BYTES is 413 naming the picture; the same answer without pictures fits', async () => {
    const config = app.get<AppConfig>(APP_CONFIG);
    const before = config.maxResponseBytes;
    const bare = await analyze(large);
    try {
      config.maxResponseBytes = Buffer.byteLength(bare.body);
      expect((await analyze(large)).statusCode).toBe(200);
      const drawn = await analyze(large, '?pictures=true');
      expect(drawn.statusCode).toBe(413);
      expect(drawn.json().detail).toMatch(/without pictures=true/);
      config.maxResponseBytes = 1000;
      const svg = await app.inject({
        method: 'POST',
        url: '/v1/analyze/timeline.svg',
        headers: { 'content-type': 'application/yaml' },
        payload: large,
      });
      expect(svg.statusCode).toBe(413);
      expect(svg.json().detail).toMatch(
        /^The picture would be \d+ bytes, more than the 1000 bytes/,
      );
    } finally {
      config.maxResponseBytes = before;
    }
  });

  it('the document says the defaults and that the pictures and fixes come on request', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, { post: { parameters: { name: string; schema: unknown }[] } }>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    const params = doc.paths['/v1/analyze']!.post.parameters;
    for (const name of ['pictures', 'fixes']) {
      expect(params.find((p) => p.name === name)?.schema).toEqual({
        type: 'boolean',
        default: false,
      });
    }
    const lifecycle = doc.components.schemas.AnalyzeAnswerLifecycle!;
    for (const field of PICTURES) expect(lifecycle.required).not.toContain(field);
    // The stored report (a revision's) still has them.
    expect(doc.components.schemas.LifecycleReport!.required).toEqual(
      expect.arrayContaining([...PICTURES]),
    );
  });
});
