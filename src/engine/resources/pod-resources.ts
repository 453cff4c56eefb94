// Effective pod requests and limits, as component-helpers/resource/helpers.go computes them
// (component-helpers resource/helpers.go PodRequests/PodLimits; docs/kubernetes-behaviour.md#resources). Pure functions over undefaulted pods: callers that want what a
// stored pod gets apply applyResourceDefaults first (a.7).
import type { Pod } from '../k8s/types';
import { toPodResources, type ContainerResources, type PodResources } from './pod-model';
import { addInto, addOne, maxInto, toQuantityList, type QuantityList } from './resource-list';

export interface PodResourcesOptions {
  /** Leave spec.overhead out (a.4 step 3, a.5 step 3). */
  excludeOverhead?: boolean;
  /** Ignore spec.resources (callers pass !PodLevelResources, a.9). */
  skipPodLevelResources?: boolean;
  /**
   * Requests only: a container that does not list one of these resources is treated as requesting
   * the given value (the scheduler's scoring defaults, a.3). Raw manifest values or parsed quantities.
   */
  nonMissingContainerRequests?: QuantityList | Record<string, string | number>;
}

/** One init phase of the container aggregate: a regular init container beside the sidecars declared before it, or a sidecar start. */
export interface InitPhase {
  /** The init container whose start defines the phase. */
  container: ContainerResources;
  /** The sidecars running during the phase (for a sidecar phase, itself included). */
  sidecars: ContainerResources[];
  /** Total of the phase per resource. */
  total: QuantityList;
}

/** The container aggregate with its parts (a.2). */
export interface ContainerAggregate {
  /** max(running, init peak) per resource: the aggregate itself. */
  result: QuantityList;
  /** App containers plus every sidecar: what runs once init is over. */
  running: QuantityList;
  /** The sidecars' part of `running`. */
  sidecars: QuantityList;
  /** Peak over the init phases, per resource. */
  initPeak: QuantityList;
  phases: InitPhase[];
}

export const SUPPORTED_POD_LEVEL_RESOURCES: readonly string[] = ['cpu', 'memory'];
const HUGEPAGES_PREFIX = 'hugepages-';

/** cpu, memory and hugepages-* may be set at pod level (a.4). */
export function isSupportedPodLevelResource(name: string): boolean {
  return SUPPORTED_POD_LEVEL_RESOURCES.includes(name) || name.startsWith(HUGEPAGES_PREFIX);
}

function hasSupportedName(list: QuantityList | undefined): boolean {
  if (list === undefined) return false;
  for (const name of list.keys()) if (isSupportedPodLevelResource(name)) return true;
  return false;
}

/** spec.resources.requests names a supported resource (IsPodLevelRequestsSet). */
export function isPodLevelRequestsSet(pod: Pod | PodResources): boolean {
  return hasSupportedName(toPodResources(pod).podLevel?.requests);
}

/** spec.resources.limits names a supported resource (IsPodLevelLimitsSet). */
export function isPodLevelLimitsSet(pod: Pod | PodResources): boolean {
  return hasSupportedName(toPodResources(pod).podLevel?.limits);
}

/** Requests or limits at pod level name a supported resource (IsPodLevelResourcesSet). */
export function isPodLevelResourcesSet(pod: Pod | PodResources): boolean {
  return isPodLevelRequestsSet(pod) || isPodLevelLimitsSet(pod);
}

function nonMissingList(opts: PodResourcesOptions): QuantityList | null {
  const raw = opts.nonMissingContainerRequests;
  if (raw === undefined) return null;
  return raw instanceof Map ? raw : toQuantityList(raw);
}

/**
 * aggregateContainerResourcesByFn (a.2) with every intermediate kept: apps and all sidecars run
 * together; each regular init container runs beside only the sidecars declared before it; each
 * sidecar start adds to the running sum. Result = per-resource max of the running sum and the
 * init peak.
 */
