// SetDefaults_Pod's resource part (pkg/apis/core/v1/defaults.go SetDefaults_Pod; docs/kubernetes-behaviour.md#resources): a container's missing request takes its
// limit. The API server applies it to every Pod, so to every pod a template creates.
import type { Container, PodSpec } from '../k8s/types';
import type { ContainerRole } from '../report';
import type { WorkloadContext } from '../workload';
import { readPodResources, type PodResources } from './pod-model';
import { compareCodeUnits, isPlainObject, sortNames } from './resource-list';

/** A request the API server fills in from the container's limit (SetDefaults_Pod). */
export interface DefaultedRequest {
  /** Container whose request the API server fills in. */
  container: string;
  /** What the container is to the kubelet. */
  role: ContainerRole;
  /** Position in its own list. */
  index: number;
  /** Resource name (cpu, memory, ...). */
  resource: string;
  /** The limit as written in the manifest, now also the request. */
  fromLimit: string;
}

export interface DefaultedSpec {
  /** A copy of the spec with the requests filled in (the input is not modified). */
  spec: PodSpec;
  defaulted: DefaultedRequest[];
}

/**
 * Copies each limit into a missing request, for containers, init containers and sidecars alike.
 * `sidecarsEnabled` only labels roles (restartPolicy Always on an init container = SIDECAR).
 * Containers whose lists are not maps are left as they are. The engine itself reads pods through
 * readDefaultedPod, which fills the requests in as it reads, without this copy; this form is kept
 * for callers that need the defaulted spec itself, and test/engine/resources/defaulted-read.spec.ts
 * checks that both read the same pod.
 */
export function applyResourceDefaults(spec: PodSpec, sidecarsEnabled = true): DefaultedSpec {
  const defaulted: DefaultedRequest[] = [];
  const fill = (list: unknown, kind: 'initContainers' | 'containers'): Container[] | undefined => {
    if (!Array.isArray(list)) return list as Container[] | undefined;
    return list.map((raw: unknown, index): Container => {
      if (!isPlainObject(raw)) return raw as Container;
      const c = raw as Container & Record<string, unknown>;
      const resources: unknown = c.resources;
      if (!isPlainObject(resources) || !isPlainObject(resources.limits)) return c;
      const requests: unknown = resources.requests;
      if (requests !== undefined && requests !== null && !isPlainObject(requests)) return c;
      const limits = resources.limits;
      const filled: Record<string, string | number> = {
        ...((requests ?? {}) as Record<string, string | number>),
      };
      const role: ContainerRole =
        kind === 'containers'
          ? 'APP'
          : sidecarsEnabled && c.restartPolicy === 'Always'
            ? 'SIDECAR'
            : 'INIT';
      for (const name of Object.keys(limits).sort()) {
        if (Object.prototype.hasOwnProperty.call(filled, name)) continue;
        const value = limits[name];
        filled[name] = value as string | number;
        defaulted.push({
          container: typeof c.name === 'string' ? c.name : `${kind}[${index}]`,
          role,
          index,
          resource: name,
          fromLimit:
            typeof value === 'string' || typeof value === 'number'
              ? String(value)
              : JSON.stringify(value),
        });
      }
      return { ...c, resources: { ...resources, requests: filled } };
    });
  };
  return {
    spec: {
      ...spec,
      initContainers: fill(spec.initContainers, 'initContainers'),
      containers: fill(spec.containers, 'containers'),
    },
    defaulted,
  };
}

/**
 * One container's requests after SetDefaults_Pod, as applyResourceDefaults fills them in: each
 * limit the requests do not list is copied in (recorded in `defaulted`). The written requests
 * object is returned as it is when nothing is missing; a copy only when something is filled in.
 */
function defaultedRequests(
  c: Record<string, unknown>,
  resources: Record<string, unknown>,
  list: 'initContainers' | 'containers',
  index: number,
  role: ContainerRole,
  defaulted: DefaultedRequest[],
): unknown {
  const requests = resources.requests;
  const limits = resources.limits;
  if (!isPlainObject(limits)) return requests;
  if (requests !== undefined && requests !== null && !isPlainObject(requests)) return requests;
  let filled: Record<string, unknown> | null = null;
  const names = sortNames(Object.keys(limits), compareCodeUnits);
  for (const name of names) {
    if (isPlainObject(requests) && Object.prototype.hasOwnProperty.call(requests, name)) continue;
    filled ??= { ...(requests ?? {}) };
    const value = limits[name];
    filled[name] = value;
    defaulted.push({
      container: typeof c.name === 'string' ? c.name : `${list}[${index}]`,
      role,
      index,
      resource: name,
      fromLimit:
        typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : JSON.stringify(value),
    });
  }
  // An absent requests list becomes an empty one (the defaulted spec always has one).
  return filled ?? requests ?? {};
}

/** A pod spec read as the stored pod has it, with the requests defaulting filled in. */
export interface DefaultedPod {
  pod: PodResources;
  defaulted: readonly DefaultedRequest[];
}

/**
 * Every container's requests and limits as the stored pod has them (a.7 applied), as exact
 * quantities: what the scheduler, the QoS class and the resource report see; with the requests
 * the defaulting filled in.
 */
export function readDefaultedPod(spec: PodSpec, sidecarsEnabled = true): DefaultedPod {
  // What readPodResources(applyResourceDefaults(spec).spec) reads, without copying the spec: each
  // container's requests are filled in from its limits as it is read.
  const defaulted: DefaultedRequest[] = [];
  const pod = readPodResources(spec, {
    sidecarsEnabled,
    requestsOf: (c, resources, list, index, role) =>
      defaultedRequests(c, resources, list, index, role, defaulted),
  });
  return { pod, defaulted };
}

declare module '../workload' {
  interface WorkloadMemo {
    /** The pod's resources with the requests defaulting applied (defaultedPodOf). */
    defaultedPod?: DefaultedPod;
  }
}

/**
 * The workload's defaulted read, made once per analysis: the resources analysis, the rules and
 * the advice of a workload all ask for it, and it is kept in the workload's context (its memo),
 * so nothing outlives the analysis.
 */
export function defaultedPodOf(ctx: WorkloadContext): DefaultedPod {
  const memo = (ctx.memo ??= {});
  return (memo.defaultedPod ??= readDefaultedPod(ctx.workload.spec, ctx.gates.SidecarContainers));
}

/** readDefaultedPod's pod alone. */
export function readDefaultedPodResources(spec: PodSpec, sidecarsEnabled = true): PodResources {
  return readDefaultedPod(spec, sidecarsEnabled).pod;
}
