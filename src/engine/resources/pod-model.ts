// The resource-relevant part of a pod spec, read once into exact quantities. Reading never throws:
// odd shapes (a list where a map belongs, an object where a quantity belongs) become issues.
import type { ContainerRole } from '../report';
import type { Pod } from '../k8s/types';
import {
  isPlainObject,
  readResourceList,
  type ListReadIssue,
  type QuantityList,
} from './resource-list';

/** Which list of a container (or of the pod) an entry came from. */
export type ResourceField = 'requests' | 'limits' | 'overhead' | 'podRequests' | 'podLimits';

/** One container's resources. */
export interface ContainerResources {
  name: string;
  role: ContainerRole;
  /** Position in its own list (initContainers or containers). */
  index: number;
  requests: QuantityList;
  limits: QuantityList;
  /** Whether `resources.requests` / `resources.limits` is present at all (even empty). */
  hasRequests: boolean;
  hasLimits: boolean;
}

/** A resource value in the manifest that could not be read; it gets no number anywhere. */
export interface ResourceInputIssue {
  /** The container, or null for pod-level lists (overhead, spec.resources). */
  container: string | null;
  /** requests, limits or overhead. */
  field: ResourceField;
  /** The resource, or null when the whole list is unreadable. */
  resource: string | null;
  /** Field path from the object's root. */
  path: string;
  /** What is wrong with the value and how it was treated. */
  message: string;
}

export interface PodResources {
  /** spec.initContainers in order, each INIT or SIDECAR. */
  initContainers: ContainerResources[];
  /** spec.containers in order (APP). */
  containers: ContainerResources[];
  overhead: QuantityList;
  /** spec.resources (pod-level, KEP-2837); null when the field is absent. */
  podLevel: { requests: QuantityList; limits: QuantityList } | null;
  issues: ResourceInputIssue[];
}

export interface ReadPodOptions {
  /**
   * false on a cluster that drops `restartPolicy` from init containers (SidecarContainers off,
   * pkg/api/pod/util.go dropDisabledFields, KEP-753; docs/kubernetes-behaviour.md#validation): every init container is then a regular one. Default true.
   */
  sidecarsEnabled?: boolean;
  /**
   * The requests to read for a container, in place of the ones written: how readDefaultedPod
   * (defaults.ts) applies SetDefaults_Pod while reading, without copying the spec. Called only
   * for a container and resources that are both objects.
   */
  requestsOf?: (
    container: Record<string, unknown>,
    resources: Record<string, unknown>,
    list: 'initContainers' | 'containers',
    index: number,
    role: ContainerRole,
  ) => unknown;
}

/** Reads the spec's containers, overhead and pod-level resources. */
export function readPodResources(spec: unknown, options: ReadPodOptions = {}): PodResources {
  const s = isPlainObject(spec) ? spec : {};
  const issues: ResourceInputIssue[] = [];
  const initContainers = readContainers(s.initContainers, 'initContainers', options, issues);
  const containers = readContainers(s.containers, 'containers', options, issues);
  const overhead = readResourceList(s.overhead);
  collect(issues, overhead.issues, null, 'overhead', 'overhead');

  let podLevel: PodResources['podLevel'] = null;
  if (s.resources !== undefined && s.resources !== null) {
    const r = isPlainObject(s.resources) ? s.resources : {};
    if (!isPlainObject(s.resources)) {
      issues.push({
        container: null,
        field: 'podRequests',
        resource: null,
        path: 'resources',
        message: 'expected an object with requests and limits',
      });
    }
    const requests = readResourceList(r.requests);
    const limits = readResourceList(r.limits);
    collect(issues, requests.issues, null, 'podRequests', 'resources.requests');
    collect(issues, limits.issues, null, 'podLimits', 'resources.limits');
    podLevel = { requests: requests.list, limits: limits.list };
  }

  return { initContainers, containers, overhead: overhead.list, podLevel, issues };
}

function readContainers(
  raw: unknown,
  list: 'initContainers' | 'containers',
  options: ReadPodOptions,
  issues: ResourceInputIssue[],
): ContainerResources[] {
  const out: ContainerResources[] = [];
  if (!Array.isArray(raw)) return out;
  for (let index = 0; index < raw.length; index++) {
    out.push(readContainer(raw[index], index, list, options, issues));
  }
  return out;
}

function readContainer(
  raw: unknown,
  index: number,
  list: 'initContainers' | 'containers',
  options: ReadPodOptions,
  issues: ResourceInputIssue[],
): ContainerResources {
  const c = isPlainObject(raw) ? raw : {};
  const name = typeof c.name === 'string' ? c.name : `${list}[${index}]`;
  const sidecarsEnabled = options.sidecarsEnabled ?? true;
  const sidecar = list === 'initContainers' && sidecarsEnabled && c.restartPolicy === 'Always';
  const role: ContainerRole = list === 'containers' ? 'APP' : sidecar ? 'SIDECAR' : 'INIT';
  const resources = isPlainObject(c.resources) ? c.resources : {};
  const rawRequests =
    options.requestsOf !== undefined && isPlainObject(raw) && isPlainObject(c.resources)
      ? options.requestsOf(c, resources, list, index, role)
      : resources.requests;
  // The path is written only for an issue (most containers have none).
  const base = (): string => `${list}[${index}].resources`;
  if (c.resources !== undefined && c.resources !== null && !isPlainObject(c.resources)) {
    // Neither side can be read: both are unknown, not empty.
    for (const field of ['requests', 'limits'] as const) {
      issues.push({
        container: name,
        field,
        resource: null,
        path: base(),
        message: 'expected an object with requests and limits',
      });
    }
  }
  const requests = readResourceList(rawRequests);
  const limits = readResourceList(resources.limits);
  if (requests.issues.length > 0) {
    collect(issues, requests.issues, name, 'requests', `${base()}.requests`);
  }
  if (limits.issues.length > 0) {
    collect(issues, limits.issues, name, 'limits', `${base()}.limits`);
  }
  return {
    name,
    role,
    index,
    requests: requests.list,
    limits: limits.list,
    hasRequests: rawRequests !== undefined && rawRequests !== null,
    hasLimits: resources.limits !== undefined && resources.limits !== null,
  };
}

/** A pod read into its resource model; an already-read model is returned as it is. */
export function toPodResources(pod: Pod | PodResources): PodResources {
  return 'initContainers' in pod && 'issues' in pod ? pod : readPodResources((pod as Pod).spec);
}

/** The resources of a container by its role and its position in its own list. */
export function containerResourcesAt(
  pod: PodResources,
  role: ContainerRole,
  index: number,
): ContainerResources | undefined {
  return (role === 'APP' ? pod.containers : pod.initContainers)[index];
}

function collect(
  out: ResourceInputIssue[],
  found: readonly ListReadIssue[],
  container: string | null,
  field: ResourceField,
  path: string,
): void {
  for (const issue of found) {
    out.push({
      container,
      field,
      resource: issue.resource,
      // Map keys are written the way the API server writes them: requests[cpu].
      path: issue.resource === null ? path : `${path}[${issue.resource}]`,
      message: issue.message,
    });
  }
}
