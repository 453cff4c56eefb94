// A Job's (or CronJob's) pod run to completion (kubelet_pods.go getPhase; docs: Jobs with sidecar containers; docs/kubernetes-behaviour.md#jobs): app containers run and exit;
// once none is left running the kubelet kills the pod, which stops native sidecars in reverse
// order, and getPhase ignores their exit codes. A legacy sidecar in spec.containers never exits on
// its own, so the pod stays Running unless the app stops it (/quitquitquit and similar).

import type { PodSpec } from '../k8s/types';
import { DEFAULT_EXIT_CODE, MAX_SIMULATED_RESTARTS, backoffSeconds } from './assumptions';
import { statedExitCode, stopsHelpersItself } from './legacy-sidecar';
import type { StatedExit } from './legacy-sidecar';
import type { PlannedContainer, Span } from './plan';
import { EventLog, secondsText } from './plan';
import { decideAfterExit } from './restart-policy';
import type { SimulatedExit, SpecContainers, StartupResult } from './startup';
import { killContainers } from './termination';
import type { JobCompletion, LifecycleWarning } from './types';

const article = (noun: string): string => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

export interface JobOptions {
  /** The spec as the version stores it, with the simulated restartPolicy (restartRulesSpec). */
  spec: PodSpec;
  /** That spec's containers by name. */
  specContainers: SpecContainers;
  restartPolicy: string;
  graceSeconds: number;
  orderingActive: boolean;
  /** When the pod was already killed during initialisation (a failed init container under Never). */
  initFailure: { at: number; container: string } | null;
}

export interface JobSimulation {
  job: JobCompletion;
  /** When the kill of the sidecars started (the picture draws the sidecars running until then). */
  killStartAt: number | null;
  /** The app containers' exits and the restart decision taken for each. */
  exits: SimulatedExit[];
}

/**
 * The exit code an app container ends with: the simulated run's, unless that is only the assumed
 * 0 and the command states a failure outright (a script ending with `exit 1`): then the command's,
 * with the statement as evidence. A caller's non-zero exitCode is a what-if and is kept.
 */
function appExit(
  c: PlannedContainer,
  run: { exitCode: number | null } | undefined,
): { code: number; stated: StatedExit | null } {
  const code = run?.exitCode ?? c.assumptions.exitCode;
  if (code !== DEFAULT_EXIT_CODE) return { code, stated: null };
  const stated = statedExitCode(c.podContainer.container);
  return stated !== null && stated.code !== DEFAULT_EXIT_CODE
    ? { code: stated.code, stated }
    : { code, stated: null };
}

