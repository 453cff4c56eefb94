// Termination ordering and the killContainer grace arithmetic (kuberuntime_container.go killContainersWithSyncResult, killContainer; docs/kubernetes-behaviour.md#termination): every running
// container is killed in parallel; sidecars wait for every app container and for the sidecar
// declared after them; one grace budget per container, counted down in whole seconds.

import type { PodSpec } from '../k8s/types';
import { isSidecar } from '../k8s/types';

/** minimumGracePeriodInSeconds: every container gets at least this long between SIGTERM and SIGKILL. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** The API server's default for spec.terminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

// Go converts the float seconds it measured with int64(), which truncates; the epsilon keeps
// sums such as 1.25 + 1.25 + 1.25 from landing a hair under a whole number.
export const truncateSeconds = (seconds: number): number => Math.floor(seconds + 1e-9);

/**
 * What one running container waits for before its stop signal (newTerminationOrdering): the
 * running app containers (a sidecar) and the sidecar declared after it when that one is running.
 */
export interface TerminationWait {
  /** The running app containers in declaration order; one array shared by every sidecar. */
  apps: readonly string[];
  /** The next sidecar declared after it, when running (it waits for it in turn). */
  laterSidecar: string | null;
}

const NO_WAIT: TerminationWait = { apps: [], laterSidecar: null };

/**
 * newTerminationOrdering, with the app containers' list built once and shared by every sidecar:
 * a pod of n sidecars and m app containers costs n + m here, not n × m (performance issue 12).
 * App containers and regular init containers wait for nothing. Containers that are not running
 * count as already exited. `running` holds the names of the running containers (a Set, or a Map
 * keyed by them).
 */
export function terminationWaits(
  spec: PodSpec,
  running: { has(name: string): boolean },
): Map<string, TerminationWait> {
  const waits = new Map<string, TerminationWait>();
  const apps: string[] = [];
  for (const c of spec.containers ?? []) {
    const name = c.name ?? '';
    if (running.has(name)) {
      apps.push(name);
    }
    waits.set(name, NO_WAIT);
  }
  let laterSidecar: string | null = null;
  const init = spec.initContainers ?? [];
  for (let i = init.length - 1; i >= 0; i--) {
    const ic = init[i];
    if (ic === undefined) {
      continue;
    }
    const name = ic.name ?? '';
    if (!isSidecar(ic)) {
      waits.set(name, NO_WAIT);
      continue;
    }
    waits.set(name, {
      apps,
      laterSidecar: laterSidecar !== null && running.has(laterSidecar) ? laterSidecar : null,
    });
    laterSidecar = name;
  }
  return waits;
}

/**
 * newTerminationOrdering: for each running container, the running containers it waits for before
 * its stop signal. App containers wait for nothing; a sidecar waits for every running app container
 * and for the next running-or-not sidecar declared after it (which itself waits in turn).
 * Containers that are not running count as already exited.
 */
export function terminationPrerequisites(
  spec: PodSpec,
  runningContainerNames: readonly string[],
): Map<string, string[]> {
  const prereqs = new Map<string, string[]>();
  for (const [name, w] of terminationWaits(spec, new Set(runningContainerNames))) {
    prereqs.set(name, w.laterSidecar !== null ? [...w.apps, w.laterSidecar] : [...w.apps]);
  }
  return prereqs;
}

export interface TerminationOrderingInput {
  pod: { spec: PodSpec };
  runningContainers: string[];
  /** The grace period each container's waitForTurn is given. */
  gracePeriodPassedToWaitForTurn: Record<string, number>;
  /** How long each container takes to exit once its turn has come. */
  simulatedExitAfterTurnSeconds: Record<string, number>;
}

export interface TerminationOrderingResult {
  /** Whole seconds each container waited for its turn (int64 truncation of the measured time). */
  waitSeconds: Record<string, number>;
  /** The exact (untruncated) moment each container's turn came. */
  turnAtSeconds: Record<string, number>;
  exitAtSeconds: Record<string, number>;
  /** The order in which the containers are stopped (their turn comes). */
  order: string[];
}

/**
 * The ordering test's set-up, simulated: every running container calls waitForTurn(grace) at t=0,
 * exits `simulatedExitAfterTurnSeconds` after its turn, and its exit releases the containers
 * waiting on it. waitForTurn returns immediately when the grace is <= 0 and never waits longer
 * than the grace.
 */
