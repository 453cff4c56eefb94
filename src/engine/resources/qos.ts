// QoS class as pkg/apis/core/v1/helper/qos computes it (pkg/apis/core/v1/helper/qos/qos.go; docs/kubernetes-behaviour.md#qos).
import type { Pod } from '../k8s/types';
import type { ContainerRole } from '../report';
import { toPodResources, type PodResources } from './pod-model';
import { isPodLevelResourcesSet } from './pod-resources';
import type { QuantityList } from './resource-list';

/** Kubernetes' PodQOSClass values. */
export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** The gates ComputePodQOS reads; both default to their current default (PodLevelResources on, fix on). */
export interface QosGates {
  PodLevelResources?: boolean;
  PodLevelResourcesFixKubeletQOSClass?: boolean;
}

/** Where the class came from. */
export type QosBasis = 'POD_LEVEL' | 'CONTAINERS';

export interface ContainerQos {
  name: string;
  role: ContainerRole;
  index: number;
  qosClass: PodQOSClass;
}

export interface QosDetail {
  qosClass: PodQOSClass;
  basis: QosBasis;
  /** Per container (init containers, sidecars, then apps); empty for the pod-level branch. */
  containers: ContainerQos[];
}

/**
 * requirementsQOS (b.2): no requests and no limits at all is BestEffort; otherwise cpu and memory
 * each compare request with limit numerically (missing = 0): unequal Burstable, equal zero
 * BestEffort, equal non-zero Guaranteed; cpu and memory disagreeing is Burstable.
 */
export function requirementsQOS(requests: QuantityList, limits: QuantityList): PodQOSClass {
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  // Only cpu and memory decide (b): hugepages, ephemeral-storage and extended resources never do.
  const cpuClass = resourceQOS(requests.get('cpu')?.nanos ?? 0n, limits.get('cpu')?.nanos ?? 0n);
  const memoryClass = resourceQOS(
    requests.get('memory')?.nanos ?? 0n,
    limits.get('memory')?.nanos ?? 0n,
  );
  return cpuClass === memoryClass ? cpuClass : 'Burstable';
}

// One resource's request against its limit (missing = 0).
function resourceQOS(request: bigint, limit: bigint): PodQOSClass {
  if (request !== limit) return 'Burstable';
  return request === 0n ? 'BestEffort' : 'Guaranteed';
}

/** Combining (b.3): any Burstable, or BestEffort mixed with Guaranteed, is Burstable; none is BestEffort. */
export function combineQos(classes: readonly PodQOSClass[]): PodQOSClass {
  if (classes.length === 0) return 'BestEffort';
  if (classes.includes('Burstable')) return 'Burstable';
  const first = classes[0] ?? 'BestEffort';
  return classes.every((c) => c === first) ? first : 'Burstable';
}

/** ComputePodQOS with the per-container detail behind it. */
export function computePodQOSDetail(pod: Pod | PodResources, gates: QosGates = {}): QosDetail {
  const m = toPodResources(pod);
  const podLevelGate = gates.PodLevelResources ?? true;
  const fixGate = gates.PodLevelResourcesFixKubeletQOSClass ?? true;
  // Pod-level branch (b.1): with the fix gate on, only when cpu/memory/hugepages are set there.
  if (podLevelGate && m.podLevel !== null && (!fixGate || isPodLevelResourcesSet(m))) {
    return {
      qosClass: requirementsQOS(m.podLevel.requests, m.podLevel.limits),
      basis: 'POD_LEVEL',
      containers: [],
    };
  }
  // Init containers (regular and sidecars alike) count exactly like app containers.
  const containers: ContainerQos[] = [];
  for (const list of [m.initContainers, m.containers]) {
    for (const c of list) {
      containers.push({
        name: c.name,
        role: c.role,
        index: c.index,
        qosClass: requirementsQOS(c.requests, c.limits),
      });
    }
  }
  // combineQos (b.3) over the containers' classes, without listing them.
  let qosClass: PodQOSClass = containers[0]?.qosClass ?? 'BestEffort';
  for (const c of containers) {
    if (c.qosClass !== qosClass) qosClass = 'Burstable';
  }
  return { qosClass, basis: 'CONTAINERS', containers };
}

/** ComputePodQOS (b): the class of an undefaulted pod spec. */
export function computePodQOS(pod: Pod | PodResources, gates: QosGates = {}): PodQOSClass {
  return computePodQOSDetail(pod, gates).qosClass;
}
