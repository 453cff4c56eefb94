import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { AnalysisService } from '../../src/modules/analysis/analysis.service';
import { bootApp, gql } from '../support/app';
import { corpusPath } from '../support/shared';

const ANALYZE = `query Analyze($input: AnalyzeInput!) {
  analyze(input: $input) {
    kubernetesVersion
    diagnostics { severity reason path line column message document }
    workloads { kind name namespace replicas containers { name role index image } }
  }
}`;

describe('analyze over HTTP', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await bootApp();
  });
  afterAll(() => app.close());

  it('reports the roles of an Istio-injected pod: init, two native sidecars, the app', async () => {
    const manifest = readFileSync(corpusPath('01-istio-native-sidecar-pod.yaml'), 'utf8');
    const res = await gql<{
      analyze: {
        workloads: {
          kind: string;
          name: string;
          containers: { name: string; role: string; index: number }[];
        }[];
      };
    }>(app, ANALYZE, { input: { manifest } });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const [pod] = res.data!.analyze.workloads;
    expect(pod).toMatchObject({ kind: 'Pod', name: 'hello' });
    expect(pod!.containers.map((c) => [c.name, c.role, c.index])).toEqual([
      ['istio-init', 'INIT', 0],
      ['istio-proxy', 'SIDECAR', 1],
      ['other-sidecar', 'SIDECAR', 2],
      ['hello', 'APP', 0],
    ]);
  });

  it('answers numbers beyond an int32 as diagnostics; no GraphQL Int ever overflows', async () => {
    const manifest =
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 99999999999\n' +
      '  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - {name: a, image: b}\n' +
      '---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: b}\n' +
      'status:\n  containerStatuses:\n  - name: a\n    restartCount: 99999999999\n' +
      '    state: {terminated: {exitCode: 999999999999}}\n';
    const res = await gql<{
      analyze: {
        diagnostics: { path: string | null; reason: string }[];
        workloads: { replicas: number; lifecycle: { livePod: unknown } }[];
      };
    }>(
      app,
      `query($input: AnalyzeInput!) { analyze(input: $input) {
        diagnostics { path reason }
        workloads { replicas lifecycle { livePod { phase containers { name exitCode restartCount } } } }
      } }`,
      { input: { manifest } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.data!.analyze.diagnostics.map((d) => d.path)).toEqual(
      expect.arrayContaining([
        'spec.parallelism',
        'status.containerStatuses[0].restartCount',
        'status.containerStatuses[0].state.terminated.exitCode',
      ]),
    );
  });

  it('serves a grace period beyond 2^31 s (valid: Kubernetes takes an int64)', async () => {
    const manifest =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, deletionGracePeriodSeconds: 4000000000}\nspec:\n' +
      '  terminationGracePeriodSeconds: 3000000000\n  containers:\n  - {name: a, image: b}\n';
    const res = await gql<{
      analyze: {
        workloads: {
          lifecycle: {
            terminationGracePeriodSeconds: number;
            assumptions: { terminationGracePeriodSeconds: number };
          };
        }[];
      };
    }>(
      app,
      `query($input: AnalyzeInput!) { analyze(input: $input) { workloads { lifecycle {
        terminationGracePeriodSeconds assumptions { terminationGracePeriodSeconds }
      } } } }`,
      { input: { manifest } },
    );
    expect(res.errors).toBeUndefined();
    // A pod being deleted runs on the deletion's grace period (docs/kubernetes-behaviour.md, Termination).
    expect(res.data!.analyze.workloads[0]!.lifecycle).toEqual({
      terminationGracePeriodSeconds: 4_000_000_000,
      assumptions: { terminationGracePeriodSeconds: 4_000_000_000 },
    });
  });

  it('answers invalid YAML with a SyntaxError diagnostic (line, column), HTTP 200, not an error', async () => {
    const res = await gql<{
      analyze: {
        workloads: unknown[];
        diagnostics: { reason: string; line: number; column: number; severity: string }[];
      };
    }>(app, ANALYZE, {
      input: { manifest: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n' },
    });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.analyze.workloads).toEqual([]);
    const syntax = res.data!.analyze.diagnostics.find((d) => d.reason === 'SyntaxError');
    expect(syntax).toMatchObject({ severity: 'ERROR' });
    expect(syntax!.line).toBeGreaterThanOrEqual(4);
    expect(syntax!.column).toBeGreaterThanOrEqual(1);
  });

  it('answers invalid JSON with a SyntaxError diagnostic too', async () => {
    const res = await gql<{ analyze: { diagnostics: { reason: string; line: number | null }[] } }>(
      app,
      ANALYZE,
      {
        input: { manifest: '{"apiVersion": "v1", "kind": "Pod", "spec": {' },
      },
    );
    expect(res.status).toBe(200);
    expect(
      res.data!.analyze.diagnostics.some((d) => d.reason === 'SyntaxError' && d.line !== null),
    ).toBe(true);
  });

  it('refuses an unsupported kubernetesVersion as BAD_USER_INPUT naming the range', async () => {
    const res = await gql(app, ANALYZE, {
      input: { manifest: 'kind: Pod', kubernetesVersion: '1.27' },
    });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/1\.28/);
    expect(res.errors?.[0]?.message).toMatch(/1\.3\d/);
  });

  it('echoes the version used, the newest by default', async () => {
    const res = await gql<{ analyze: { kubernetesVersion: string } }>(app, ANALYZE, {
      input: {
        manifest:
          'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: nginx}]\n',
        kubernetesVersion: '1.30',
      },
    });
    expect(res.data!.analyze.kubernetesVersion).toBe('1.30');
  });

  it('refuses a manifest that is not a string as GRAPHQL_VALIDATION_FAILED (400)', async () => {
    const res = await gql(app, '{ analyze(input: { manifest: 1 }) { kubernetesVersion } }');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.errors)).not.toMatch(/\bat \S+ \(|node_modules/);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('masks unexpected failures as INTERNAL_SERVER_ERROR and never sends a stack trace', async () => {
    const service = app.get(AnalysisService);
    const real = service.analyze.bind(service);
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: b}\n';
    const query =
      'query($input: AnalyzeInput!) { analyze(input: $input) { workloads { replicas } } }';
    const run = () => gql(app, query, { input: { manifest: pod } });
    const spy = jest.spyOn(service, 'analyze');
    try {
      // A bug in the service: an exception with an internal message and a stack.
      spy.mockRejectedValueOnce(new Error('boom in /srv/secret/path.ts'));
      const thrown = await run();
      // A result graphql-js cannot serialise (an Int beyond 32 bits) is the server's fault too.
      spy.mockImplementationOnce(async (req, prefix) => {
        const report = await real(req, prefix);
        report.workloads[0]!.replicas = 3_000_000_000;
        return report;
      });
      const unserialisable = await run();
      for (const res of [thrown, unserialisable]) {
        expect(res.status).toBe(200);
        expect(res.errors).toEqual([
          expect.objectContaining({
            message: 'Internal server error.',
            extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }),
          }),
        ]);
        expect(JSON.stringify(res.errors)).not.toMatch(/boom|secret|3000000000|\bat \S+ \(/);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('POST /v1/analyze takes YAML and returns the same report', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/analyze?kubernetesVersion=1.33',
      headers: { 'content-type': 'application/yaml' },
      payload:
        'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: busybox}]\n',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kubernetesVersion: '1.33',
      workloads: [{ kind: 'Job', name: 'j' }],
    });
  });

  it('POST /v1/analyze refuses a body over 3 MiB with 413 and a JSON envelope', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: { 'content-type': 'application/yaml' },
      payload: `# ${'x'.repeat(3 * 1024 * 1024)}`,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('POST /v1/analyze with an unsupported media type is 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: { 'content-type': 'application/xml' },
      payload: '<pod/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('returns the lifecycle timeline of a Job with a native sidecar: the app runs, the sidecar stops after it', async () => {
    const manifest = readFileSync(corpusPath('02-istio-job-native-sidecar.yaml'), 'utf8');
    const res = await gql<{
      analyze: {
        workloads: {
          lifecycle: {
            podInitializedAtSeconds: number;
            job: { neverCompletes: boolean; phase: string };
            termination: { type: string; container: string | null }[];
          };
        }[];
      };
    }>(
      app,
      `query($input: AnalyzeInput!) { analyze(input: $input) { workloads { lifecycle {
        podInitializedAtSeconds job { neverCompletes phase } termination { type container } } } } }`,
      { input: { manifest } },
    );
    expect(res.errors).toBeUndefined();
    const lifecycle = res.data!.analyze.workloads[0]!.lifecycle;
    expect(lifecycle.job).toEqual({ neverCompletes: false, phase: 'Succeeded' });
    // The app gets SIGTERM before the sidecar does.
    const sigterms = lifecycle.termination
      .filter((e) => e.type === 'SIGTERM_SENT')
      .map((e) => e.container);
    expect(sigterms.indexOf('pi')).toBeLessThan(sigterms.indexOf('istio-proxy'));
  });

  it('refuses timing for a container the pod does not have, naming the field', async () => {
    const res = await gql(
      app,
      'query($input: AnalyzeInput!) { analyze(input: $input) { kubernetesVersion } }',
      {
        input: {
          manifest:
            'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: nginx}]\n',
          timing: { containers: [{ name: 'nope', startSeconds: 2 }] },
        },
      },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('timing.containers[0].name');
  });

  it('refuses negative timing, naming the field', async () => {
    const res = await gql(
      app,
      'query($input: AnalyzeInput!) { analyze(input: $input) { kubernetesVersion } }',
      {
        input: { manifest: 'kind: Pod', timing: { defaultStartSeconds: -1 } },
      },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('timing.defaultStartSeconds');
  });

  it('POST /v1/analyze/timeline.svg returns a standalone SVG; timeline.mmd returns Mermaid gantt text', async () => {
    const manifest = readFileSync(corpusPath('01-istio-native-sidecar-pod.yaml'), 'utf8');
    const svg = await app.inject({
      method: 'POST',
      url: '/v1/analyze/timeline.svg',
      headers: { 'content-type': 'application/yaml' },
      payload: manifest,
    });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.body).toContain('istio-proxy');
    const mmd = await app.inject({
      method: 'POST',
      url: '/v1/analyze/timeline.mmd',
      headers: { 'content-type': 'application/yaml' },
      payload: manifest,
    });
    expect(mmd.statusCode).toBe(200);
    expect(mmd.body).toMatch(/^gantt/m);
    const none = await app.inject({
      method: 'POST',
      url: '/v1/analyze/timeline.svg?workload=3',
      headers: { 'content-type': 'application/yaml' },
      payload: manifest,
    });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('names a bad REST option by its own field, with no GraphQL "input." in front', async () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: b}\n';
    const version = await app.inject({
      method: 'POST',
      url: '/v1/analyze?kubernetesVersion=1.20',
      headers: { 'content-type': 'application/yaml' },
      payload: pod,
    });
    expect(version.statusCode).toBe(400);
    expect(version.json().causes).toEqual([
      expect.objectContaining({ field: 'kubernetesVersion' }),
    ]);
    const timing = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ manifest: pod, timing: { containers: [{ name: 'nope' }] } }),
    });
    expect(timing.statusCode).toBe(400);
    expect(timing.json().causes).toEqual([
      expect.objectContaining({ field: 'timing.containers[0].name' }),
    ]);
    // An envelope whose manifest is not text (no Kubernetes object has a top-level "manifest").
    const notText = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ manifest: { kind: 'Pod' }, kubernetesVersion: '1.33' }),
    });
    expect(notText.statusCode).toBe(400);
    expect(notText.json().causes).toEqual([expect.objectContaining({ field: 'manifest' })]);
  });

  it('refuses a query parameter given twice, or a workload that is not an index, as 400 naming it', async () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: b}\n';
    for (const [url, field] of [
      ['/v1/analyze?kubernetesVersion=1.30&kubernetesVersion=1.31', 'kubernetesVersion'],
      [
        '/v1/analyze/timeline.svg?kubernetesVersion=1.30&kubernetesVersion=1.31',
        'kubernetesVersion',
      ],
      ['/v1/analyze/timeline.mmd?workload=0&workload=0', 'workload'],
      ['/v1/analyze/timeline.svg?workload=', 'workload'],
      ['/v1/analyze/timeline.svg?workload=-1', 'workload'],
      ['/v1/analyze/timeline.svg?workload=0x0', 'workload'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/yaml' },
        payload: pod,
      });
      expect([url, res.statusCode]).toEqual([url, 400]);
      expect(res.json()).toMatchObject({ code: 'BAD_USER_INPUT', causes: [{ field }] });
    }
  });
});
