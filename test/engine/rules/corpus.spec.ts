// The 32 real-world manifests: the findings a platform engineer would agree with, and fixes that
// hold up when the fixed manifest is analysed again.
import { parseAllDocuments } from 'yaml';
import { analyzeManifest } from '../../../src/engine/analyze';
import type { WorkloadReport } from '../../../src/engine/analyze';
import { loadCorpus } from '../../support/shared';

// Reviewed by hand, file by file (see the report): every id here is a real issue in that file.
const EXPECTED_RULES: Record<string, string[]> = {
  '01-istio-native-sidecar-pod.yaml': [
    'container-port-conflict',
    'sidecar-liveness-probe-missing',
    'sidecar-requests-missing',
    'sidecar-startup-probe-missing',
  ],
  '02-istio-job-native-sidecar.yaml': ['sidecar-liveness-probe-missing'],
  '03-istio-cronjob-native-sidecar.yaml': ['sidecar-liveness-probe-missing'],
  '04-istio-multi-init-native.yaml': ['sidecar-liveness-probe-missing'],
  '05-istio-job-legacy-sidecar.yaml': ['legacy-sidecar-blocks-job-completion'],
  '06-istio-hold-app-legacy-poststart.yaml': ['poststart-wait-hook-unnecessary'],
  '07-istio-pod-native-opt-out.yaml': ['legacy-sidecar-startup-race'],
  '08-linkerd-deployment-native-sidecar.yaml': ['sidecar-requests-missing'],
  '09-linkerd-deployment-legacy-await.yaml': [
    'poststart-wait-hook-unnecessary',
    'sidecar-requests-missing',
  ],
  '10-linkerd-pod-user-native-sidecar.yaml': [
    'sidecar-injected-at-admission',
    'sidecar-liveness-probe-missing',
    'sidecar-requests-missing',
    'sidecar-startup-probe-missing',
  ],
  '11-linkerd-pod-with-requests-native.yaml': [],
  '12-cloudsql-job-native-sidecar.yaml': [
    'sidecar-liveness-probe-missing',
    'sidecar-startup-probe-missing',
  ],
  '13-cloudsql-job-legacy-quitquitquit.yaml': ['legacy-sidecar-blocks-job-completion'],
  '14-cloudsql-deployment-native.yaml': [
    'sidecar-liveness-probe-missing',
    'sidecar-startup-probe-missing',
  ],
  '15-cloudsql-deployment-native-healthcheck.yaml': [],
  '16-gke-wordpress-cloudsql-legacy.yaml': ['legacy-sidecar-startup-race'],
  '17-vllm-lora-syncer-native.yaml': ['sidecar-requests-missing'],
  '18-kyverno-vault-agent-injected.yaml': [
    'secrets-agent-init-and-sidecar-pair',
    'sidecar-requests-missing',
  ],
  '19-dapr-annotated-deployment.yaml': ['sidecar-injected-at-admission'],
  '20-otel-collector-sidecar-annotation.yaml': ['sidecar-injected-at-admission'],
  '21-tailing-sidecar-log-shippers.yaml': [
    'legacy-log-shipper-loses-final-logs',
    'sidecar-requests-missing',
  ],
  '22-istio-prometheus-configmap-reload.yaml': ['sidecar-requests-missing'],
  '23-istio-extauthz-sidecar.yaml': ['sidecar-requests-missing'],
  '24-gke-prometheus-to-sd-adapter.yaml': ['sidecar-requests-missing'],
  '25-gke-mysql-statefulset-init-xtrabackup.yaml': [],
  '26-gke-loadgenerator-init-wait.yaml': [],
  '27-gke-mmap-count-daemonset-init.yaml': [],
  '28-k8s-examples-javaweb-init-war.yaml': [],
  '29-k8s-examples-cockroachdb-init.yaml': [],
  '30-k8s-examples-redis-master-sentinel.yaml': [],
  '31-gke-jetstream-http-frontend.yaml': [],
  '32-argo-workflow-sidecar-dind.yaml': [],
};

const corpus = new Map(loadCorpus());

function analyze(text: string, kubernetesVersion?: string): WorkloadReport[] {
  const result = analyzeManifest(text, { kubernetesVersion: kubernetesVersion ?? null });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.workloads;
}

function corpusText(prefix: string): string {
  const entry = [...corpus.entries()].find(([file]) => file.startsWith(prefix));
  if (!entry) throw new Error(`corpus file ${prefix} not found`);
  return entry[1];
}

describe('corpus findings', () => {
  it('covers all 32 files', () => {
    expect([...corpus.keys()].sort()).toEqual(Object.keys(EXPECTED_RULES).sort());
  });

  it.each([...corpus.entries()])('%s yields exactly the reviewed rules', (file, text) => {
    const ids = [...new Set(analyze(text).flatMap((w) => w.findings.map((f) => f.ruleId)))].sort();
    expect(ids).toEqual(EXPECTED_RULES[file]);
  });

  it.each([...corpus.entries()])(
    '%s: every fix re-analysed no longer reports that finding',
    (_file, text) => {
      for (const finding of analyze(text).flatMap((w) => w.findings)) {
        if (finding.fixedManifest === null) continue;
        const again = analyze(finding.fixedManifest).flatMap((w) => w.findings);
        expect(
          again.filter((f) => f.ruleId === finding.ruleId && f.message === finding.message),
        ).toEqual([]);
        // The fix is whole, valid YAML.
        expect(parseAllDocuments(finding.fixedManifest).every((d) => d.errors.length === 0)).toBe(
          true,
        );
      }
    },
  );
});

