// Rows of Kubernetes' TestComputePodQOS (pkg/apis/core/v1/helper/qos/qos_test.go, the same table
// as its internal twin pkg/apis/core/helper/qos/qos_generated_test.go) that the shared golden
// vectors do not hold, written as our own table. The upstream helpers: getResourceList(cpu,
// memory) leaves out an empty value; podLevelResourcesEnabled sets the PodLevelResources gate.
import type { Pod } from '../../../src/engine/k8s/types';
import { computePodQOS, type PodQOSClass } from '../../../src/engine/resources';

type List = Record<string, string>;
const list = (cpu: string, memory: string): List => ({
  ...(cpu === '' ? {} : { cpu }),
  ...(memory === '' ? {} : { memory }),
});
const container = (requests: List, limits: List) => ({ resources: { requests, limits } });
const pod = (
  containers: ReturnType<typeof container>[],
  initContainers: ReturnType<typeof container>[] = [],
  resources?: { requests: List; limits: List },
): Pod =>
  ({
    spec: { containers, initContainers, ...(resources === undefined ? {} : { resources }) },
  }) as unknown as Pod;

const ROWS: [string, Pod, PodQOSClass, boolean][] = [
  [
    'guaranteed',
    pod([container(list('100m', '100Mi'), list('100m', '100Mi'))]),
    'Guaranteed',
    false,
  ],
  [
    'guaranteed-guaranteed',
    pod([
      container(list('100m', '100Mi'), list('100m', '100Mi')),
      container(list('100m', '100Mi'), list('100m', '100Mi')),
    ]),
    'Guaranteed',
    false,
  ],
  [
    'burstable-unbounded-but-requests-match-limits',
    pod([
      container(list('100m', '100Mi'), list('200m', '200Mi')),
      container(list('100m', '100Mi'), list('', '')),
    ]),
    'Burstable',
    false,
  ],
  [
    'burstable-1',
    pod([container(list('10m', '100Mi'), list('100m', '200Mi'))]),
    'Burstable',
    false,
  ],
  // Explicit zero requests with limits: request != limit.
  ['burstable-2', pod([container(list('0', '0'), list('100m', '200Mi'))]), 'Burstable', false],
  // Only cpu and memory decide: hugepages with request == limit stay BestEffort.
  [
    'best-effort-hugepages',
    pod([
      container(
        { ...list('0', '0'), 'hugepages-2Mi': '1Gi' },
        { ...list('0', '0'), 'hugepages-2Mi': '1Gi' },
      ),
    ]),
    'BestEffort',
    false,
  ],
  // Init containers count like app containers.
  [
    'init-container',
    pod(
      [container(list('', ''), list('', ''))],
      [container(list('10m', '100Mi'), list('100m', '200Mi'))],
    ),
    'Burstable',
    false,
  ],
  // Pod-level resources decide alone: containers are ignored.
  [
    'guaranteed-with-pod-level-resources',
    pod([container(list('', ''), list('', ''))], [], {
      requests: list('10m', '100Mi'),
      limits: list('10m', '100Mi'),
    }),
    'Guaranteed',
    true,
  ],
  [
    'guaranteed-with-pod-and-container-level-resources',
    pod([container(list('3m', '10Mi'), list('5m', '20Mi'))], [], {
      requests: list('10m', '100Mi'),
      limits: list('10m', '100Mi'),
    }),
    'Guaranteed',
    true,
  ],
  [
    'burstable-with-pod-level-resources',
    pod([container(list('', ''), list('', ''))], [], {
      requests: list('10m', '10Mi'),
      limits: list('20m', '50Mi'),
    }),
    'Burstable',
    true,
  ],
  [
    'burstable-with-pod-and-container-level-resources',
    pod([container(list('5m', '10Mi'), list('5m', '10Mi'))], [], {
      requests: list('10m', '10Mi'),
      limits: list('20m', '50Mi'),
    }),
    'Burstable',
    true,
  ],
  [
    'burstable-with-pod-and-container-level-requests',
    pod([container(list('5m', '10Mi'), list('', ''))], [], {
      requests: list('10m', '10Mi'),
      limits: list('', ''),
    }),
    'Burstable',
    true,
  ],
];

describe('QoS: upstream TestComputePodQOS rows', () => {
  it.each(ROWS)('%s', (_name, p, qosClass, podLevelResourcesEnabled) => {
    // The rows hold whether or not PodLevelResourcesFixKubeletQOSClass is on.
    for (const fix of [true, false]) {
      expect(
        computePodQOS(p, {
          PodLevelResources: podLevelResourcesEnabled,
          PodLevelResourcesFixKubeletQOSClass: fix,
        }),
      ).toBe(qosClass);
    }
  });

  it('pod-level rows fall back to the containers when the PodLevelResources gate is off', () => {
    const p = pod([container(list('', ''), list('', ''))], [], {
      requests: list('10m', '100Mi'),
      limits: list('10m', '100Mi'),
    });
    expect(computePodQOS(p, { PodLevelResources: false })).toBe('BestEffort');
  });

  it('empty spec.resources: BestEffort without the fix gate, the containers with it (qos.go)', () => {
    const p = pod([container(list('1', '1Gi'), list('1', '1Gi'))], [], {
      requests: {},
      limits: {},
    });
    expect(
      computePodQOS(p, { PodLevelResources: true, PodLevelResourcesFixKubeletQOSClass: false }),
    ).toBe('BestEffort');
    expect(
      computePodQOS(p, { PodLevelResources: true, PodLevelResourcesFixKubeletQOSClass: true }),
    ).toBe('Guaranteed');
  });
});
