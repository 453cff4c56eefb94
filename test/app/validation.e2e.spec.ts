// The API server's validation reaches every surface: the GraphQL analyze query, REST
// POST /v1/analyze, and the report stored with a scenario revision. The manifest carries what the
// API server refuses (Bad_Name, a 254-character name, a 64-character label value, 256 KiB of
// annotations, an unknown top-level field, spec.replica) and a custom tag (`!Ref`), which
// sigs.k8s.io/yaml (go-yaml) reads as the plain text after the tag.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootApp, gql } from '../support/app';

const manifest = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: Bad_Name',
  'spex: {}',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: !Ref AppImage',
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  `  name: ${'a'.repeat(250)}.com`,
  `  labels: {tier: ${'v'.repeat(64)}}`,
  `  annotations: {big: ${'x'.repeat(256 * 1024)}}`,
  'spec:',
  '  replica: 2',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers: [{name: app, image: nginx}]',
  '',
].join('\n');

interface Diag {
  severity: string;
  reason: string;
  path: string | null;
  document: number | null;
  line: number | null;
  message: string;
}

const brief = (d: Diag[]) =>
  d
    .filter((x) => x.severity !== 'INFO')
    .map((x) => `${x.document} ${x.severity} ${x.reason} ${x.path}`);

const EXPECTED = [
  '0 ERROR FieldValueInvalid metadata.name',
  '0 ERROR UnknownField spex',
  '1 ERROR FieldValueInvalid metadata.name',
  '1 ERROR FieldValueInvalid metadata.labels',
  '1 ERROR FieldValueTooLong metadata.annotations',
  '1 ERROR UnknownField spec.replica',
];

describe('validation reaches GraphQL, REST and the stored report', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await bootApp();
  });
  afterAll(() => app.close());

  function expectDiagnostics(diagnostics: Diag[], image: unknown): void {
    const got = brief(diagnostics);
    for (const e of EXPECTED) expect(got).toContain(e);
    expect(diagnostics.find((d) => d.path === 'spex')).toMatchObject({
      line: 5,
      message: expect.stringMatching(/^unknown field "spex" \(did you mean "spec"\?\)/),
    });
    // The custom tag is read as kubectl reads it: the text after the tag.
    expect(image).toBe('AppImage');
  }

  it('GraphQL analyze', async () => {
    const res = await gql<{
      analyze: {
        diagnostics: Diag[];
        workloads: { name: string; containers: { image: string | null }[] }[];
      };
    }>(
      app,
      `query($input: AnalyzeInput!) { analyze(input: $input) {
        diagnostics { severity reason path document line message }
        workloads { name containers { image } }
      } }`,
      { input: { manifest } },
    );
    expect(res.errors).toBeUndefined();
    const report = res.data!.analyze;
    expectDiagnostics(report.diagnostics, report.workloads[0]?.containers[0]?.image);
  });

  it('REST POST /v1/analyze', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: { 'content-type': 'application/yaml' },
      payload: manifest,
    });
    expect(res.statusCode).toBe(200);
    const report = res.json() as {
      diagnostics: Diag[];
      workloads: { containers: { image: string | null }[] }[];
    };
    expectDiagnostics(report.diagnostics, report.workloads[0]?.containers[0]?.image);
  });

  it('the report stored with a scenario revision', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'validation e2e', manifest }),
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const got = await app.inject({ method: 'GET', url: `/v1/scenarios/${id}` });
    const report = (
      got.json() as {
        latestRevision: {
          report: { diagnostics: Diag[]; workloads: { containers: { image: string | null }[] }[] };
        };
      }
    ).latestRevision.report;
    expectDiagnostics(report.diagnostics, report.workloads[0]?.containers[0]?.image);
    await app.inject({ method: 'DELETE', url: `/v1/scenarios/${id}` });
  });
});
