// A live pod (kubectl get pod -o yaml): its status mapped to the kubelet's runtime view, what the
// kubelet does next (computePodActions, d.1–d.5), what initialisation waits on, and the phase (d.7).

import type { Container, ContainerStatus, PodSpec, PodStatus } from '../k8s/types';
import { isSidecar } from '../k8s/types';
import type { ContainerRole } from '../report';
import { byName } from './by-name';
import { computePodActions } from './compute-pod-actions';
import { anyAppContainerStarted, getPodPhase } from './pod-phase';
import type { RestartGates } from './restart-policy';
import {
  decideAfterExit,
  RESTARTING_ALL_CONTAINERS_REASON,
  restartRulesSpec,
} from './restart-policy';
import type {
  LivePodContainerView,
  PodActions,
  LivePodView,
  PodRuntime,
  RuntimeContainerStatus,
} from './types';

/** A status worth reading: a phase or some container statuses (manifests often carry `status: {}`). */
export function hasLiveStatus(status: PodStatus | null): status is PodStatus {
  return (
    status !== null &&
    (status.phase !== undefined ||
      (status.initContainerStatuses ?? []).length > 0 ||
      (status.containerStatuses ?? []).length > 0)
  );
}

/** The spec as a cluster that drops restartPolicy on init containers sees it (c.10). */
export function effectiveSpec(spec: PodSpec, sidecarsHonoured: boolean): PodSpec {
  if (sidecarsHonoured) {
    return spec;
  }
  return {
    ...spec,
    initContainers: (spec.initContainers ?? []).map((c) => {
      const copy: Container = { ...c };
      delete copy.restartPolicy;
      return copy;
    }),
  };
}

function runtimeStatus(s: ContainerStatus): RuntimeContainerStatus | null {
  const name = s.name ?? '';
  if (s.state?.running !== undefined) {
    return { name, state: 'running' };
  }
  const term =
    s.state?.terminated ?? (s.state?.waiting !== undefined ? s.lastState?.terminated : undefined);
  if (term !== undefined) {
    return { name, state: 'exited', exitCode: term.exitCode ?? 0, reason: term.reason ?? null };
  }
  // Waiting and never run (ContainerCreating, PodInitializing, image pull): the runtime has no container.
  return null;
}

/** The runtime input of computePodActions, from a pod's status. The sandbox is assumed ready. */
export function runtimeFromStatus(spec: PodSpec, status: PodStatus): PodRuntime {
  const all = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  const containerStatuses: RuntimeContainerStatus[] = [];
  const probeResults: PodRuntime['probeResults'] = {};
  const specs = new Map<string, Container>();
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    specs.set(c.name ?? '', c);
  }
  for (const s of all) {
    const r = runtimeStatus(s);
    if (r === null) {
      continue;
    }
    containerStatuses.push(r);
    const c = specs.get(r.name);
    // `started` is the startup probe's verdict; false while running means no success yet.
    if (r.state === 'running' && c?.startupProbe !== undefined && s.started === true) {
      probeResults[r.name] = { startup: 'Success' };
    }
  }
  const phase = status.phase;
  return {
    sandboxReady: phase !== 'Succeeded' && phase !== 'Failed',
    containerStatuses,
    probeResults,
  };
}

function viewOf(
  name: string,
  role: ContainerRole,
  s: ContainerStatus | undefined,
): LivePodContainerView {
  const state = s?.state?.running
    ? 'running'
    : s?.state?.terminated
      ? 'terminated'
      : s?.state?.waiting
        ? 'waiting'
        : 'none';
  const term = s?.state?.terminated ?? s?.lastState?.terminated;
  return {
    name,
    role,
    state,
    ready: s?.ready ?? null,
    started: s?.started ?? null,
    restartCount: s?.restartCount ?? 0,
    exitCode: term?.exitCode ?? null,
    reason: s?.state?.waiting?.reason ?? s?.state?.terminated?.reason ?? null,
  };
}

