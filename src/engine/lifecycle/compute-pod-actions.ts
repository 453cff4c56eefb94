// The kubelet's computePodActions / computeInitContainerActions (kuberuntime_manager.go computeInitContainerActions; docs/kubernetes-behaviour.md#start-up): given a
// pod spec and what the runtime reports, which containers to start or kill next.

import type { Container, PodSpec } from '../k8s/types';
import { isSidecar } from '../k8s/types';
import {
  containerShouldRestart,
  initContainerRestartsOnFailure,
  restartsAfterProbeKill,
} from './restart-policy';
import { byName } from './by-name';
import type { PodActions, PodRuntime, RuntimeContainerStatus } from './types';

/** What computePodActions reads of a pod. */
export interface PodForActions {
  spec: PodSpec;
}

// A pod whose restartPolicy is anything but Never restarts failed containers (unset counts as Always).
const restartsOnFailure = (spec: PodSpec): boolean => spec.restartPolicy !== 'Never';

function isInitContainerFailed(status: RuntimeContainerStatus): boolean {
  // An OOM-killed init container is a failure whatever its exit code.
  if (
    status.reason !== undefined &&
    status.reason !== null &&
    status.reason.includes('OOMKilled')
  ) {
    return true;
  }
  if (status.state === 'exited' && (status.exitCode ?? 0) !== 0) {
    return true;
  }
  return status.state === 'unknown';
}

/** The status of a container by name; the kubelet lists the newest attempt first and reads that one. */
type StatusOf = (name: string | undefined) => RuntimeContainerStatus | null;

function statusLookup(runtime: PodRuntime): StatusOf {
  const find = byName(runtime.containerStatuses);
  return (name) => (name === undefined ? null : (find(name) ?? null));
}

const probeSet = (probe: unknown): boolean => probe !== undefined && probe !== null;

// containerChanged: the running container no longer matches its spec (hash, e.g. a new image).
function definitionChanged(container: Container, status: RuntimeContainerStatus): boolean {
  if (status.specChanged === true) {
    return true;
  }
  const running = status.image ?? null;
  return running !== null && container.image !== undefined && running !== container.image;
}

/** ShouldContainerBeRestarted for an app container that is not running. */
function shouldRestartAppContainer(
  container: Container,
  spec: PodSpec,
  status: RuntimeContainerStatus | null,
): boolean {
  if (status === null) {
    return true;
  }
  if (status.state === 'running') {
    return false;
  }
  if (status.state === 'unknown' || status.state === 'created') {
    return true;
  }
  // KEP-5307: the container's restartPolicyRules and restartPolicy override the pod's.
  return containerShouldRestart(container, spec, status.exitCode ?? 0);
}

interface InitResult {
  initialized: boolean;
  killPod: boolean;
  initContainersToStart: number[];
  containersToKill: string[];
}

/** computeInitContainerActions: walks the init containers backwards from the last one with a status. */
function computeInitContainerActions(
  pod: PodForActions,
  runtime: PodRuntime,
  statusOf: StatusOf,
): InitResult {
  const init = pod.spec.initContainers ?? [];
  const toStart: number[] = [];
  const toKill: string[] = [];
  if (init.length === 0) {
    return { initialized: true, killPod: false, initContainersToStart: [], containersToKill: [] };
  }

  // A created or running app container means initialisation finished at some point (an exited one
  // does not: after a node reboot every container is exited and init must run again).
  let podHasInitialized = (pod.spec.containers ?? []).some((c) => {
    const s = statusOf(c.name);
    return s !== null && (s.state === 'created' || s.state === 'running');
  });
  let previouslyInitialized = podHasInitialized;

  for (let i = init.length - 1; i >= 0; i--) {
    const container = init[i] as Container;
    const sidecar = isSidecar(container);
    // KEP-5307: a regular init container's own restartPolicy decides whether a failure is retried.
    const restartOnFailure = initContainerRestartsOnFailure(container, pod.spec);
    const status = statusOf(container.name);
    if (status === null) {
      // A sidecar whose status vanished after initialisation is simply started again.
      if (previouslyInitialized && sidecar) {
        toStart.push(i);
      }
      continue;
    }
    if (previouslyInitialized && !sidecar) {
      // After initialisation only sidecars are kept running; regular init containers never re-run.
      continue;
    }
    switch (status.state) {
      case 'created':
        // Stuck in created (the runtime failed to start it): start it again.
        toStart.push(i);
        break;
      case 'running': {
        if (!sidecar) {
          break; // a regular init container: wait for it to exit
        }
        if (probeSet(container.startupProbe)) {
          const startup = runtime.probeResults[container.name ?? '']?.startup;
          if (startup === undefined) {
            break; // no result yet: wait
          }
          if (startup !== 'Success') {
            if (startup === 'Failure') {
              toKill.push(container.name ?? '');
              toStart.push(i);
            }
            break;
          }
        }
        // Running and started (d.1.3): initialised.
        if (i === init.length - 1) {
          podHasInitialized = true;
        } else if (!previouslyInitialized) {
          toStart.push(i + 1);
        }
        // A sidecar whose definition changed is restarted (d.2).
        if (definitionChanged(container, status)) {
          toKill.push(container.name ?? '');
          toStart.push(i);
          break;
        }
        // Liveness does not gate the next container (d.1.4); a failure restarts the sidecar.
        if (probeSet(container.livenessProbe)) {
          const liveness = runtime.probeResults[container.name ?? '']?.liveness;
          if (liveness === 'Failure') {
            toKill.push(container.name ?? '');
            toStart.push(i);
          }
        }
        break;
      }
      case 'exited':
        if (sidecar) {
          // Sidecars restart whatever the pod's restartPolicy (d.2).
          toStart.push(i);
        } else if (isInitContainerFailed(status)) {
          if (!restartOnFailure) {
            return {
              initialized: false,
              killPod: true,
              initContainersToStart: [],
              containersToKill: toKill,
            };
          }
          toStart.push(i);
        } else if (i === init.length - 1) {
          podHasInitialized = true;
        } else {
          toStart.push(i + 1);
        }
        break;
      default:
        // Unknown state: kill it first, then start it again (a regular one fails the pod under Never).
        if (!sidecar && !restartOnFailure) {
          return {
            initialized: false,
            killPod: true,
            initContainersToStart: [],
            containersToKill: toKill,
          };
        }
        toKill.push(container.name ?? '');
        toStart.push(i);
    }
    previouslyInitialized = true;
  }

  if (!previouslyInitialized) {
    toStart.push(0); // nothing has started yet
  }
  toStart.reverse(); // collected backwards; started in spec order
  return {
    initialized: podHasInitialized,
    killPod: false,
    initContainersToStart: toStart,
    containersToKill: toKill,
  };
}