export function aggregateContainers(
  pod: Pod | PodResources,
  side: 'requests' | 'limits',
  opts: PodResourcesOptions = {},
): ContainerAggregate {
  const m = toPodResources(pod);
  // NonMissingContainerRequests never applies to limits (a.3).
  const nonMissing = side === 'requests' ? nonMissingList(opts) : null;
  // Adds a container's own list to `target`, as applyNonMissing would have it: its explicit
  // values (even "0") first, then the defaults for the names it does not list. Added in place
  // rather than through a merged copy per container.
  const addOwn = (target: QuantityList, c: ContainerResources): void => {
    const own = c[side];
    addInto(target, own);
    if (nonMissing === null) return;
    nonMissing.forEach((q, name) => {
      if (!own.has(name)) addOne(target, name, q);
    });
  };

  const running: QuantityList = new Map();
  for (const c of m.containers) addOwn(running, c);
  const sidecarSum: QuantityList = new Map();
  const sidecarsSoFar: ContainerResources[] = [];
  const initPeak: QuantityList = new Map();
  const phases: InitPhase[] = [];
  for (const c of m.initContainers) {
    let total: QuantityList;
    if (c.role === 'SIDECAR') {
      addOwn(running, c);
      addOwn(sidecarSum, c);
      sidecarsSoFar.push(c);
      total = new Map(sidecarSum);
    } else {
      // Own list first, then the sidecars started before it: the sum keeps the init's format.
      total = new Map();
      addOwn(total, c);
      addInto(total, sidecarSum);
    }
    phases.push({ container: c, sidecars: sidecarsSoFar.slice(), total });
    maxInto(initPeak, total);
  }
  const result = new Map(running);
  maxInto(result, initPeak);
  return { result, running, sidecars: sidecarSum, initPeak, phases };
}

/** AggregateContainerRequests: the container aggregate alone (no pod-level resources, no overhead). */
export function aggregateContainerRequests(
  pod: Pod | PodResources,
  opts: PodResourcesOptions = {},
): QuantityList {
  return aggregateContainers(pod, 'requests', opts).result;
}

/** AggregateContainerLimits: as above for limits; nonMissingContainerRequests is ignored. */
export function aggregateContainerLimits(
  pod: Pod | PodResources,
  opts: PodResourcesOptions = {},
): QuantityList {
  return aggregateContainers(pod, 'limits', opts).result;
}

// Pod-level values replace the container aggregate, for the resources pod level supports only.
function overrideSupported(target: QuantityList, podLevel: QuantityList): void {
  for (const [name, q] of podLevel) {
    if (isSupportedPodLevelResource(name)) target.set(name, q);
  }
}

/**
 * PodRequests (a.4): container aggregate, supported pod-level requests replace it, overhead added.
 * `aggregate`: the requests aggregate of the same pod and options, when the caller has it already.
 */
export function podRequests(
  pod: Pod | PodResources,
  opts: PodResourcesOptions = {},
  aggregate?: ContainerAggregate,
): QuantityList {
  const m = toPodResources(pod);
  const reqs =
    aggregate === undefined ? aggregateContainerRequests(m, opts) : new Map(aggregate.result);
  if (!opts.skipPodLevelResources && isPodLevelRequestsSet(m) && m.podLevel !== null) {
    overrideSupported(reqs, m.podLevel.requests);
  }
  // Overhead adds keys that were not there before.
  if (!opts.excludeOverhead) addInto(reqs, m.overhead);
  return reqs;
}

/**
 * PodLimits (a.5): container aggregate of limits; pod-level limits replace it when any pod-level
 * resource is set (the broader IsPodLevelResourcesSet); overhead only on an existing non-zero limit.
 * `aggregate`: the limits aggregate of the same pod and options, when the caller has it already.
 */
export function podLimits(
  pod: Pod | PodResources,
  opts: PodResourcesOptions = {},
  aggregate?: ContainerAggregate,
): QuantityList {
  const m = toPodResources(pod);
  const lims =
    aggregate === undefined ? aggregateContainerLimits(m, opts) : new Map(aggregate.result);
  if (!opts.skipPodLevelResources && isPodLevelResourcesSet(m) && m.podLevel !== null) {
    overrideSupported(lims, m.podLevel.limits);
  }
  if (!opts.excludeOverhead) {
    for (const [name, q] of m.overhead) {
      const current = lims.get(name);
      if (current !== undefined && current.nanos !== 0n) addOne(lims, name, q);
    }
  }
  return lims;
}