function waitReason(
  c: Container,
  s: ContainerStatus | undefined,
  sidecar: boolean,
  policy: string,
): string {
  if (s === undefined) {
    return 'it has not been started yet';
  }
  const last = s.state?.terminated ?? s.lastState?.terminated;
  if (s.state?.running !== undefined) {
    if (!sidecar) {
      return 'it is running: a regular init container must exit 0 before the next container starts';
    }
    return c.startupProbe !== undefined
      ? 'it is running but its startup probe has not succeeded yet'
      : 'it is running but not yet started (its postStart hook has not finished)';
  }
  if (last !== undefined && (last.exitCode ?? 0) !== 0) {
    const why = `it exited ${last.exitCode ?? 0}${last.reason ? ` (${last.reason})` : ''}`;
    if (sidecar) {
      return `${why}; a sidecar is restarted with back-off whatever the restartPolicy`;
    }
    return policy === 'Never'
      ? `${why}; under restartPolicy Never the pod fails`
      : `${why}; it is restarted with back-off (CrashLoopBackOff)`;
  }
  if (s.state?.waiting !== undefined) {
    return `it is waiting (${s.state.waiting.reason ?? 'no reason given'})`;
  }
  return sidecar ? 'it exited; a sidecar is started again' : 'it has not completed';
}

export interface LivePodOptions {
  /** metadata.deletionTimestamp: the pod is being deleted. */
  deletionTimestamp?: unknown;
  /** The version's gates: container restart fields it does not serve are dropped (restartRulesSpec). */
  gates?: RestartGates;
}

/**
 * A pod the kubelet no longer syncs forward: its phase is Succeeded or Failed (kubelet.go SyncPod
 * returns early with isTerminal; a terminal phase never changes back, the status manager keeps it),
 * or it carries metadata.deletionTimestamp (the pod worker moves it to SyncTerminatingPod). Either
 * way nothing is started; SyncTerminatingPod stops the containers still running
 * (killPodWithSyncResult: preStop, stop signal, SIGKILL after the grace period; sidecars last).
 */
function terminatingActions(
  runtime: PodRuntime,
  why: 'terminal' | 'deleted',
  phase: string,
): { actions: PodActions; nextSteps: string[] } {
  const running = runtime.containerStatuses.filter((s) => s.state === 'running').map((s) => s.name);
  const nextSteps =
    why === 'terminal'
      ? [
          `nothing to start: the pod is ${phase}, and SyncPod returns early for a terminal pod (a terminal phase never changes back)`,
        ]
      : [
          'nothing to start: metadata.deletionTimestamp is set, so the pod goes through SyncTerminatingPod instead of SyncPod',
        ];
  if (running.length > 0) {
    nextSteps.push(
      `stop ${running.join(', ')}: SyncTerminatingPod kills every running container (preStop hook, stop signal, SIGKILL when the grace period runs out; sidecars after the app containers, in reverse order), and none is restarted`,
    );
  } else if (why === 'deleted') {
    nextSteps.push(
      'every container has exited: the kubelet sets the final phase from the exit codes and the pod object is removed',
    );
  }
  return {
    actions: {
      killPod: running.length > 0,
      createSandbox: false,
      initContainersToStart: [],
      containersToStart: [],
      containersToKill: running,
    },
    nextSteps,
  };
}

