import { analyzeManifest } from '../../src/engine';

// A Job whose legacy istio-proxy keeps it from completing: the rule fires at ERROR
// (kubelet_pods.go getPhase: the pod succeeds only when every regular container has exited).
const job = (annotations: string, podAnnotations = ''): string => `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
${annotations}
spec:
  template:
    metadata:
      labels: {app: pi}
${podAnnotations}
    spec:
      restartPolicy: Never
      containers:
        - name: pi
          image: perl
          command: ["perl", "-e", "print 1"]
        - name: istio-proxy
          image: docker.io/istio/proxyv2:1.22.0
          args: ["proxy", "sidecar"]
`;

function analyse(text: string) {
  const result = analyzeManifest(text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report;
}

const RULE = 'legacy-sidecar-blocks-job-completion';

describe('in-manifest exemptions (sidecar-lens.io/ignore-<rule-id>)', () => {
  it('without an exemption the rule fires', () => {
    const w = analyse(job('')).workloads[0]!;
    expect(w.findings.map((f) => f.ruleId)).toContain(RULE);
    expect(w.suppressedFindings).toEqual([]);
  });

  it('an annotation on the object moves the finding to suppressedFindings with its reason', () => {
    const report = analyse(
      job(`  annotations:\n    sidecar-lens.io/ignore-${RULE}: "the app calls /quitquitquit"`),
    );
    const w = report.workloads[0]!;
    expect(w.findings.map((f) => f.ruleId)).not.toContain(RULE);
    const suppressed = w.suppressedFindings.find((f) => f.ruleId === RULE);
    expect(suppressed?.severity).toBe('ERROR');
    expect(suppressed?.suppression).toEqual({
      annotation: `sidecar-lens.io/ignore-${RULE}`,
      justification: 'the app calls /quitquitquit',
      path: `metadata.annotations[sidecar-lens.io/ignore-${RULE}]`,
    });
    expect(report.diagnostics.filter((d) => d.reason === 'UnknownExemption')).toEqual([]);
  });

  it('an annotation on the pod template works too', () => {
    const w = analyse(
      job('', `      annotations:\n        sidecar-lens.io/ignore-${RULE}: "stopped by the app"`),
    ).workloads[0]!;
    expect(w.suppressedFindings.map((f) => f.suppression.path)).toContain(
      `spec.template.metadata.annotations[sidecar-lens.io/ignore-${RULE}]`,
    );
  });

  it('a misspelt rule or an exemption without a reason exempts nothing and says so, with its line', () => {
    const typo = analyse(
      job(`  annotations:\n    sidecar-lens.io/ignore-legacy-sidecar-blocks-job: "x"`),
    );
    expect(typo.workloads[0]!.findings.map((f) => f.ruleId)).toContain(RULE);
    const d = typo.diagnostics.find((x) => x.reason === 'UnknownExemption');
    expect(d).toMatchObject({ severity: 'WARNING', line: 6 });
    expect(d?.message).toContain('names no sidecar-lens rule');

    const empty = analyse(job(`  annotations:\n    sidecar-lens.io/ignore-${RULE}: ""`));
    expect(empty.workloads[0]!.findings.map((f) => f.ruleId)).toContain(RULE);
    expect(empty.diagnostics.find((x) => x.reason === 'UnknownExemption')?.message).toContain(
      'gives no reason',
    );
  });
});
