import type { Container } from './k8s/types';
import { isSidecar } from './k8s/types';
import { child, index } from './intake/paths';
import type { ContainerReport, ContainerRole } from './report';
import type { Workload } from './workload';

/** A container of the pod with its role and where it sits in the spec. */
export interface PodContainer {
  container: Container;
  name: string;
  role: ContainerRole;
  /** Position in its own list. */
  index: number;
  /** Path from the object's root: spec.template.spec.initContainers[1]. */
  path: string;
}

/**
 * Every container of the pod in the order the kubelet starts them: init containers (regular and
 * sidecars) in declaration order, then app containers. `sidecarsEnabled` is false on a cluster that
 * drops `restartPolicy` on init containers (pkg/api/pod/util.go dropDisabledFields, KEP-753; docs/kubernetes-behaviour.md#validation): there every init container is INIT.
 */
export function listContainers(workload: Workload, sidecarsEnabled = true): PodContainer[] {
  const from = (
    list: 'initContainers' | 'containers',
    roleOf: (c: Container) => ContainerRole,
  ): PodContainer[] =>
    (workload.spec[list] ?? []).map((container, i) => ({
      container,
      name: container.name ?? '',
      role: roleOf(container),
      index: i,
      path: index(child(workload.specPath, list), i),
    }));
  return [
    ...from('initContainers', (c) => (sidecarsEnabled && isSidecar(c) ? 'SIDECAR' : 'INIT')),
    ...from('containers', () => 'APP'),
  ];
}

/** The container's place in the pod; the classification stage adds what it is and why. */
export function toContainerReport(
  c: PodContainer,
): Omit<ContainerReport, 'confidence' | 'evidence'> {
  return {
    name: c.name,
    role: c.role,
    index: c.index,
    image: c.container.image ?? null,
    legacySidecar: false,
    pattern: null,
    path: c.path,
    helper: null,
  };
}