export function simulateJob(
  containers: PlannedContainer[],
  startup: StartupResult,
  opts: JobOptions,
  spans: Span[],
  warnings: LifecycleWarning[],
): JobSimulation {
  const log = new EventLog();
  const apps = containers.filter((c) => c.role === 'APP');
  const legacy = apps.filter((c) => c.legacySidecar !== null);
  const workers = apps.filter((c) => c.legacySidecar === null);
  const base = { legacySidecars: legacy.map((c) => c.name), stoppedByApp: [] as string[] };
  const neverCompletes = (
    reason: string,
    phase: JobCompletion['phase'],
    events: JobCompletion['events'],
  ): JobSimulation => ({
    job: { ...base, completesAtSeconds: null, neverCompletes: true, reason, phase, events },
    killStartAt: null,
    exits,
  });
  const exits: SimulatedExit[] = [];

  if (startup.podInitializedAt === null) {
    if (opts.initFailure !== null) {
      return {
        job: {
          ...base,
          completesAtSeconds: startup.endSeconds,
          neverCompletes: false,
          reason: `init container ${opts.initFailure.container} failed under restartPolicy Never: the pod fails before any app container runs`,
          phase: 'Failed',
          events: [],
        },
        killStartAt: null,
        exits,
      };
    }
    return neverCompletes(
      `initialisation never completes (it waits on ${startup.blockedBy ?? 'an init container'}): the app containers never run`,
      'Pending',
      [],
    );
  }

  // Legacy sidecars never exit unless an app container tells them to (user-pains A).
  const stoppers = workers.filter((c) => stopsHelpersItself(c.podContainer.container));
  const blocking = legacy.length > 0 && stoppers.length === 0;
  const legacyNames = legacy.map((c) => c.name).join(', ');

  // The app containers finish (or fail, and are restarted under OnFailure).
  let lastExit = startup.podInitializedAt;
  let failed = false;
  const retried: string[] = [];
  const finishing = workers.filter((c) => {
    const run = startup.runs.get(c.name);
    if (run === undefined || run.crashLooping || run.exitedAt === null) {
      retried.push(c.name);
      return false;
    }
    return true;
  });
  const lastClean = finishing.reduce<PlannedContainer | null>((last, c) => {
    const at = startup.runs.get(c.name)?.exitedAt ?? 0;
    return last === null || at >= (startup.runs.get(last.name)?.exitedAt ?? 0) ? c : last;
  }, null);
  let restartAll: { container: string; code: number; because: string } | null = null;
  // KEP-5532: the first exit that matches a RestartAllContainers rule stops every other container
  // there; a container that would have exited later never gets to.
  const triggerAt = finishing.reduce((m, c) => {
    const run = startup.runs.get(c.name);
    const code = appExit(c, run).code;
    const d = run?.terminatedForGood
      ? null
      : decideAfterExit(opts.specContainers.of(c), opts.spec, code);
    return d?.action === 'RestartAllContainers' ? Math.min(m, run?.exitedAt ?? m) : m;
  }, Number.POSITIVE_INFINITY);
  for (const c of finishing) {
    const run = startup.runs.get(c.name);
    let exitAt = run?.exitedAt ?? 0;
    if (exitAt > triggerAt + 1e-9) {
      continue;
    }
    // A container killed for a failed startup probe already has its exit in the start-up timeline.
    const killed = run?.terminatedForGood === true;
    const { code, stated } = killed
      ? { code: run?.exitCode ?? c.assumptions.exitCode, stated: null }
      : appExit(c, run);
    const because = stated ? ` (its command ends with \`${stated.statement}\`)` : '';
    const keepsRunning =
      blocking && c === lastClean
        ? `; ${legacyNames} (a legacy sidecar in spec.containers) keeps running: the pod stays Running and the Job never completes`
        : '';
    // The one restart decision of every view (restart-policy.ts): rules, the container's policy, the pod's.
    const decision = killed
      ? { action: 'DoNotRestart' as const, because: 'restartPolicy Never' }
      : decideAfterExit(opts.specContainers.of(c), opts.spec, code);
    exits.push({
      container: c.name,
      atSeconds: exitAt,
      exitCode: code,
      cause: killed ? 'probe' : 'exit',
      restarted: decision.action !== 'DoNotRestart',
      restartAll: decision.action === 'RestartAllContainers',
    });
    const byPod = decision.because === `the pod's restartPolicy ${opts.restartPolicy}`;
    if (decision.action === 'DoNotRestart' && code === 0) {
      if (!killed) {
        log.add(exitAt, c.name, 'CONTAINER_EXITED', `exit 0: done${keepsRunning}`);
      }
    } else if (decision.action === 'DoNotRestart') {
      failed = true;
      if (!killed) {
        log.add(
          exitAt,
          c.name,
          'CONTAINER_EXITED',
          `exit ${code}${because}: not restarted (${byPod ? `restartPolicy ${opts.restartPolicy}` : decision.because})${keepsRunning}`,
        );
      }
      warnings.push({
        code: 'APP_CONTAINER_FAILS',
        container: c.name,
        message: `${c.name} exits ${code}${because}: ${byPod ? `under restartPolicy ${opts.restartPolicy}` : `not restarted (${decision.because}), so`} the pod ends Failed.`,
      });
    } else if (decision.action === 'RestartAllContainers') {
      log.add(
        exitAt,
        c.name,
        'CONTAINER_EXITED',
        `exit ${code}${because}: ${decision.because} has the RestartAllContainers action: the kubelet stops every other container and runs the pod again from its first init container (KEP-5532)`,
      );
      restartAll ??= { container: c.name, code, because: decision.because };
    } else {
      // Restarted with back-off while it keeps exiting so; the Job's backoffLimit does not count
      // restarts inside the pod (they show in restartCount).
      const why = byPod ? '' : ` (${decision.because})`;
      for (let r = 1; r <= MAX_SIMULATED_RESTARTS; r++) {
        const wait = backoffSeconds(r);
        log.add(
          exitAt,
          c.name,
          'CONTAINER_EXITED',
          `exit ${code}${r === 1 ? because : ''}: restarted after a ${wait} s back-off${why}`,
        );
        spans.push({
          container: c.name,
          kind: 'backoff',
          from: exitAt,
          to: exitAt + wait,
          label: `back-off ${wait} s`,
        });
        const running = exitAt + wait + c.assumptions.startSeconds;
        log.add(running, c.name, 'CONTAINER_STARTED', `restart ${r}`);
        spans.push({
          container: c.name,
          kind: 'running',
          from: running,
          to: running + (c.assumptions.runSeconds ?? 0),
          label: 'running',
        });
        exitAt = running + (c.assumptions.runSeconds ?? 0);
      }
      log.add(
        exitAt,
        c.name,
        'CONTAINER_EXITED',
        `exit ${code} again: CrashLoopBackOff; the Job's backoffLimit decides when it gives up`,
      );
      retried.push(c.name);
      if (code !== 0) {
        warnings.push({
          code: 'APP_CONTAINER_FAILS',
          container: c.name,
          message: `${c.name} exits ${code}${because}: ${byPod ? `under restartPolicy ${opts.restartPolicy}` : `by ${decision.because}`} it is restarted with back-off and the pod does not complete.`,
        });
      }
    }
    lastExit = Math.max(lastExit, exitAt);
  }

  if (restartAll !== null) {
    return neverCompletes(
      `${restartAll.container} exits ${restartAll.code} and ${restartAll.because} restarts all containers (KEP-5532): the pod runs again from its first init container, so with the same exit it never completes`,
      'Running',
      log.sorted(),
    );
  }
  if (retried.length > 0) {
    return neverCompletes(
      `${retried.join(', ')} keeps being restarted: the pod stays Running until the Job gives up (backoffLimit)`,
      'Running',
      log.sorted(),
    );
  }

  // Legacy sidecars: stopped by the app, or they keep the pod running forever.
  if (legacy.length > 0) {
    if (blocking) {
      for (const c of legacy) {
        warnings.push({
          code: 'LEGACY_SIDECAR_BLOCKS_JOB_COMPLETION',
          container: c.name,
          message: `${c.name} looks like ${article(c.legacySidecar ?? 'helper')} in spec.containers: it never exits, so the Job's pod never completes. Make it a native sidecar (initContainers with restartPolicy: Always) or have the app stop it.`,
        });
      }
      return neverCompletes(
        `legacy sidecar ${legacyNames} in spec.containers never exits on its own, so the pod stays Running after the app finished`,
        'Running',
        log.sorted(),
      );
    }
    const stoppedAt = stoppers.reduce(
      (m, c) => Math.max(m, startup.runs.get(c.name)?.exitedAt ?? m),
      startup.podInitializedAt,
    );
    for (const c of legacy) {
      const exit = stoppedAt + c.assumptions.shutdownSeconds;
      log.add(
        exit,
        c.name,
        'CONTAINER_EXITED',
        `exit 0: ${stoppers.map((s) => s.name).join(', ')} told it to quit (/quitquitquit) when done`,
      );
      spans.push({
        container: c.name,
        kind: 'stopping',
        from: stoppedAt,
        to: exit,
        label: 'quitting',
      });
      lastExit = Math.max(lastExit, exit);
      base.stoppedByApp.push(c.name);
    }
  }

  // Nothing left to run (d.5): the kubelet kills the pod; native sidecars stop in reverse order.
  const sidecars = containers.filter(
    (c) => c.role === 'SIDECAR' && startup.runs.get(c.name)?.crashLooping !== true,
  );
  const kill = killContainers(
    opts.spec,
    sidecars,
    { startAt: lastExit, graceSeconds: opts.graceSeconds, context: 'job-completion' },
    log,
    spans,
    warnings,
    opts.orderingActive,
  );
  const phase = failed ? 'Failed' : 'Succeeded';
  log.add(
    kill.endAt,
    null,
    'POD_TERMINATED',
    `phase ${phase}${sidecars.length > 0 ? ": the sidecars' exit codes are ignored" : ''}`,
  );
  return {
    job: {
      ...base,
      completesAtSeconds: kill.endAt,
      neverCompletes: false,
      reason:
        sidecars.length > 0
          ? `the app containers finished at ${secondsText(lastExit)} s; the kubelet then stopped the native sidecars in reverse order`
          : `the app containers finished at ${secondsText(lastExit)} s`,
      phase,
      events: log.sorted(),
    },
    killStartAt: lastExit,
    exits,
  };
}
