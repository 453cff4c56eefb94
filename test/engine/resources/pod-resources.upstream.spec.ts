// Rows from Kubernetes' own resource-helper tests (component-helpers resource/helpers_test.go,
// read at k8s.io/component-helpers 1961876b) that the shared golden vectors do not hold, written
// as our own table: pod -> PodRequests / PodLimits / AggregateContainer* / IsPodLevel* result.
// Each row names the upstream test and case. Quantities are compared by exact value.
import type { Pod } from '../../../src/engine/k8s/types';
import { parseQuantity } from '../../../src/engine/quantity';
import {
  aggregateContainerLimits,
  aggregateContainerRequests,
  isPodLevelLimitsSet,
  isPodLevelRequestsSet,
  isPodLevelResourcesSet,
  podLimits,
  podRequests,
  type PodResourcesOptions,
  type QuantityList,
} from '../../../src/engine/resources';

type List = Record<string, string>;
interface C {
  name?: string;
  restartPolicy?: string;
  resources?: { requests?: List; limits?: List };
}
const c = (requests?: List, limits?: List, restartPolicy?: string): C => ({
  ...(restartPolicy === undefined ? {} : { restartPolicy }),
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
});
const sidecar = (requests?: List, limits?: List): C => c(requests, limits, 'Always');
const pod = (spec: {
  containers?: C[];
  initContainers?: C[];
  overhead?: List;
  resources?: { requests?: List; limits?: List };
}): Pod => ({ spec }) as unknown as Pod;

// upstream getPod(name, podResources{...}): one container and one init container sharing the
// same requirements, plus overhead.
function getPod(requests: List, limits: List, overhead: List): Pod {
  return pod({
    containers: [c(requests, limits)],
    initContainers: [c(requests, limits)],
    overhead,
  });
}

const values = (list: QuantityList): List =>
  Object.fromEntries([...list].map(([name, q]) => [name, q.decimalValue()]).sort());
function expected(list: List): List {
  return Object.fromEntries(
    Object.entries(list)
      .map(([name, text]): [string, string] => {
        const parsed = parseQuantity(text);
        if (!parsed.ok) throw new Error(text);
        return [name, parsed.quantity.decimalValue()];
      })
      .sort(),
  );
}

interface Row {
  upstream: string;
  pod: Pod;
  options?: PodResourcesOptions;
  /** PodRequests / PodLimits, or the container aggregate alone when `aggregate` is set. */
  requests?: List;
  limits?: List;
  aggregate?: boolean;
}

