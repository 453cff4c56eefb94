import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { bootApp, gql } from '../support/app';
import { corpusPath } from '../support/shared';

const FINDINGS = `query($input: AnalyzeInput!) { analyze(input: $input) { workloads {
  containers { name role legacySidecar pattern helper { id product } }
  findings { ruleId severity message path container remediation docsUrl fixedManifest line column }
  recommendations { pattern verdict container reasons }
  injectedSidecars { injector container mode annotation }
  lifecycle { job { neverCompletes } }
} } }`;

type Workload = {
  containers: {
    name: string;
    role: string;
    legacySidecar: boolean;
    pattern: string | null;
    helper: { id: string; product: string } | null;
  }[];
  findings: {
    ruleId: string;
    severity: string;
    path: string;
    container: string;
    remediation: string;
    fixedManifest: string | null;
    line: number | null;
  }[];
  recommendations: {
    pattern: string;
    verdict: string;
    container: string | null;
    reasons: string[];
  }[];
  injectedSidecars: { injector: string; container: string; mode: string }[];
  lifecycle: { job: { neverCompletes: boolean } | null };
};

describe('advice over GraphQL', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await bootApp();
  });
  afterAll(() => app.close());

  const analyze = async (manifest: string, extra: Record<string, unknown> = {}) => {
    const res = await gql<{ analyze: { workloads: Workload[] } }>(app, FINDINGS, {
      input: { manifest, ...extra },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.analyze.workloads[0]!;
  };

  it('a legacy istio-proxy keeps a Job from completing; the fix makes it a native sidecar and the Job completes', async () => {
    const manifest = readFileSync(corpusPath('05-istio-job-legacy-sidecar.yaml'), 'utf8');
    const w = await analyze(manifest);
    expect(w.lifecycle.job?.neverCompletes).toBe(true);
    expect(w.containers.find((c) => c.name === 'istio-proxy')).toMatchObject({
      role: 'APP',
      legacySidecar: true,
      pattern: 'SIDECAR',
      helper: { id: 'istio-proxy', product: 'Istio' },
    });
    // The classifier names what it recognised; the Job's own container (perl) is no helper.
    expect(w.containers.find((c) => c.name === 'istio-init')?.helper).toEqual({
      id: 'istio-init',
      product: 'Istio',
    });
    expect(w.containers.find((c) => c.name === 'pi')?.helper).toBeNull();
    const finding = w.findings.find((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion');
    expect(finding).toMatchObject({ severity: 'ERROR', container: 'istio-proxy' });
    expect(finding!.path).toMatch(/^spec\.template\.spec\.containers\[\d\]$/);
    expect(finding!.line).toBeGreaterThan(0);
    expect(finding!.remediation).toMatch(/\.$/);
    expect(finding!.fixedManifest).toContain('restartPolicy: Always');

    const fixed = await analyze(finding!.fixedManifest!);
    expect(fixed.containers.find((c) => c.name === 'istio-proxy')?.role).toBe('SIDECAR');
    expect(fixed.findings.map((f) => f.ruleId)).not.toContain(
      'legacy-sidecar-blocks-job-completion',
    );
    expect(fixed.lifecycle.job?.neverCompletes).toBe(false);
  });

  it('severity overrides change or silence a rule; an unknown rule id is BAD_USER_INPUT', async () => {
    const manifest = readFileSync(corpusPath('05-istio-job-legacy-sidecar.yaml'), 'utf8');
    const lowered = await analyze(manifest, {
      severityOverrides: [{ ruleId: 'legacy-sidecar-blocks-job-completion', severity: 'INFO' }],
    });
    expect(
      lowered.findings.find((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion')?.severity,
    ).toBe('INFO');
    const off = await analyze(manifest, {
      severityOverrides: [{ ruleId: 'legacy-sidecar-blocks-job-completion', severity: 'OFF' }],
    });
    expect(off.findings.map((f) => f.ruleId)).not.toContain('legacy-sidecar-blocks-job-completion');
    const bad = await gql(app, FINDINGS, {
      input: { manifest, severityOverrides: [{ ruleId: 'no-such-rule', severity: 'OFF' }] },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('no-such-rule');
  });

  it('reports that Dapr will inject a sidecar at admission', async () => {
    const w = await analyze(readFileSync(corpusPath('19-dapr-annotated-deployment.yaml'), 'utf8'));
    expect(w.injectedSidecars).toEqual([
      expect.objectContaining({ injector: expect.stringMatching(/dapr/i), container: 'daprd' }),
    ]);
  });

  it('recommends with verdicts and criterion-tagged reasons', async () => {
    const w = await analyze(
      readFileSync(corpusPath('21-tailing-sidecar-log-shippers.yaml'), 'utf8'),
    );
    expect(w.recommendations.length).toBeGreaterThan(0);
    for (const r of w.recommendations) {
      expect(['ADOPT', 'RECONSIDER', 'KEEP']).toContain(r.verdict);
      expect(r.reasons.length).toBeGreaterThan(0);
    }
  });

  it('lists the rules (sorted, unique kebab-case ids) and the pattern catalogue', async () => {
    const res = await gql<{
      rules: { id: string; severity: string; title: string; docsUrl: string }[];
      sidecarPatterns: { kind: string; useWhen: string[]; avoidWhen: string[] }[];
    }>(
      app,
      '{ rules { id severity title docsUrl } sidecarPatterns { kind summary useWhen avoidWhen } }',
    );
    expect(res.errors).toBeUndefined();
    const ids = res.data!.rules.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(25);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(res.data!.sidecarPatterns.map((p) => p.kind).sort()).toEqual([
      'ADAPTER',
      'AMBASSADOR',
      'CONFIGURATION_HELPER',
      'INIT',
      'SIDECAR',
    ]);
    for (const p of res.data!.sidecarPatterns) {
      expect(p.useWhen.length).toBeGreaterThan(0);
      expect(p.avoidWhen.length).toBeGreaterThan(0);
    }
  });

  it('computes fixed manifests only when the query asks for them (fragments included)', async () => {
    const manifest = readFileSync(corpusPath('05-istio-job-legacy-sidecar.yaml'), 'utf8');
    const viaFragment = await gql<{
      analyze: { workloads: { findings: { ruleId: string; fixedManifest: string | null }[] }[] };
    }>(
      app,
      `query($input: AnalyzeInput!) { analyze(input: $input) { workloads { findings { ...F } } } }
       fragment F on Finding { ruleId fixedManifest }`,
      { input: { manifest } },
    );
    expect(viaFragment.errors).toBeUndefined();
    const fix = viaFragment.data!.analyze.workloads[0]!.findings.find(
      (f) => f.ruleId === 'legacy-sidecar-blocks-job-completion',
    );
    expect(fix?.fixedManifest).toContain('restartPolicy: Always');
    const without = await gql<{ analyze: { workloads: { findings: { ruleId: string }[] }[] } }>(
      app,
      'query($input: AnalyzeInput!) { analyze(input: $input) { workloads { findings { ruleId } } } }',
      { input: { manifest } },
    );
    expect(without.data!.analyze.workloads[0]!.findings.map((f) => f.ruleId)).toContain(
      'legacy-sidecar-blocks-job-completion',
    );
  });
});
