import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  FEATURES,
  enabledFrom,
  featureGatesFor,
  fieldServed,
  gateStep,
  removedApi,
  RULES,
  ruleInForce,
} from '../../../src/engine/k8s/features';
import {
  MAX_SUPPORTED_MINOR,
  MIN_SUPPORTED_MINOR,
  versionOf,
} from '../../../src/engine/k8s/version';
import { renderVersionsMarkdown } from '../../../src/engine/k8s/versions-doc';

// The version table is the product's promise ("as a 1.33 cluster behaves"); every row cites
// Kubernetes. The expectations below restate the upstream facts, each with its source.
describe('the Kubernetes version table (src/engine/k8s/features.ts)', () => {
  it('docs/kubernetes-versions.md is what the generator writes (run npm run build:docs:versions)', () => {
    const committed = readFileSync(
      path.resolve(__dirname, '..', '..', '..', 'docs', 'kubernetes-versions.md'),
      'utf8',
    );
    expect(committed).toBe(renderVersionsMarkdown());
    for (const f of FEATURES) expect(committed).toContain(`| \`${f.name}\` |`);
  });

  it('every gate row cites a Kubernetes source and has ordered steps', () => {
    for (const f of FEATURES) {
      expect(f.sources.length).toBeGreaterThan(0);
      for (const s of f.sources) {
        expect(s.url).toMatch(/^https:\/\/(github\.com\/kubernetes\/|kubernetes\.io\/)/);
      }
      const minors = f.steps.map((s) => s.minor);
      expect([...minors].sort((a, b) => a - b)).toEqual(minors);
    }
  });

  it('covers every supported release (1.28..1.37) with a gate set', () => {
    for (let m = MIN_SUPPORTED_MINOR; m <= MAX_SUPPORTED_MINOR; m++) {
      const gates = featureGatesFor(versionOf(m));
      expect(Object.keys(gates).sort()).toEqual(FEATURES.map((f) => f.name).sort());
    }
  });

  // pkg/features/kube_features.go (release-1.35) versioned specs.
  it.each([
    ['SidecarContainers', 28, false],
    ['SidecarContainers', 29, true],
    ['PodLifecycleSleepAction', 29, false],
    ['PodLifecycleSleepAction', 30, true],
    ['PodLifecycleSleepActionAllowZero', 32, false],
    ['PodLifecycleSleepActionAllowZero', 33, true],
    ['PodLevelResources', 33, false],
    ['PodLevelResources', 34, true],
    ['InPlacePodVerticalScaling', 32, false],
    ['InPlacePodVerticalScaling', 33, true],
    ['ContainerRestartRules', 34, false],
    ['ContainerRestartRules', 35, true],
    ['RestartAllContainersOnContainerExits', 35, false],
    ['KubeletCrashLoopBackOffMax', 35, true],
    ['ContainerStopSignals', 35, false],
    ['ReduceDefaultCrashLoopBackOffDecay', 37, false],
  ] as const)('%s at 1.%i is %s (kube_features.go)', (name, minor, on) => {
    expect(featureGatesFor(versionOf(minor))[name]).toBe(on);
  });

  // The v1.36 --feature-gates list (kube-scheduler reference): RestartAllContainers beta on,
  // ContainerStopSignals still alpha, no PodLevelResourcesFixKubeletQOSClass and no KEP-4438 gate.
  it('1.36 as its gate list prints it', () => {
    const v = versionOf(36);
    expect(gateStep('RestartAllContainersOnContainerExits', v)).toEqual(
      expect.objectContaining({ stage: 'BETA', enabled: true }),
    );
    expect(gateStep('ContainerStopSignals', v)?.stage).toBe('ALPHA');
    expect(gateStep('ContainerRestartRules', v)?.stage).toBe('BETA');
    expect(gateStep('InPlacePodVerticalScalingInitContainers', v)?.enabled).toBe(true);
    expect(gateStep('PodLevelResourcesFixKubeletQOSClass', v)).toBeNull();
    expect(gateStep('SidecarsRestartableDuringPodTermination', v)).toBeNull();
    expect(enabledFrom('PodLevelResourcesFixKubeletQOSClass')).toBe(37);
    expect(enabledFrom('SidecarsRestartableDuringPodTermination')).toBeNull();
  });

  it('fields the older releases do not serve, and group/versions none serves', () => {
    expect(fieldServed('lifecycle.{postStart,preStop}.sleep', versionOf(28))).toBe(false);
    expect(fieldServed('lifecycle.{postStart,preStop}.sleep', versionOf(29))).toBe(true);
    expect(fieldServed('lifecycle.stopSignal', versionOf(32))).toBe(false);
    expect(fieldServed('containers[].restartPolicyRules', versionOf(33))).toBe(false);
    // Deprecated API migration guide: apps/v1beta2 went in 1.16, batch/v1beta1 CronJob in 1.25.
    expect(removedApi('apps/v1beta2', 'Deployment', versionOf(28))?.servedNow).toBe('apps/v1');
    expect(removedApi('batch/v1beta1', 'CronJob', versionOf(37))?.removedIn).toBe(25);
    expect(removedApi('apps/v1', 'Deployment', versionOf(37))).toBeNull();
  });

  // Rules that changed without a gate: kubernetes/kubernetes#137136 (TooLong -> TooMany for the
  // restart-rule list limits) and #137458 (CHANGELOG-1.36, v1.36.0-beta.0: RestartContainer on a
  // non-sidecar init container refused), both merged during v1.36 development.
  it('validation rules without a gate, by release', () => {
    expect(ruleInForce('RestartRuleListsReportTooMany', versionOf(35))).toBe(false);
    expect(ruleInForce('RestartRuleListsReportTooMany', versionOf(36))).toBe(true);
    expect(ruleInForce('NonSidecarInitResizeRestartContainerRefused', versionOf(35))).toBe(false);
    expect(ruleInForce('NonSidecarInitResizeRestartContainerRefused', versionOf(37))).toBe(true);
    const page = readFileSync(
      path.resolve(__dirname, '..', '..', '..', 'docs', 'kubernetes-versions.md'),
      'utf8',
    );
    for (const r of RULES) {
      expect(page).toContain(`| \`${r.name}\` | 1.${r.from} |`);
      for (const s of r.sources) expect(s.url).toMatch(/^https:\/\/github\.com\/kubernetes\//);
    }
  });
});
