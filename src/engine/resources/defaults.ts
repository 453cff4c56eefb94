// SetDefaults_Pod's resource part (pkg/apis/core/v1/defaults.go SetDefaults_Pod; docs/kubernetes-behaviour.md#resources): a container's missing request takes its
// limit. The API server applies it to every Pod, so to every pod a template creates.
import type { Container, PodSpec } from '../k8s/types';
import type { ContainerRole } from '../report';
import { readPodResources, type PodResources } from './pod-model';
import { isPlainObject } from './resource-list';

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
 * Containers whose lists are not maps are left as they are.
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
  // Read once per pod spec: the resources analysis, the rules and the advice all ask for it.
  const known = isPlainObject(spec) ? DEFAULTED.get(spec) : undefined;
  const cached = sidecarsEnabled ? known?.withSidecars : known?.withoutSidecars;
  if (cached) return cached;
  const { spec: defaultedSpec, defaulted } = applyResourceDefaults(spec, sidecarsEnabled);
  const read: DefaultedPod = {
    pod: readPodResources(defaultedSpec, { sidecarsEnabled }),
    defaulted,
  };
  // Only an object can key the cache (a malformed document may hold anything as its spec).
  if (!isPlainObject(spec)) return read;
  const entry = known ?? {};
  if (sidecarsEnabled) entry.withSidecars = read;
  else entry.withoutSidecars = read;
  DEFAULTED.set(spec, entry);
  return read;
}

/** readDefaultedPod's pod alone. */
export function readDefaultedPodResources(spec: PodSpec, sidecarsEnabled = true): PodResources {
  return readDefaultedPod(spec, sidecarsEnabled).pod;
}

const DEFAULTED = new WeakMap<
  PodSpec,
  { withSidecars?: DefaultedPod; withoutSidecars?: DefaultedPod }
>();
