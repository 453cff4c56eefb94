// Rules of docs/kubernetes-behaviour.md (Resources, QoS; pkg/api/v1/resource/helpers.go) pinned with small pods (beyond the golden tables).
import type { Pod } from '../../../src/engine/k8s/types';
import {
  aggregateContainers,
  applyResourceDefaults,
  computePodQOS,
  podLimits,
  podRequests,
  readPodResources,
  type QuantityList,
} from '../../../src/engine/resources';

const values = (list: QuantityList): Record<string, string> =>
  Object.fromEntries([...list].map(([name, q]) => [name, q.decimalValue()]));

const req = (cpu: string): { resources: { requests: { cpu: string } } } => ({
  resources: { requests: { cpu } },
});

describe('sidecar declared before vs after a large init container (a.2)', () => {
  const bigInit = { name: 'big-init', ...req('2') };
  const sidecar = { name: 'proxy', restartPolicy: 'Always', ...req('1') };
  const app = { name: 'app', ...req('500m') };

  it('a sidecar declared AFTER the init container does not raise its peak: cpu 2', () => {
    const pod: Pod = { spec: { initContainers: [bigInit, sidecar], containers: [app] } };
    expect(values(podRequests(pod))).toEqual({ cpu: '2' });
  });

  it('a sidecar declared BEFORE it runs beside it: cpu 3', () => {
    const pod: Pod = { spec: { initContainers: [sidecar, bigInit], containers: [app] } };
    const agg = aggregateContainers(pod, 'requests');
    expect(values(podRequests(pod))).toEqual({ cpu: '3' });
    expect(values(agg.running)).toEqual({ cpu: '1.5' });
    expect(values(agg.initPeak)).toEqual({ cpu: '3' });
    expect(agg.phases.map((p) => [p.container.name, p.sidecars.map((s) => s.name)])).toEqual([
      ['proxy', ['proxy']],
      ['big-init', ['proxy']],
    ]);
  });

  it('takes the maximum per resource: cpu and memory peaks may come from different phases', () => {
    const pod: Pod = {
      spec: {
        initContainers: [{ name: 'init', resources: { requests: { cpu: '4', memory: '1Mi' } } }],
        containers: [{ name: 'app', resources: { requests: { cpu: '1', memory: '1Gi' } } }],
      },
    };
    expect(values(podRequests(pod))).toEqual({ cpu: '4', memory: '1073741824' });
  });

  it('treats every init container as regular when sidecars are disabled (1.28, c.10)', () => {
    const pod = readPodResources(
      { initContainers: [sidecar, bigInit], containers: [app] },
      { sidecarsEnabled: false },
    );
    expect(values(podRequests(pod))).toEqual({ cpu: '2' });
  });
});

describe('limits and overhead (a.5, a.6)', () => {
  it('adds overhead only to an existing non-zero limit', () => {
    const pod: Pod = {
      spec: {
        overhead: { cpu: '250m', memory: '120Mi' },
        containers: [{ name: 'a', resources: { limits: { cpu: '1', memory: '0' } } }],
      },
    };
    expect(values(podLimits(pod))).toEqual({ cpu: '1.25', memory: '0' });
    expect(values(podRequests(pod))).toEqual({ cpu: '0.25', memory: '125829120' });
  });
});

describe('odd input never throws', () => {
  it('skips unreadable lists and quantities and reports them', () => {
    const spec = {
      containers: [
        {
          name: 'a',
          resources: { requests: ['cpu', '1'], limits: { cpu: { value: 1 }, memory: '1Gi' } },
        },
        { name: 'b', resources: 'lots' },
        'not a container',
      ],
      initContainers: { name: 'not-a-list' },
    };
    const model = readPodResources(spec);
    expect(values(podLimits(model))).toEqual({ memory: '1073741824' });
    expect(model.issues.map((i) => i.path)).toEqual([
      'containers[0].resources.requests',
      'containers[0].resources.limits[cpu]',
      'containers[1].resources',
      'containers[1].resources',
    ]);
  });
});

describe('API defaulting (a.7)', () => {
  const spec = {
    initContainers: [
      {
        name: 'proxy',
        restartPolicy: 'Always',
        resources: { limits: { cpu: '100m', memory: '64Mi' } },
      },
    ],
    containers: [
      { name: 'app', resources: { requests: { cpu: '1' }, limits: { cpu: '2', memory: '1Gi' } } },
    ],
  };

  it('copies each missing request from the limit and records it, leaving the input alone', () => {
    const { spec: defaulted, defaulted: records } = applyResourceDefaults(spec);
    expect(records.map((r) => [r.container, r.role, r.resource, r.fromLimit])).toEqual([
      ['proxy', 'SIDECAR', 'cpu', '100m'],
      ['proxy', 'SIDECAR', 'memory', '64Mi'],
      ['app', 'APP', 'memory', '1Gi'],
    ]);
    expect(defaulted.containers?.[0]?.resources?.requests).toEqual({ cpu: '1', memory: '1Gi' });
    expect(spec.initContainers[0]?.resources).not.toHaveProperty('requests');
  });

  it('turns a limits-only pod Guaranteed once stored; raw it is Burstable (b)', () => {
    const limitsOnly = {
      containers: [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
    };
    expect(computePodQOS({ spec: limitsOnly })).toBe('Burstable');
    expect(computePodQOS({ spec: applyResourceDefaults(limitsOnly).spec })).toBe('Guaranteed');
  });
});
