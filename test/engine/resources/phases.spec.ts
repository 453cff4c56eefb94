// The per-phase view of the resource report: each init container beside only the sidecars
// declared before it, each sidecar start, and the running set. KEP-753 (sidecar containers),
// "Resources calculation for scheduling and pod admission":
//   InitContainerUse(i) = sum(restartable init containers with index < i) + init container i
//   PodUse = max(InitContainerUse(i) for each i, sum(restartable init containers) + sum(containers))
// and https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers
import { featureGatesFor, versionOf } from '../../../src/engine/k8s/version';
import type { PodSpec } from '../../../src/engine/k8s/types';
import { analyzeResources, type ResourceReport } from '../../../src/engine/resources';
import type { Workload } from '../../../src/engine/workload';

function report(spec: unknown, minor = 37): ResourceReport {
  const version = versionOf(minor);
  const workload: Workload = {
    document: 0,
    kind: 'Pod',
    apiVersion: 'v1',
    name: 'web',
    namespace: null,
    replicas: 1,
    replicaBasis: 'SINGLE',
    objectMeta: {},
    podMeta: {},
    specPath: 'spec',
    spec: spec as PodSpec,
    status: null,
    locate: () => null,
  };
  return analyzeResources({ workload, version, gates: featureGatesFor(version) });
}

const cpu = (list: { resource: string; quantity: string }[]) =>
  list.find((q) => q.resource === 'cpu')?.quantity;

describe('resource phases (KEP-753 InitContainerUse)', () => {
  const spec = {
    initContainers: [
      {
        name: 'a',
        image: 'a',
        restartPolicy: 'Always',
        resources: { requests: { cpu: '100m' }, limits: { cpu: '100m' } },
      },
      { name: 'b', image: 'b', resources: { requests: { cpu: '500m' } } },
      {
        name: 'c',
        image: 'c',
        restartPolicy: 'Always',
        resources: { requests: { cpu: '50m' }, limits: { cpu: '50m' } },
      },
      { name: 'd', image: 'd', resources: { requests: { cpu: '200m' }, limits: { cpu: '1' } } },
    ],
    containers: [
      {
        name: 'app',
        image: 'app',
        resources: { requests: { cpu: '300m' }, limits: { cpu: '300m' } },
      },
    ],
  };

  it('gives each init phase beside only the sidecars declared before it, then the running set', () => {
    const r = report(spec);
    expect(r.phases.map((p) => [p.kind, p.container, p.sidecars, cpu(p.requests)])).toEqual([
      ['SIDECAR_START', 'a', ['a'], '100m'],
      ['INIT', 'b', ['a'], '600m'], // 500m + sidecar a
      ['SIDECAR_START', 'c', ['a', 'c'], '150m'],
      ['INIT', 'd', ['a', 'c'], '350m'], // 200m + a + c
      ['RUNNING', null, ['a', 'c'], '450m'], // app 300m + a + c
    ]);
    // PodUse = max over the phases.
    expect(cpu(r.requests)).toBe('600m');
  });

  it('sums declared limits per phase and names the resources some container leaves unlimited', () => {
    const r = report(spec);
    const b = r.phases.find((p) => p.container === 'b');
    const d = r.phases.find((p) => p.container === 'd');
    const running = r.phases.find((p) => p.kind === 'RUNNING');
    expect(b?.unlimited).toEqual(['cpu', 'memory']); // b sets no cpu limit
    expect(cpu(d?.limits ?? [])).toBe('1150m'); // 1 + 100m + 50m
    expect(d?.unlimited).toEqual(['memory']);
    expect(cpu(running?.limits ?? [])).toBe('450m');
  });

  it('on 1.28 (SidecarContainers off, restartPolicy dropped) every init container is a plain init phase', () => {
    const r = report(spec, 28);
    expect(r.phases.map((p) => [p.kind, p.container, cpu(p.requests)])).toEqual([
      ['INIT', 'a', '100m'],
      ['INIT', 'b', '500m'],
      ['INIT', 'c', '50m'],
      ['INIT', 'd', '200m'],
      ['RUNNING', null, '300m'],
    ]);
  });
});