describe('legacy-sidecar Jobs migrated to native sidecars', () => {
  it.each(['05', '13'])(
    '%s: the Job never completes as written, and completes once fixed',
    (prefix) => {
      const [before] = analyze(corpusText(prefix));
      // 05: the proxy never exits. 13: the app stops it with /quitquitquit (a fragile workaround).
      if (prefix === '05') {
        expect(before?.lifecycle.job?.neverCompletes).toBe(true);
      } else {
        expect(before?.lifecycle.job?.stoppedByApp).toEqual(['cloud-sql-proxy']);
      }
      const finding = before?.findings.find(
        (f) => f.ruleId === 'legacy-sidecar-blocks-job-completion',
      );
      expect(finding?.fixedManifest).toEqual(expect.any(String));

      const [after] = analyze(finding?.fixedManifest ?? '');
      expect(after?.lifecycle.job?.neverCompletes).toBe(false);
      expect(after?.lifecycle.job?.phase).toBe('Succeeded');
      expect(after?.lifecycle.job?.legacySidecars).toEqual([]);
      expect(after?.findings.some((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion')).toBe(
        false,
      );
      const proxy = after?.containers.find((c) => c.name === finding?.container);
      expect(proxy).toMatchObject({ role: 'SIDECAR', legacySidecar: false });
    },
  );

  it('05: istio-proxy goes after istio-init, keeps its startupProbe, and the rest of the file is untouched', () => {
    const text = corpusText('05');
    const fixed =
      analyze(text)[0]?.findings.find((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion')
        ?.fixedManifest ?? '';
    const [after] = analyze(fixed);
    expect(after?.containers.map((c) => `${c.name}:${c.role}`)).toEqual([
      'istio-init:INIT',
      'istio-proxy:SIDECAR',
      'pi:APP',
    ]);
    expect(fixed).toContain('path: /healthz/ready');
    // Comments at the top of the file survive.
    expect(fixed.split('\n').slice(0, 2)).toEqual(text.split('\n').slice(0, 2));
  });

  it('13: the /quitquitquit workaround is dropped, and the comments are kept', () => {
    const text = corpusText('13');
    const fixed =
      analyze(text)[0]?.findings.find((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion')
        ?.fixedManifest ?? '';
    expect(fixed).not.toMatch(/curl http:\/\/localhost:9091\/quitquitquit/);
    expect(fixed).not.toMatch(/- "?--quitquitquit"?/);
    expect(fixed).toContain(
      '# It is recommended to use the latest version of the Cloud SQL Auth Proxy',
    );
    expect(fixed).toContain('# Copyright 2023 Google LLC.');
    expect(fixed).toContain('restartPolicy: Always');
  });
});

describe('other fixes on the corpus', () => {
  it('06 and 09: the postStart wait hook is gone after the migration', () => {
    for (const prefix of ['06', '09']) {
      const finding = analyze(corpusText(prefix))[0]?.findings.find(
        (f) => f.ruleId === 'poststart-wait-hook-unnecessary',
      );
      const fixed = finding?.fixedManifest ?? '';
      expect(fixed).not.toMatch(/pilot-agent\n\s*- wait|linkerd-await/);
      const [after] = analyze(fixed);
      expect(after?.containers.find((c) => c.name === finding?.container)?.role).toBe('SIDECAR');
      // The app no longer races the proxy: it starts after the proxy's startupProbe.
      expect(after?.findings.some((f) => f.ruleId === 'legacy-sidecar-startup-race')).toBe(false);
    }
  });

  it('21: each log shipper migrates on its own; both fixes keep the shared volume', () => {
    const findings =
      analyze(corpusText('21'))[0]?.findings.filter(
        (f) => f.ruleId === 'legacy-log-shipper-loses-final-logs',
      ) ?? [];
    expect(findings.map((f) => f.container)).toEqual(['sidecar1', 'sidecar2']);
    for (const f of findings) {
      const [after] = analyze(f.fixedManifest ?? '');
      expect(after?.containers.find((c) => c.name === f.container)?.role).toBe('SIDECAR');
      expect(after?.findings.some((x) => x.ruleId === 'log-shipper-without-shared-volume')).toBe(
        false,
      );
    }
  });
});

describe('cluster version', () => {
  it('on 1.28 a native sidecar is reported as dropped, and no fix migrates to one', () => {
    const native = analyze(corpusText('02'), '1.28')[0];
    expect(native?.findings.map((f) => f.ruleId)).toContain('sidecar-restart-policy-unsupported');
    const legacy = analyze(corpusText('05'), '1.28')[0];
    const job = legacy?.findings.find((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion');
    expect(job).toBeDefined();
    expect(job?.fixedManifest).toBeNull();
  });
});
