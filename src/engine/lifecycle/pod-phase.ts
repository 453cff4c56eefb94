// getPhase (k8s-semantics d.7): the pod phase the kubelet derives from its container statuses.

import type { ContainerStatus, PodSpec } from '../k8s/types';
import { isSidecar } from '../k8s/types';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

const find = (statuses: ContainerStatus[], name: string | undefined): ContainerStatus | undefined =>
  statuses.find((s) => s.name === name);

/** Whether any app container has a running or terminated state (it has started at some point). */
export function anyAppContainerStarted(spec: PodSpec, statuses: ContainerStatus[]): boolean {
  return (spec.containers ?? []).some((c) => {
    const s = find(statuses, c.name);
    return s?.state?.running !== undefined || s?.state?.terminated !== undefined;
  });
}

/**
 * The phase for `statuses` (init and app container statuses together). `sidecarsHonoured` is false
 * on a version that drops restartPolicy on init containers. `podIsTerminal` is true once the pod is
 * being finished (its containers will not be restarted).
 */
export function getPodPhase(
  spec: PodSpec,
  statuses: ContainerStatus[],
  sidecarsHonoured = true,
  podIsTerminal = false,
): PodPhase {
  // API defaulting makes an unset restartPolicy Always.
  const policy = spec.restartPolicy ?? 'Always';
  const sidecar = (c: { restartPolicy?: string }): boolean => sidecarsHonoured && isSidecar(c);
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const c of spec.initContainers ?? []) {
    if (sidecar(c)) {
      continue;
    }
    const s = find(statuses, c.name);
    if (s === undefined || s.state?.running !== undefined) {
      pendingInitialization++;
    } else if (s.state?.terminated !== undefined) {
      if ((s.state.terminated.exitCode ?? 0) !== 0) {
        failedInitialization++;
      }
    } else if (s.state?.waiting !== undefined) {
      const last = s.lastState?.terminated;
      if (last !== undefined) {
        if ((last.exitCode ?? 0) !== 0) {
          failedInitialization++;
        }
      } else {
        pendingInitialization++;
      }
    } else {
      pendingInitialization++;
    }
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    if (!sidecar(c)) {
      continue;
    }
    const s = find(statuses, c.name);
    if (s === undefined) {
      unknown++;
    } else if (s.state?.running !== undefined) {
      if (s.started !== true) {
        pendingInitialization++;
      }
      running++;
    } else if (s.state?.terminated !== undefined) {
      // Terminated sidecars are ignored (e.2): their 137/143 never fails the pod.
    } else if (s.state?.waiting !== undefined) {
      if (s.lastState?.terminated === undefined) {
        pendingInitialization++;
        waiting++;
      }
    } else {
      pendingInitialization++;
      unknown++;
    }
  }
  for (const c of spec.containers ?? []) {
    const s = find(statuses, c.name);
    if (s === undefined) {
      unknown++;
    } else if (s.state?.running !== undefined) {
      running++;
    } else if (s.state?.terminated !== undefined) {
      stopped++;
      if ((s.state.terminated.exitCode ?? 0) === 0) {
        succeeded++;
      }
    } else if (s.state?.waiting !== undefined) {
      if (s.lastState?.terminated !== undefined) {
        stopped++;
      } else {
        waiting++;
      }
    } else {
      unknown++;
    }
  }

  if (failedInitialization > 0 && policy === 'Never') {
    return 'Failed';
  }
  if ((pendingInitialization > 0 && !anyAppContainerStarted(spec, statuses)) || waiting > 0) {
    return 'Pending';
  }
  if (running > 0 && unknown === 0) {
    return 'Running';
  }
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) {
      return stopped === succeeded ? 'Succeeded' : 'Failed';
    }
    if (policy === 'Always') {
      return 'Running';
    }
    if (stopped === succeeded) {
      return 'Succeeded';
    }
    return policy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}