export function simulateTerminationOrdering(
  input: TerminationOrderingInput,
): TerminationOrderingResult {
  const prereqs = terminationPrerequisites(input.pod.spec, input.runningContainers);
  const turnAt = new Map<string, number>();
  const exitAt = new Map<string, number>();
  const resolving = new Set<string>();

  const exitOf = (name: string): number => {
    const known = exitAt.get(name);
    if (known !== undefined) {
      return known;
    }
    if (resolving.has(name)) {
      throw new Error(`termination ordering has a cycle at ${name}`);
    }
    resolving.add(name);
    const grace = input.gracePeriodPassedToWaitForTurn[name] ?? 0;
    let turn = 0;
    if (grace > 0) {
      const waitFor = (prereqs.get(name) ?? []).reduce((m, p) => Math.max(m, exitOf(p)), 0);
      turn = Math.min(waitFor, grace);
    }
    const exit = turn + (input.simulatedExitAfterTurnSeconds[name] ?? 0);
    turnAt.set(name, turn);
    exitAt.set(name, exit);
    resolving.delete(name);
    return exit;
  };

  for (const name of input.runningContainers) {
    exitOf(name);
  }
  const rank = orderRank(input.pod.spec);
  const order = [...input.runningContainers].sort(
    (a, b) =>
      (turnAt.get(a) ?? 0) - (turnAt.get(b) ?? 0) || (rank.get(a) ?? 0) - (rank.get(b) ?? 0),
  );
  const waitSeconds: Record<string, number> = {};
  const turnAtSeconds: Record<string, number> = {};
  const exitAtSeconds: Record<string, number> = {};
  for (const name of input.runningContainers) {
    waitSeconds[name] = truncateSeconds(turnAt.get(name) ?? 0);
    turnAtSeconds[name] = turnAt.get(name) ?? 0;
    exitAtSeconds[name] = exitAt.get(name) ?? 0;
  }
  return { waitSeconds, turnAtSeconds, exitAtSeconds, order };
}

/** Ties in stop time: app containers first, then sidecars in reverse declaration order. */
function orderRank(spec: PodSpec): Map<string, number> {
  const rank = new Map<string, number>();
  let r = 0;
  for (const c of spec.containers ?? []) {
    rank.set(c.name ?? '', r++);
  }
  const init = spec.initContainers ?? [];
  for (let i = init.length - 1; i >= 0; i--) {
    rank.set(init[i]?.name ?? '', r++);
  }
  return rank;
}

export interface KillContainerGraceInput {
  /** The grace period killContainer starts from (deletion grace, spec, probe override or 2). */
  gracePeriodSeconds: number;
  /** How long the preStop hook runs; null or absent when the container has none. */
  preStopDurationSeconds?: number | null;
  /** How long the container waits for its turn; null or absent when no ordering applies. */
  waitForTurnSeconds?: number | null;
}

export interface KillContainerGraceResult {
  /** The timeout passed to StopContainer: SIGKILL follows the stop signal after this long. */
  stopContainerTimeoutSeconds: number;
  /** Whole seconds the preStop hook was charged (0 when it did not run). */
  preStopChargedSeconds: number;
  /** Whole seconds the wait for the turn was charged. */
  waitChargedSeconds: number;
  steps: string[];
}

/**
 * killContainer's grace arithmetic: g = grace; if there is a preStop hook and g > 0, the hook runs
 * for at most g seconds and g -= the whole seconds it ran; if ordering applies and g > 0, the wait
 * lasts at most g seconds and g -= the whole seconds waited; StopContainer(max(g, 2)).
 */
export function killContainerGrace(input: KillContainerGraceInput): KillContainerGraceResult {
  let g = input.gracePeriodSeconds;
  const steps: string[] = [];
  let preStopCharged = 0;
  let waitCharged = 0;
  if (
    input.preStopDurationSeconds !== undefined &&
    input.preStopDurationSeconds !== null &&
    g > 0
  ) {
    preStopCharged = truncateSeconds(Math.min(Math.max(input.preStopDurationSeconds, 0), g));
    g -= preStopCharged;
    steps.push(`preStop used ${preStopCharged}s -> ${g}`);
  }
  if (input.waitForTurnSeconds !== undefined && input.waitForTurnSeconds !== null && g > 0) {
    waitCharged = truncateSeconds(Math.min(Math.max(input.waitForTurnSeconds, 0), g));
    g -= waitCharged;
    steps.push(`waited ${waitCharged}s for its turn -> ${g}`);
  }
  const timeout = Math.max(g, MINIMUM_GRACE_PERIOD_SECONDS);
  if (timeout !== g) {
    steps.push(`raised to the ${MINIMUM_GRACE_PERIOD_SECONDS}s minimum`);
  }
  return {
    stopContainerTimeoutSeconds: timeout,
    preStopChargedSeconds: preStopCharged,
    waitChargedSeconds: waitCharged,
    steps,
  };
}
