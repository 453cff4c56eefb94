// The product's resource report: defaulting first, gates of the target version, where each
// number comes from, unknown values, totals.
import { featureGatesFor, versionOf } from '../../../src/engine/k8s/version';
import type { PodSpec } from '../../../src/engine/k8s/types';
import { analyzeResources, type ResourceReport } from '../../../src/engine/resources';
import type { ReplicaBasis, Workload, WorkloadKind } from '../../../src/engine/workload';

function report(
  spec: unknown,
  options: { minor?: number; kind?: WorkloadKind; replicas?: number; basis?: ReplicaBasis } = {},
): ResourceReport {
  const version = versionOf(options.minor ?? 37);
  const workload: Workload = {
    document: 0,
    kind: options.kind ?? 'Deployment',
    apiVersion: 'apps/v1',
    name: 'web',
    namespace: null,
    replicas: options.replicas ?? 1,
    replicaBasis: options.basis ?? 'REPLICAS',
    objectMeta: {},
    podMeta: {},
    specPath: 'spec.template.spec',
    spec: spec as PodSpec,
    status: null,
    locate: () => null,
  };
  return analyzeResources({ workload, version, gates: featureGatesFor(version) });
}

const guaranteed = {
  requests: { cpu: '500m', memory: '256Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

describe('analyzeResources', () => {
  it('reports canonical quantities with exact values, cpu and memory first', () => {
    const r = report({
      containers: [
        {
          name: 'app',
          resources: {
            requests: { 'nvidia.com/gpu': 1, memory: '1.5Gi', cpu: 1.5, 'ephemeral-storage': '1G' },
          },
        },
      ],
    });
    expect(r.requests).toEqual([
      { resource: 'cpu', quantity: '1500m', value: '1.5' },
      { resource: 'memory', quantity: '1536Mi', value: '1610612736' },
      { resource: 'ephemeral-storage', quantity: '1G', value: '1000000000' },
      { resource: 'nvidia.com/gpu', quantity: '1', value: '1' },
    ]);
  });

  it('applies API defaulting first and records which requests came from limits', () => {
    const r = report({
      containers: [{ name: 'app', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
    });
    expect(r.defaultedRequests.map((d) => [d.container, d.resource, d.fromLimit])).toEqual([
      ['app', 'cpu', '1'],
      ['app', 'memory', '1Gi'],
    ]);
    expect(r.requests.map((q) => q.quantity)).toEqual(['1', '1Gi']);
    expect(r.qosClass).toBe('GUARANTEED');
  });

  it('names the sidecar that alone turns a would-be Guaranteed pod Burstable', () => {
    const r = report({
      initContainers: [
        { name: 'istio-proxy', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
      ],
      containers: [{ name: 'app', resources: guaranteed }],
    });
    expect(r.qosClass).toBe('BURSTABLE');
    expect(r.qosDowngradedBySidecars).toEqual(['istio-proxy']);
    expect(r.qosExplanation).toContain('istio-proxy');
    expect(r.containerQos.map((c) => [c.container, c.qosClass])).toEqual([
      ['istio-proxy', 'BURSTABLE'],
      ['app', 'GUARANTEED'],
    ]);
  });

  it('lists cpu/memory that some containers leave unlimited, naming them', () => {
    const r = report({
      initContainers: [
        {
          name: 'log-shipper',
          restartPolicy: 'Always',
          resources: { requests: { memory: '64Mi' } },
        },
      ],
      containers: [{ name: 'app', resources: guaranteed }],
    });
    expect(r.unboundedLimits).toEqual(['cpu', 'memory']);
    expect(r.unboundedLimitDetails[1]).toMatchObject({
      resource: 'memory',
      unlimitedContainers: ['log-shipper'],
      limitedContainers: ['app'],
    });
    // Kubernetes' own pod limit is still the sum of the declared limits (a.6).
    expect(r.limits).toEqual([
      { resource: 'cpu', quantity: '500m', value: '0.5' },
      { resource: 'memory', quantity: '256Mi', value: '268435456' },
    ]);
  });

  it('explains an init phase that dominates: which container, which sidecars, the idle reservation', () => {
    const r = report({
      initContainers: [
        { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '1' } } },
        { name: 'migrate', resources: { requests: { cpu: '2' } } },
      ],
      containers: [{ name: 'app', resources: { requests: { cpu: '500m' } } }],
    });
    const cpu = r.requestBreakdown.find((b) => b.resource === 'cpu');
    expect(cpu).toMatchObject({
      dominantPhase: 'INIT',
      dominantInitContainer: 'migrate',
      sidecarsDuringDominantPhase: ['proxy'],
      runningSum: { quantity: '1500m', value: '1.5' },
      initPeak: { quantity: '3', value: '3' },
      idleWhileRunning: { quantity: '1500m', value: '1.5' },
      effective: { quantity: '3', value: '3' },
    });
    expect(r.sidecarShare).toEqual([
      {
        resource: 'cpu',
        sidecars: { quantity: '1', value: '1' },
        running: { quantity: '1500m', value: '1.5' },
        percent: 66.7,
        sidecarNames: ['proxy'],
      },
    ]);
  });

  it('says the running phase dominates when no init phase needs more', () => {
    const r = report({
      initContainers: [{ name: 'init', resources: { requests: { memory: '64Mi' } } }],
      containers: [{ name: 'app', resources: { requests: { memory: '1Gi' } } }],
    });
    expect(r.requestBreakdown[0]).toMatchObject({
      resource: 'memory',
      dominantPhase: 'RUNNING',
      idleWhileRunning: null,
    });
  });

  it('multiplies by replicas, parallelism, or not at all per node', () => {
    const spec = { containers: [{ name: 'app', resources: guaranteed }] };
    expect(report(spec, { replicas: 3 }).workloadTotals).toMatchObject({
      label: '3 replicas',
      requests: [
        { resource: 'cpu', quantity: '1500m', value: '1.5' },
        { resource: 'memory', quantity: '768Mi', value: '805306368' },
      ],
    });
    expect(
      report(spec, { kind: 'Job', replicas: 4, basis: 'PARALLELISM' }).workloadTotals?.requests[0]
        ?.value,
    ).toBe('2');
    expect(
      report(spec, { kind: 'DaemonSet', replicas: 1, basis: 'PER_NODE' }).workloadTotals?.label,
    ).toContain('per node');
  });

  it('gives the scheduler scoring view separately from the fit requests', () => {
    const r = report({
      initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
      containers: [{ name: 'app', resources: { requests: { cpu: '0' } } }],
    });
    expect(r.requests).toEqual([{ resource: 'cpu', quantity: '0', value: '0' }]);
    expect(r.schedulerScoringRequests).toEqual([
      { resource: 'cpu', quantity: '100m', value: '0.1' },
      { resource: 'memory', quantity: '400Mi', value: '419430400' },
    ]);
  });

  it('honours pod-level resources only where the gate is on (1.34+), overhead included', () => {
    const spec = {
      resources: { requests: { cpu: '4' } },
      overhead: { cpu: '250m' },
      containers: [{ name: 'app', resources: { requests: { cpu: '1' } } }],
    };
    const on = report(spec, { minor: 34 });
    const off = report(spec, { minor: 33 });
    expect(on.requests[0]?.value).toBe('4.25');
    expect(on.podLevelResources.state).toBe('HONOURED');
    expect(off.requests[0]?.value).toBe('1.25');
    expect(off.podLevelResources.state).toBe('IGNORED');
  });

  it('treats restartPolicy Always as a regular init container on 1.28 (sidecars off)', () => {
    const spec = {
      initContainers: [
        { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '1' } } },
      ],
      containers: [{ name: 'app', resources: { requests: { cpu: '500m' } } }],
    };
    expect(report(spec, { minor: 28 }).requests[0]?.value).toBe('1');
    expect(report(spec, { minor: 29 }).requests[0]?.value).toBe('1.5');
  });

  it('marks a resource unknown instead of guessing, and keeps the others', () => {
    const r = report({
      containers: [
        { name: 'a', resources: { requests: { cpu: '1', memory: 'lots' } } },
        {
          name: 'b',
          resources: {
            requests: { cpu: { value: 2 }, 'ephemeral-storage': '1Gi' },
            limits: ['cpu'],
          },
        },
      ],
    });
    expect(r.complete).toBe(false);
    expect(r.requests).toEqual([
      { resource: 'ephemeral-storage', quantity: '1Gi', value: '1073741824' },
    ]);
    expect(r.unknownResources).toEqual(['cpu', 'memory', 'ephemeral-storage']);
    expect(r.limits).toEqual([]);
    expect(r.inputIssues.map((i) => i.path)).toEqual([
      'spec.template.spec.containers[0].resources.requests[memory]',
      'spec.template.spec.containers[1].resources.requests[cpu]',
      'spec.template.spec.containers[1].resources.limits',
    ]);
  });

  it('does not throw on a spec that is not an object, and keeps numbers beyond int64 exact', () => {
    expect(() => report('nonsense')).not.toThrow();
    const r = report(
      { containers: [{ name: 'a', resources: { requests: { memory: '100E' } } }] },
      { replicas: 1000 },
    );
    expect(r.requests[0]?.value).toBe('100000000000000000000');
    expect(r.workloadTotals?.requests[0]?.value).toBe('100000000000000000000000');
  });
});