/** The kubelet's view of a live pod; null when the workload carries no status worth reading. */
export function readLivePod(
  spec0: PodSpec,
  status: PodStatus | null,
  sidecarsHonoured: boolean,
  options: LivePodOptions = {},
): LivePodView | null {
  if (!hasLiveStatus(status)) {
    return null;
  }
  const stored = options.gates !== undefined ? restartRulesSpec(spec0, options.gates) : spec0;
  const spec = effectiveSpec(stored, sidecarsHonoured);
  const policy = spec.restartPolicy ?? 'Always';
  const statuses = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  const find = byName(statuses);
  const runtime = runtimeFromStatus(spec, status);
  const runtimeStatusOf = byName(runtime.containerStatuses);
  const reported = status.phase;
  const terminal = reported === 'Succeeded' || reported === 'Failed';
  const deleted =
    options.deletionTimestamp !== undefined &&
    options.deletionTimestamp !== null &&
    options.deletionTimestamp !== '';
  const over =
    terminal || deleted
      ? terminatingActions(runtime, terminal ? 'terminal' : 'deleted', reported ?? '')
      : null;
  const actions = over?.actions ?? computePodActions({ spec }, runtime);

  // Initialized (d.6): every regular init container completed and every sidecar started, or any
  // app container has started.
  let waitingOn: string | null = null;
  let waitingReason: string | null = null;
  const appStarted = anyAppContainerStarted(spec, find);
  if (!appStarted) {
    for (const c of spec.initContainers ?? []) {
      const s = find(c.name);
      const sidecar = isSidecar(c);
      const done = sidecar
        ? s?.state?.running !== undefined && s.started === true
        : s?.state?.terminated !== undefined && (s.state.terminated.exitCode ?? 0) === 0;
      if (!done) {
        waitingOn = c.name ?? '';
        waitingReason = waitReason(c, s, sidecar, policy);
        break;
      }
    }
  }
  const initialized = appStarted || waitingOn === null;

  const initNames = (spec.initContainers ?? []).map((c) => c.name ?? '');
  const appNames = (spec.containers ?? []).map((c) => c.name ?? '');
  const nextSteps: string[] = over !== null ? [...over.nextSteps] : [];
  if (over !== null) {
    // Terminal or being deleted: the steps are SyncTerminatingPod's, said above.
  } else if (actions.killPod && actions.createSandbox) {
    nextSteps.push(
      'kill the pod and create a new sandbox; start again from the first init container',
    );
  } else if (actions.killPod) {
    nextSteps.push(
      policy === 'Never' && !appStarted
        ? 'kill the pod: a regular init container failed under restartPolicy Never (phase Failed)'
        : 'kill the pod: no app container is running or will be restarted (sidecars are stopped too)',
    );
  }
  if (over === null) {
    // KEP-5532: an exit matching a RestartAllContainers rule restarts the whole pod in place.
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const r = runtimeStatusOf(c.name);
      if (r?.state !== 'exited' || r.reason === RESTARTING_ALL_CONTAINERS_REASON) continue;
      const d = decideAfterExit(c, spec, r.exitCode ?? 0);
      if (d.action === 'RestartAllContainers') {
        nextSteps.push(
          `restart all containers: ${c.name ?? ''} exited ${r.exitCode ?? 0} and ${d.because} has the RestartAllContainers action (KEP-5532); every container is stopped and the pod runs again from its first init container`,
        );
      }
    }
    for (const name of actions.containersToKill) {
      nextSteps.push(`kill ${name} (it is started again)`);
    }
    for (const i of actions.initContainersToStart) {
      const name = initNames[i] ?? `initContainers[${i}]`;
      const had = find(name) !== undefined;
      nextSteps.push(
        `${had ? 'restart' : 'start'} init container ${name}${had ? ' (subject to the CrashLoopBackOff back-off)' : ''}`,
      );
    }
    if (actions.containersToStart.length > 0) {
      nextSteps.push(
        `start ${actions.containersToStart.map((i) => appNames[i] ?? `containers[${i}]`).join(', ')}`,
      );
    }
  }
  if (nextSteps.length === 0) {
    nextSteps.push(
      waitingOn !== null
        ? `nothing to do yet: wait for ${waitingOn} (${waitingReason ?? ''})`
        : 'nothing to do: keep the containers running',
    );
  }

  const containers: LivePodContainerView[] = [
    ...(spec.initContainers ?? []).map((c) =>
      viewOf(c.name ?? '', isSidecar(c) ? 'SIDECAR' : 'INIT', find(c.name)),
    ),
    ...(spec.containers ?? []).map((c) => viewOf(c.name ?? '', 'APP', find(c.name))),
  ];
  // A terminal phase is kept (kubelet_pods.go generateAPIPodStatus refuses the transition back);
  // once a deleted pod's containers have all exited its phase is computed as terminal.
  const phase = terminal ? (reported as string) : getPodPhase(spec, statuses, true, deleted);
  return {
    phase,
    reportedPhase: status.phase ?? null,
    initialized,
    waitingOn,
    waitingReason,
    actions,
    nextSteps,
    runtime,
    containers,
  };
}