const ROWS: Row[] = [
  {
    upstream: 'TestPodRequestsAndLimits / just-limit-no-overhead',
    pod: getPod({}, { cpu: '9' }, {}),
    requests: {},
    limits: { cpu: '9' },
  },
  {
    // Overhead alone becomes the requests; a limit never appears from overhead.
    upstream: 'TestPodRequestsAndLimits / just-overhead',
    pod: getPod({}, {}, { cpu: '5', memory: '5' }),
    requests: { cpu: '5', memory: '5' },
    limits: {},
  },
  {
    upstream: 'TestPodRequestsAndLimits / all-req-lim-and-overhead',
    pod: getPod({ cpu: '1', memory: '10' }, { cpu: '2', memory: '12' }, { cpu: '5', memory: '5' }),
    requests: { cpu: '6', memory: '15' },
    limits: { cpu: '7', memory: '17' },
  },
  {
    upstream:
      'TestPodRequestsAndLimitsWithoutOverhead / two container with overhead, massive init - should just be the largest init',
    pod: pod({
      overhead: { cpu: '3', memory: '8' },
      containers: [
        c({ cpu: '1', memory: '5' }, { cpu: '2', memory: '10' }),
        c({ cpu: '4', memory: '12' }, { cpu: '8', memory: '24' }),
      ],
      initContainers: [
        c({ cpu: '1', memory: '5' }, { cpu: '1', memory: '5' }),
        c({ cpu: '40', memory: '120' }, { cpu: '80', memory: '240' }),
      ],
    }),
    options: { excludeOverhead: true },
    requests: { cpu: '40', memory: '120' },
    limits: { cpu: '80', memory: '240' },
  },
  {
    upstream: 'TestPodResourceRequests / pod overhead excluded',
    pod: pod({
      overhead: { cpu: '1' },
      initContainers: [c({ cpu: '2' })],
      containers: [c({ cpu: '2' }), c({ cpu: '3' })],
    }),
    options: { excludeOverhead: true },
    requests: { cpu: '5' },
  },
  {
    // The regular init container (5) runs before any sidecar: max(5, 1 + 1+2+3) = 7.
    upstream: 'TestPodResourceRequests / multiple restartable init containers',
    pod: pod({
      initContainers: [
        c({ cpu: '5' }),
        sidecar({ cpu: '1' }),
        sidecar({ cpu: '2' }),
        sidecar({ cpu: '3' }),
      ],
      containers: [c({ cpu: '1' })],
    }),
    requests: { cpu: '7' },
  },
  {
    upstream: 'TestPodResourceLimits / multiple restartable init containers',
    pod: pod({
      initContainers: [
        c(undefined, { cpu: '5' }),
        sidecar(undefined, { cpu: '1' }),
        sidecar(undefined, { cpu: '2' }),
        sidecar(undefined, { cpu: '3' }),
      ],
      containers: [c(undefined, { cpu: '1' })],
    }),
    limits: { cpu: '7' },
  },
  {
    // A container without limits contributes nothing: the pod limit is not "unbounded".
    upstream:
      "TestPodResourceLimits / one limited and one unlimited init container should result in the limited init container's limits for the pod",
    pod: pod({
      initContainers: [c(undefined, { cpu: '2', memory: '2Gi' }), {}],
      containers: [c(undefined, { cpu: '1', memory: '1Gi' })],
    }),
    limits: { cpu: '2', memory: '2Gi' },
  },
  {
    upstream:
      'TestPodLevelResourceRequests / pod level memory resource with SkipPodLevelResources true',
    pod: pod({ resources: { requests: { memory: '2Mi' } } }),
    options: { skipPodLevelResources: true },
    requests: {},
  },
  {
    upstream:
      'TestPodLevelResourceRequests / pod level memory and container level cpu resources with SkipPodLevelResources false',
    pod: pod({ resources: { requests: { memory: '2Mi' } }, containers: [c({ cpu: '2m' })] }),
    requests: { memory: '2Mi', cpu: '2m' },
  },
  {
    // Unsupported names at pod level are ignored; the container aggregate stands.
    upstream:
      'TestPodLevelResourceRequests / pod level unsupported resources set at both pod-level and container-level with SkipPodLevelResources false',
    pod: pod({ resources: { requests: { storage: '2Mi' } }, containers: [c({ storage: '3Mi' })] }),
    requests: { storage: '3Mi' },
  },
  {
    upstream:
      'TestPodLevelResourceRequests / container-level resources, init and sidecar container set with SkipPodLevelResources false',
    pod: pod({
      containers: [c({ memory: '3Mi', cpu: '2m' })],
      initContainers: [sidecar({ memory: '5Mi', cpu: '4m' }), c({ memory: '6Mi', cpu: '8m' })],
    }),
    requests: { memory: '11Mi', cpu: '12m' },
  },
  {
    upstream:
      'TestPodLevelResourceRequests / pod-level resources, container-level resources, init and sidecar container set with SkipPodLevelResources false',
    pod: pod({
      resources: { requests: { memory: '15Mi', cpu: '18m' } },
      containers: [c({ memory: '3Mi', cpu: '2m' })],
      initContainers: [sidecar({ memory: '5Mi', cpu: '4m' }), c({ memory: '6Mi', cpu: '8m' })],
    }),
    requests: { memory: '15Mi', cpu: '18m' },
  },
  {
    // Pod-level hugepages replace the aggregate per page size; other sizes keep the aggregate.
    upstream:
      'TestPodLevelResourceRequests / pod-level resources, container-level resources, hugepage request/limit multiple page sizes between pod-level and container-level',
    pod: pod({
      resources: {
        requests: { cpu: '1', 'hugepages-2Mi': '10Mi' },
        limits: { 'hugepages-2Mi': '10Mi' },
      },
      containers: [c({ memory: '4Mi', 'hugepages-1Gi': '1Gi' }, { 'hugepages-1Gi': '1Gi' })],
    }),
    requests: { cpu: '1', memory: '4Mi', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '1Gi' },
  },
  {
    upstream:
      'TestAggregateContainerRequestsAndLimits / regular, init and sidecar containers with requests',
    pod: pod({
      containers: [c({ cpu: '9' })],
      initContainers: [sidecar({ cpu: '8' }), c({ cpu: '6' })],
    }),
    aggregate: true,
    requests: { cpu: '17' },
    limits: {},
  },
  {
    upstream:
      'TestPodRequestsAndLimitsVerticalScalingWrappers / non missing container requests applied to init container',
    pod: pod({ initContainers: [{ name: 'i1', resources: { requests: { cpu: '1' } } }] }),
    options: { nonMissingContainerRequests: { memory: '100Mi' } },
    requests: { cpu: '1', memory: '100Mi' },
    limits: {},
  },
];

describe('resources: upstream helpers_test.go rows', () => {
  it.each(ROWS.map((r) => [r.upstream, r] as const))('%s', (_name, r) => {
    const opts = r.options ?? {};
    const reqFn = r.aggregate ? aggregateContainerRequests : podRequests;
    const limFn = r.aggregate ? aggregateContainerLimits : podLimits;
    if (r.requests) expect(values(reqFn(r.pod, opts))).toEqual(expected(r.requests));
    if (r.limits) expect(values(limFn(r.pod, opts))).toEqual(expected(r.limits));
  });

  it('TestIsPodLevelLimitsSet / only resource requests set: requests alone are not limits', () => {
    const p = pod({ resources: { requests: { memory: '100Mi' } } });
    expect([isPodLevelLimitsSet(p), isPodLevelRequestsSet(p), isPodLevelResourcesSet(p)]).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('TestIsPodLevelResourcesSet / only unsupported resource limits set', () => {
    const p = pod({ resources: { limits: { 'ephemeral-storage': '1Mi' } } });
    expect([isPodLevelResourcesSet(p), isPodLevelLimitsSet(p)]).toEqual([false, false]);
  });
});
