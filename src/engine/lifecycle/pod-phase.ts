// getPhase (pkg/kubelet/kubelet_pods.go getPhase; docs/kubernetes-behaviour.md#pod-phase): the pod phase the kubelet derives from its container statuses.

import type { Container, ContainerStatus, PodSpec } from '../k8s/types';
import { isSidecar } from '../k8s/types';
import type { ByName } from './by-name';
import { byName } from './by-name';
import { containerShouldRestart, RESTARTING_ALL_CONTAINERS_REASON } from './restart-policy';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** Whether any app container has a running or terminated state (it has started at some point). */
export function anyAppContainerStarted(
  spec: PodSpec,
  statuses: ContainerStatus[] | ByName<ContainerStatus>,
): boolean {
  const find = typeof statuses === 'function' ? statuses : byName(statuses);
  return (spec.containers ?? []).some((c) => {
    const s = find(c.name);
    return s?.state?.running !== undefined || s?.state?.terminated !== undefined;
  });
}

/** A terminated state's exit code and reason (exit code 0 when absent, as the API default). */
interface Exit {
  exitCode?: number;
  reason?: string;
}

/**
 * The phase for `statuses` (init and app container statuses together). `sidecarsHonoured` is false
 * on a version that drops restartPolicy on init containers. `podIsTerminal` is true once the pod is
 * being finished (its containers will not be restarted).
 *
 * Follows kubelet_pods.go getPhase: a regular init container that has not completed keeps the pod
 * Pending even after an app container has started (TestPodPhaseWithRestartAlwaysAndPodHasRun); only a
 * sidecar that is not started yet stops counting once an app container has run. Whether a stopped
 * container counts as restarting, and whether a failed init container fails the pod, is
 * ContainerShouldRestart (KEP-5307: container restartPolicy and restartPolicyRules, else the pod's);
 * for a pod without container-level policies this is exactly the pod-restartPolicy rule.
 */
export function getPodPhase(
  spec0: PodSpec,
  statuses: ContainerStatus[],
  sidecarsHonoured = true,
  podIsTerminal = false,
): PodPhase {
  // A version that drops restartPolicy on init containers leaves them regular init containers.
  const spec: PodSpec = sidecarsHonoured
    ? spec0
    : {
        ...spec0,
        initContainers: (spec0.initContainers ?? []).map((c) => {
          const { restartPolicy: _dropped, ...rest } = c;
          void _dropped;
          return rest;
        }),
      };
  // The containers a RestartAllContainers action stopped are restarted whatever their policy.
  const restarts = (c: Container, exit: Exit): boolean =>
    containerShouldRestart(c, spec, exit.exitCode ?? 0) ||
    exit.reason === RESTARTING_ALL_CONTAINERS_REASON;
  const find = byName(statuses);

  let pendingRegularInit = 0;
  let pendingSidecars = 0;
  let failedInitNotRestartable = 0;
  for (const c of spec.initContainers ?? []) {
    if (isSidecar(c)) {
      continue;
    }
    const s = find(c.name);
    const terminated = s?.state?.terminated;
    const last = s?.lastState?.terminated;
    if (s === undefined || s.state?.running !== undefined) {
      pendingRegularInit++;
    } else if (terminated !== undefined) {
      if ((terminated.exitCode ?? 0) !== 0 && !restarts(c, terminated)) {
        failedInitNotRestartable++;
      }
    } else if (s.state?.waiting !== undefined) {
      if (last !== undefined) {
        if ((last.exitCode ?? 0) !== 0 && !restarts(c, last)) {
          failedInitNotRestartable++;
        }
      } else {
        pendingRegularInit++;
      }
    } else {
      pendingRegularInit++;
    }
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let stoppedNotRestartable = 0;
  let succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    if (!isSidecar(c)) {
      continue;
    }
    const s = find(c.name);
    if (s === undefined) {
      unknown++;
    } else if (s.state?.running !== undefined) {
      if (s.started !== true) {
        pendingSidecars++;
      }
      running++;
    } else if (s.state?.terminated !== undefined) {
      // Terminated sidecars are ignored (e.2): their 137/143 never fails the pod.
    } else if (s.state?.waiting !== undefined) {
      if (s.lastState?.terminated === undefined) {
        pendingSidecars++;
        waiting++;
      }
    } else {
      pendingSidecars++;
      unknown++;
    }
  }
  for (const c of spec.containers ?? []) {
    const s = find(c.name);
    const terminated = s?.state?.terminated;
    const last = s?.lastState?.terminated;
    if (s === undefined) {
      unknown++;
    } else if (s.state?.running !== undefined) {
      running++;
    } else if (terminated !== undefined) {
      stopped++;
      if (!restarts(c, terminated)) {
        stoppedNotRestartable++;
      }
      if ((terminated.exitCode ?? 0) === 0) {
        succeeded++;
      }
    } else if (s.state?.waiting !== undefined) {
      if (last !== undefined) {
        stopped++;
        if (!restarts(c, last)) {
          stoppedNotRestartable++;
        }
      } else {
        waiting++;
      }
    } else {
      unknown++;
    }
  }

  // A failed regular init container that will not be retried (pod restartPolicy Never, or its own
  // restartPolicy Never) fails the pod.
  if (failedInitNotRestartable > 0) {
    return 'Failed';
  }
  if (
    pendingRegularInit > 0 ||
    (pendingSidecars > 0 && !anyAppContainerStarted(spec, find)) ||
    waiting > 0
  ) {
    return 'Pending';
  }
  if (running > 0 && unknown === 0) {
    return 'Running';
  }
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) {
      return stopped === succeeded ? 'Succeeded' : 'Failed';
    }
    if (stopped !== stoppedNotRestartable) {
      return 'Running'; // at least one container is being restarted
    }
    return stopped === succeeded ? 'Succeeded' : 'Failed';
  }
  return 'Pending';
}