/** Kill the pod and start nothing again: no new sandbox, no container to start. */
function killPodForGood(containersToKill: PodActions['containersToKill']): PodActions {
  return {
    killPod: true,
    createSandbox: false,
    initContainersToStart: [],
    containersToStart: [],
    containersToKill,
  };
}

/**
 * The kubelet's decision for one sync of a pod (kuberuntime_manager.go computePodActions with the
 * sidecar-aware init path). Indexes refer to spec.initContainers / spec.containers.
 */
export function computePodActions(pod: PodForActions, input: PodRuntime): PodActions {
  // Tolerate a runtime view with parts left out: no statuses, no probe results yet.
  const runtime: PodRuntime = {
    sandboxReady: input.sandboxReady ?? true,
    containerStatuses: input.containerStatuses ?? [],
    probeResults: input.probeResults ?? {},
  };
  const statusOf = statusLookup(runtime);
  const spec = pod.spec;
  const containers = spec.containers ?? [];
  const init = spec.initContainers ?? [];

  if (!runtime.sandboxReady) {
    // The sandbox must be (re)created: everything is killed and started from the beginning.
    if (!restartsOnFailure(spec) && runtime.containerStatuses.length > 0) {
      // Under Never, a pod that already ran containers is not given a new sandbox.
      return killPodForGood([]);
    }
    const toStart: number[] = [];
    containers.forEach((c, idx) => {
      const s = statusOf(c.name);
      const succeeded = s !== null && s.state === 'exited' && (s.exitCode ?? 0) === 0;
      // A container that runs once (OnFailure: its own restartPolicy when set, KEP-5307, else the
      // pod's) and already succeeded is not started again in the new sandbox.
      const runOnce = (c.restartPolicy ?? spec.restartPolicy) === 'OnFailure';
      if (!(runOnce && succeeded)) {
        toStart.push(idx);
      }
    });
    if (toStart.length === 0) {
      const anyCreated = containers.some((c) => {
        const s = statusOf(c.name);
        return (
          s !== null && (s.state === 'created' || s.state === 'running' || s.state === 'exited')
        );
      });
      if (anyCreated) return killPodForGood([]);
    }
    if (init.length > 0) {
      return {
        killPod: true,
        createSandbox: true,
        initContainersToStart: [0],
        containersToStart: [],
        containersToKill: [],
      };
    }
    return {
      killPod: true,
      createSandbox: true,
      initContainersToStart: [],
      containersToStart: toStart,
      containersToKill: [],
    };
  }

  const initResult = computeInitContainerActions(pod, runtime, statusOf);
  if (initResult.killPod || !initResult.initialized) {
    return {
      killPod: initResult.killPod,
      createSandbox: false,
      initContainersToStart: initResult.initContainersToStart,
      containersToStart: [],
      containersToKill: initResult.containersToKill,
    };
  }

  const containersToStart: number[] = [];
  const containersToKill = [...initResult.containersToKill];
  let keepCount = 0;
  containers.forEach((container, idx) => {
    const status = statusOf(container.name);
    if (status === null || status.state !== 'running') {
      if (shouldRestartAppContainer(container, spec, status)) {
        containersToStart.push(idx);
        if (status !== null && status.state === 'unknown') {
          containersToKill.push(status.name); // kill first: it might still be running
        }
      }
      return;
    }
    if (definitionChanged(container, status)) {
      // Restarted whatever the restartPolicy: the spec changed.
      containersToStart.push(idx);
      containersToKill.push(status.name);
      return;
    }
    const probes = runtime.probeResults[container.name ?? ''] ?? {};
    if (probes.liveness === 'Failure' || probes.startup === 'Failure') {
      // A failed liveness or startup probe kills the container; it comes back unless the policy is Never.
      if (restartsAfterProbeKill(container, spec, false)) {
        containersToStart.push(idx);
      }
      containersToKill.push(status.name);
      return;
    }
    keepCount++;
  });

  if (keepCount === 0 && containersToStart.length === 0) {
    // Nothing left to run (d.5): kill the pod, sidecars included, and do not restart them.
    return killPodForGood(containersToKill);
  }
  return {
    killPod: false,
    createSandbox: false,
    initContainersToStart: initResult.initContainersToStart,
    containersToStart,
    containersToKill,
  };
}
