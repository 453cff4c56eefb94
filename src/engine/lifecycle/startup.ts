// Start-up simulation (kuberuntime_manager.go computeInitContainerActions; docs/kubernetes-behaviour.md#start-up): init containers strictly one after another, a
// sidecar gating the next one until it is started (running, postStart done, startup probe
// succeeded), then every app container in the same sync; Initialized and Ready as the kubelet
// computes them.

import type { Container, PodSpec } from '../k8s/types';
import { MAX_SIMULATED_RESTARTS, backoffSeconds } from './assumptions';
import type { EventLog, PlannedContainer, ProbeMarks, Span } from './plan';
import { secondsText } from './plan';
import type { ProbeTiming } from './probes';
import {
  firstProbeIndexAtOrAfter,
  probeFailsAtSeconds,
  probeTime,
  startupBudgetSeconds,
} from './probes';
import { initContainerRestartsOnFailure, restartsAfterProbeKill } from './restart-policy';
import { killContainers } from './termination';
import type { LifecycleWarning, WorstCase, WorstCaseContainer } from './types';

export interface StartupOptions {
  isJob: boolean;
  /** The pod's restartPolicy as simulated (a Job's unset policy is simulated as Never). */
  restartPolicy: string;
  /** The spec as the version stores it (restartRulesSpec), with that restartPolicy: restart decisions read it. */
  spec: PodSpec;
  /** That spec's containers by name. */
  specContainers: SpecContainers;
  graceSeconds: number;
}

/** A restart decision the simulation took, for the reader and for comparing with the live-pod view. */
export interface SimulatedExit {
  container: string;
  atSeconds: number;
  exitCode: number;
  /** 'probe': killed for a failed startup probe (decided at the kill); 'exit': exited on its own. */
  cause: 'probe' | 'exit';
  restarted: boolean;
  /** A RestartAllContainers rule matched (KEP-5532): the whole pod starts again. */
  restartAll: boolean;
}

/**
 * The containers of the simulated spec (not the manifest's), found by name: the first of a name,
 * as a search of the list finds it, else the manifest's own container. Each list is indexed on
 * first use, once per simulation, so asking for every container of a wide pod is not a scan
 * per container.
 */
export class SpecContainers {
  private apps: Map<string | undefined, Container> | null = null;
  private inits: Map<string | undefined, Container> | null = null;

  constructor(readonly spec: PodSpec) {}

  of(c: PlannedContainer): Container {
    const app = c.podContainer.role === 'APP';
    const list = app ? this.spec.containers : this.spec.initContainers;
    if (list === undefined) {
      return c.podContainer.container;
    }
    let index = app ? this.apps : this.inits;
    if (index === null) {
      index = new Map();
      for (const x of list) {
        if (!index.has(x.name)) {
          index.set(x.name, x);
        }
      }
      if (app) this.apps = index;
      else this.inits = index;
    }
    return index.get(c.name) ?? c.podContainer.container;
  }
}

export interface ContainerRun {
  /** When the kubelet started it. */
  issuedAt: number;
  /** When its process runs (CONTAINER_STARTED). */
  runningAt: number;
  /** Started: running, postStart done and the startup probe succeeded. null when it never gets there. */
  startedAt: number | null;
  readyAt: number | null;
  /** When it exited for good during start-up (regular init containers, Job app containers). */
  exitedAt: number | null;
  exitCode: number | null;
  crashLooping: boolean;
  /** Killed (for a failed startup probe) and not started again: it is gone for good. */
  terminatedForGood: boolean;
}

export interface StartupResult {
  runs: Map<string, ContainerRun>;
  podInitializedAt: number | null;
  podReadyAt: number | null;
  /** Initialisation never completes (a hung or failing init container, a sidecar that never starts). */
  blockedBy: string | null;
  /** The pod failed during initialisation (a regular init container failed under restartPolicy Never). */
  failedAt: number | null;
  endSeconds: number;
  /** Every exit the start-up simulated, with the restart decision taken. */
  exits: SimulatedExit[];
}

const RESTART_NOTE = 'CrashLoopBackOff: the back-off doubles from 10 s up to 5 min';

/** Ticks of a probe from the process start until `until` (at most 60, for the pictures). */
function probeTicks(
  timing: ProbeTiming,
  runningAt: number,
  fromRel: number,
  until: number,
): number[] {
  const ticks: number[] = [];
  for (let i = firstProbeIndexAtOrAfter(timing, fromRel); ticks.length < 60; i++) {
    const t = runningAt + probeTime(timing, i);
    if (t > until + 1e-9) {
      break;
    }
    ticks.push(t);
  }
  return ticks;
}

export class StartupSimulation {
  readonly runs = new Map<string, ContainerRun>();
  readonly exits: SimulatedExit[] = [];
  private endSeconds = 0;

  constructor(
    private readonly containers: PlannedContainer[],
    private readonly opts: StartupOptions,
    private readonly log: EventLog,
    private readonly spans: Span[],
    private readonly probes: ProbeMarks[],
    private readonly warnings: LifecycleWarning[],
  ) {}

  private span(
    container: string,
    kind: Span['kind'],
    from: number,
    to: number,
    label: string,
  ): void {
    if (to > from + 1e-9) {
      this.spans.push({ container, kind, from, to, label });
    }
    this.endSeconds = Math.max(this.endSeconds, to);
  }

  private mark(t: number): void {
    this.endSeconds = Math.max(this.endSeconds, t);
  }

  run(): StartupResult {
    let t = 0;
    const init = this.containers.filter((c) => c.role !== 'APP');
    const apps = this.containers.filter((c) => c.role === 'APP');
    let blockedBy: string | null = null;
    let failedAt: number | null = null;

    for (const c of init) {
      if (c.role === 'INIT') {
        const r = this.runRegularInit(c, t);
        if (r.kind === 'ok') {
          t = r.at;
          continue;
        }
        blockedBy = c.name;
        failedAt = r.kind === 'failed' ? r.at : null;
        break;
      }
      const started = this.bringUp(c, t, 'sidecar');
      if (started === null) {
        blockedBy = c.name;
        break;
      }
      t = started;
    }

    if (blockedBy !== null) {
      return this.finish(null, blockedBy, failedAt);
    }

    const initializedAt = t;
    this.log.add(
      initializedAt,
      null,
      'POD_INITIALIZED',
      init.length === 0
        ? 'no init containers'
        : 'every regular init container exited 0 and every sidecar is started; app containers start now',
    );
    this.mark(initializedAt);

    // All app containers are started in the same sync, in order; a postStart hook holds the start of
    // the containers declared after it (startContainer runs the hook synchronously, d.1.5).
    let issue = initializedAt;
    for (const c of apps) {
      this.bringUp(c, issue, 'app');
      if (c.assumptions.postStartSeconds !== null) {
        issue = issue + c.assumptions.startSeconds + c.assumptions.postStartSeconds;
      }
    }
    return this.finish(initializedAt, null, null);
  }

  /** A regular init container: runs, exits; the next one starts when it exited 0. */
  /** Records a container issued at `issuedAt` and its 'starting' span until its process runs. */
  private beginRun(
    c: PlannedContainer,
    issuedAt: number,
    startedWhenRunning: boolean,
  ): ContainerRun {
    const runningAt = issuedAt + c.assumptions.startSeconds;
    const run: ContainerRun = {
      issuedAt,
      runningAt,
      startedAt: startedWhenRunning ? runningAt : null,
      readyAt: null,
      exitedAt: null,
      exitCode: null,
      crashLooping: false,
      terminatedForGood: false,
    };
    this.runs.set(c.name, run);
    this.span(c.name, 'starting', issuedAt, runningAt, 'starting');
    return run;
  }

  private runRegularInit(
    c: PlannedContainer,
    t: number,
  ): { kind: 'ok' | 'failed' | 'hung'; at: number } {
    // A regular init container counts as started as soon as it runs.
    const run = this.beginRun(c, t, true);
    const runningAt = run.runningAt;

    if (c.droppedSidecar) {
      // c.10: restartPolicy was dropped, so this long-running helper is a regular init container
      // that never exits; initialisation waits for it forever.
      this.log.add(
        runningAt,
        c.name,
        'CONTAINER_STARTED',
        'runs as a regular init container (restartPolicy: Always dropped on this version) and never exits: initialisation hangs',
      );
      const hangUntil = runningAt + 60;
      this.span(c.name, 'hung', runningAt, hangUntil, 'never exits: initialisation hangs');
      return { kind: 'hung', at: runningAt };
    }

    const runSeconds = c.assumptions.runSeconds ?? 0;
    this.log.add(
      runningAt,
      c.name,
      'CONTAINER_STARTED',
      `regular init container; runs ${secondsText(runSeconds)} s`,
    );
    let exitAt = runningAt + runSeconds;
    this.span(c.name, 'running', runningAt, exitAt, 'running');
    if (c.assumptions.exitCode === 0) {
      run.exitedAt = exitAt;
      run.exitCode = 0;
      this.log.add(exitAt, c.name, 'CONTAINER_EXITED', 'exit 0: the next container starts');
      return { kind: 'ok', at: exitAt };
    }

    // A failing regular init container (d.4): the pod fails under Never, otherwise it is retried.
    run.exitCode = c.assumptions.exitCode;
    // KEP-5307: the init container's own restartPolicy, else the pod's (computeInitContainerActions).
    const retried = initContainerRestartsOnFailure(this.opts.specContainers.of(c), this.opts.spec);
    this.exits.push({
      container: c.name,
      atSeconds: exitAt,
      exitCode: c.assumptions.exitCode,
      cause: 'exit',
      restarted: retried,
      restartAll: false,
    });
    if (!retried) {
      run.exitedAt = exitAt;
      this.log.add(
        exitAt,
        c.name,
        'CONTAINER_EXITED',
        `exit ${c.assumptions.exitCode}: restartPolicy Never, so the kubelet kills the pod and it fails (phase Failed)`,
      );
      this.warnings.push({
        code: 'INIT_CONTAINER_FAILS',
        container: c.name,
        message: `Init container ${c.name} exits ${c.assumptions.exitCode}; under restartPolicy Never the pod fails and the app containers never start.`,
      });
      return { kind: 'failed', at: exitAt };
    }
    run.crashLooping = true;
    for (let r = 1; r <= MAX_SIMULATED_RESTARTS; r++) {
      const wait = backoffSeconds(r);
      this.log.add(
        exitAt,
        c.name,
        'CONTAINER_EXITED',
        `exit ${c.assumptions.exitCode}: restarted after a ${wait} s back-off`,
      );
      this.span(c.name, 'backoff', exitAt, exitAt + wait, `back-off ${wait} s`);
      const again = exitAt + wait;
      const running = again + c.assumptions.startSeconds;
      this.span(c.name, 'starting', again, running, 'starting');
      this.log.add(running, c.name, 'CONTAINER_STARTED', `restart ${r}`);
      this.span(c.name, 'running', running, running + runSeconds, 'running');
      exitAt = running + runSeconds;
    }
    this.log.add(
      exitAt,
      c.name,
      'CONTAINER_EXITED',
      `exit ${c.assumptions.exitCode} again: the pod stays Pending (Init:CrashLoopBackOff); ${RESTART_NOTE}`,
    );
    this.warnings.push({
      code: 'INIT_CONTAINER_FAILS',
      container: c.name,
      message: `Init container ${c.name} exits ${c.assumptions.exitCode}; it is retried with back-off (restartPolicy ${this.opts.specContainers.of(c).restartPolicy ?? this.opts.restartPolicy}) and the pod never initialises.`,
    });
    return { kind: 'hung', at: exitAt };
  }

  /**
   * A sidecar or app container: running, postStart, startup probe, readiness probe. Returns the time
   * it is started, or null when its startup probe never succeeds within the budget.
   */
  private bringUp(c: PlannedContainer, issuedAt: number, kind: 'sidecar' | 'app'): number | null {
    const run = this.beginRun(c, issuedAt, false);
    const runningAt = run.runningAt;
    const hook = c.assumptions.postStartSeconds;
    let started = kind === 'sidecar' ? 'sidecar (restartPolicy: Always)' : 'app container';
    if (kind === 'app' && this.opts.isJob && c.assumptions.runSeconds !== null) {
      started += `; runs ${secondsText(c.assumptions.runSeconds)} s`;
    }
    if (hook !== null) {
      started += `; postStart hook runs ${secondsText(hook)} s`;
    }
    this.log.add(runningAt, c.name, 'CONTAINER_STARTED', started);
    const postStartDone = runningAt + (hook ?? 0);
    if (hook !== null) {
      this.span(c.name, 'postStart', runningAt, postStartDone, 'postStart');
    }

    let startupOk = runningAt;
    if (c.startup !== null) {
      const budget = startupBudgetSeconds(c.startup);
      const healthy = c.assumptions.startupProbeSucceedsAfterSeconds;
      // The failureThreshold-th failed probe kills it: a probe after that never comes.
      if (firstProbeIndexAtOrAfter(c.startup, healthy) > c.startup.failureThreshold - 1) {
        this.probeKill(c, run, budget);
        return null;
      }
      const k = firstProbeIndexAtOrAfter(c.startup, healthy);
      startupOk = runningAt + probeTime(c.startup, k);
      this.probes.push({
        container: c.name,
        kind: 'startup',
        times: probeTicks(c.startup, runningAt, 0, startupOk),
        successAt: startupOk,
        window: [runningAt + c.startup.initialDelaySeconds, runningAt + budget],
      });
      this.log.add(
        startupOk,
        c.name,
        'STARTUP_PROBE_SUCCEEDED',
        `probe ${k + 1} (first at ${secondsText(c.startup.initialDelaySeconds)} s, every ${secondsText(c.startup.periodSeconds)} s); budget ${secondsText(budget)} s`,
      );
    }
    const startedAt = Math.max(postStartDone, startupOk);
    run.startedAt = startedAt;

    // Job app containers run to completion; they are ready only while running.
    if (kind === 'app' && this.opts.isJob && c.assumptions.runSeconds !== null) {
      run.exitedAt = runningAt + c.assumptions.runSeconds;
      run.exitCode = c.assumptions.exitCode;
    }

    const readyAt = this.readiness(c, runningAt, startedAt);
    const endOfLife = run.exitedAt;
    const upAt = hook !== null ? postStartDone : runningAt;
    if (endOfLife !== null && readyAt >= endOfLife) {
      run.readyAt = null;
      this.span(c.name, 'running', upAt, endOfLife, 'running');
    } else {
      run.readyAt = readyAt;
      this.log.add(
        readyAt,
        c.name,
        'CONTAINER_READY',
        c.readiness !== null
          ? `readiness probe: ${c.readiness.successThreshold} success(es), first at ${secondsText(c.readiness.initialDelaySeconds)} s, every ${secondsText(c.readiness.periodSeconds)} s`
          : 'no readinessProbe: ready once started',
      );
      this.span(c.name, 'running', upAt, readyAt, 'running, not ready');
      if (endOfLife !== null) {
        this.span(c.name, 'ready', readyAt, endOfLife, 'ready');
      }
    }
    this.mark(readyAt);
    return startedAt;
  }

  /** When the readiness probe has seen successThreshold successes (probes wait for the startup probe). */
  private readiness(c: PlannedContainer, runningAt: number, startedAt: number): number {
    const r = c.readiness;
    if (r === null) {
      return startedAt;
    }
    const healthyRel = c.assumptions.readinessProbeSucceedsAfterSeconds;
    const k = firstProbeIndexAtOrAfter(r, healthyRel, startedAt - runningAt);
    const readyAt = runningAt + probeTime(r, k + r.successThreshold - 1);
    this.probes.push({
      container: c.name,
      kind: 'readiness',
      times: probeTicks(r, runningAt, startedAt - runningAt, readyAt),
      successAt: readyAt,
      window: null,
    });
    return readyAt;
  }

  /**
   * The startup probe never succeeds in time: at the failureThreshold-th consecutive failure the
   * kubelet kills the container as it kills any container (kuberuntime_container.go killContainer:
   * the preStop hook runs first, then the stop signal; the grace period is the probe's
   * terminationGracePeriodSeconds, else the pod's). It is started again unless its policy is Never
   * (computePodActions); a sidecar always is.
   */
  private probeKill(c: PlannedContainer, run: ContainerRun, budget: number): void {
    const timing = c.startup as ProbeTiming;
    const probe = c.podContainer.container.startupProbe;
    const grace = probe?.terminationGracePeriodSeconds ?? this.opts.graceSeconds;
    const restarts = restartsAfterProbeKill(
      this.opts.specContainers.of(c),
      this.opts.spec,
      c.role === 'SIDECAR',
    );
    run.crashLooping = restarts;
    const ft = timing.failureThreshold;
    const failsAt = probeFailsAtSeconds(timing);
    let runningAt = run.runningAt;
    this.probes.push({
      container: c.name,
      kind: 'startup',
      times: probeTicks(timing, runningAt, 0, runningAt + failsAt),
      successAt: null,
      window: [runningAt + timing.initialDelaySeconds, runningAt + failsAt],
    });
    const rounds = restarts ? MAX_SIMULATED_RESTARTS + 1 : 1;
    const reason = `startup probe failed ${ft} time${ft === 1 ? '' : 's'} in a row (the app needs ${secondsText(c.assumptions.startupProbeSucceedsAfterSeconds)} s, the last probe that counts is at ${secondsText(failsAt)} s): killed`;
    for (let r = 1; r <= rounds; r++) {
      const killAt = runningAt + failsAt;
      const hook = c.assumptions.postStartSeconds ?? 0;
      if (r > 1 && hook > 0) {
        this.span(c.name, 'postStart', runningAt, runningAt + hook, 'postStart');
      }
      this.span(
        c.name,
        'running',
        Math.min(runningAt + hook, killAt),
        killAt,
        'startup probe failing',
      );
      const wait = backoffSeconds(r);
      const exitDetail = (code: number): string =>
        !restarts
          ? `exit ${code}: not restarted (restartPolicy Never)`
          : r === rounds
            ? `exit ${code}: restarted again and again; ${RESTART_NOTE}`
            : `exit ${code}: restarted after a ${wait} s back-off`;
      const kill = killContainers(
        this.opts.spec,
        [c],
        { startAt: killAt, graceSeconds: grace, context: 'probe-kill', reason, exitDetail },
        this.log,
        this.spans,
        this.warnings,
        false,
      );
      let exitAt = kill.endAt;
      const code = kill.exitCode.get(c.name) ?? c.assumptions.sigtermExitCode;
      this.mark(exitAt);
      this.exits.push({
        container: c.name,
        atSeconds: killAt,
        exitCode: code,
        cause: 'probe',
        restarted: restarts,
        restartAll: false,
      });
      if (!restarts) {
        run.exitedAt = exitAt;
        run.exitCode = code;
        run.terminatedForGood = true;
        break;
      }
      if (r === rounds) {
        break;
      }
      this.span(c.name, 'backoff', exitAt, exitAt + wait, `back-off ${wait} s`);
      exitAt += wait;
      runningAt = exitAt + c.assumptions.startSeconds;
      this.span(c.name, 'starting', exitAt, runningAt, 'starting');
      this.log.add(runningAt, c.name, 'CONTAINER_STARTED', `restart ${r}`);
    }
    const what =
      c.role === 'SIDECAR'
        ? 'the next init container never starts and the pod never initialises'
        : 'the pod never becomes Ready';
    this.warnings.push({
      code: 'STARTUP_PROBE_BUDGET_EXCEEDED',
      container: c.name,
      message: `${c.name} needs ${secondsText(c.assumptions.startupProbeSucceedsAfterSeconds)} s to pass its startup probe but its ${ft} allowed failure${ft === 1 ? '' : 's'} end at ${secondsText(failsAt)} s (budget initialDelaySeconds + failureThreshold × periodSeconds = ${secondsText(budget)} s at the latest): the kubelet runs its preStop hook and kills it${restarts ? ' and restarts it in CrashLoopBackOff' : ', and under restartPolicy Never it is not started again'}; ${what}.`,
    });
    if (c.role === 'SIDECAR') {
      this.warnings.push({
        code: 'SIDECAR_NEVER_STARTS',
        container: c.name,
        message: `Sidecar ${c.name} never counts as started, so initialisation waits on it forever.`,
      });
    }
  }

  private finish(
    initializedAt: number | null,
    blockedBy: string | null,
    failedAt: number | null,
  ): StartupResult {
    let podReadyAt: number | null = null;
    if (initializedAt !== null) {
      podReadyAt = this.podReady();
    }
    if (podReadyAt !== null) {
      this.log.add(
        podReadyAt,
        null,
        'POD_READY',
        'every sidecar and app container is ready (ContainersReady)',
      );
    }
    return {
      runs: this.runs,
      podInitializedAt: initializedAt,
      podReadyAt,
      blockedBy,
      failedAt,
      endSeconds: this.endSeconds,
      exits: this.exits,
    };
  }

  /** Ready = every sidecar and app container ready at the same time (d.6). */
  private podReady(): number | null {
    const counted = this.containers.filter((c) => c.role !== 'INIT');
    let readyAt = 0;
    for (const c of counted) {
      const run = this.runs.get(c.name);
      if (run === undefined || run.readyAt === null || run.crashLooping) {
        return null;
      }
      readyAt = Math.max(readyAt, run.readyAt);
    }
    // A Job's app container that exits before the rest is ready leaves the pod never Ready.
    for (const c of counted) {
      const exitedAt = this.runs.get(c.name)?.exitedAt ?? null;
      if (exitedAt !== null && exitedAt <= readyAt) {
        return null;
      }
    }
    return readyAt;
  }
}

/** Worst case within the probe budgets: every startup probe passes at the end of its budget. */
export function worstCase(
  containers: PlannedContainer[],
  startup: StartupResult,
  isJob: boolean,
): WorstCase {
  const out: WorstCaseContainer[] = [];
  let t = 0;
  let initialized: number | null = null;
  let hung = false;
  const bringUp = (c: PlannedContainer, issuedAt: number): { started: number; ready: number } => {
    const running = issuedAt + c.assumptions.startSeconds;
    const budget = c.startup !== null ? startupBudgetSeconds(c.startup) : null;
    const started = Math.max(
      running + (c.assumptions.postStartSeconds ?? 0),
      running + (budget ?? 0),
    );
    let ready = started;
    if (c.readiness !== null) {
      // The probe just missed: the next one comes a full period later, then successThreshold - 1 more.
      const first = Math.max(started, running + c.readiness.initialDelaySeconds);
      ready = first + c.readiness.periodSeconds * c.readiness.successThreshold;
    }
    out.push({
      name: c.name,
      role: c.role,
      startupProbeBudgetSeconds: budget,
      latestStartedAtSeconds: started,
      latestReadyAtSeconds: ready,
    });
    return { started, ready };
  };
  // An init container (regular or sidecar) with no ready time: started at `startedAt`, or never.
  const pushInit = (c: PlannedContainer, startedAt: number | null): void => {
    out.push({
      name: c.name,
      role: c.role,
      startupProbeBudgetSeconds: null,
      latestStartedAtSeconds: startedAt,
      latestReadyAtSeconds: null,
    });
  };
  let readyAll = 0;
  for (const c of containers.filter((x) => x.role !== 'APP')) {
    if (hung) {
      pushInit(c, null);
      continue;
    }
    if (c.role === 'INIT') {
      if (
        c.droppedSidecar ||
        startup.runs.get(c.name)?.crashLooping === true ||
        (startup.failedAt !== null && startup.blockedBy === c.name)
      ) {
        hung = true;
        pushInit(c, null);
        continue;
      }
      t += c.assumptions.startSeconds + (c.assumptions.runSeconds ?? 0);
      pushInit(c, t);
      continue;
    }
    const r = bringUp(c, t);
    t = r.started;
    readyAll = Math.max(readyAll, r.ready);
  }
  let firstExit = Number.POSITIVE_INFINITY;
  if (!hung) {
    initialized = t;
    let issue = t;
    for (const c of containers.filter((x) => x.role === 'APP')) {
      const r = bringUp(c, issue);
      readyAll = Math.max(readyAll, r.ready);
      if (isJob && c.assumptions.runSeconds !== null) {
        firstExit = Math.min(
          firstExit,
          issue + c.assumptions.startSeconds + c.assumptions.runSeconds,
        );
      }
      if (c.assumptions.postStartSeconds !== null) {
        issue += c.assumptions.startSeconds + c.assumptions.postStartSeconds;
      }
    }
  }
  return {
    podInitializedAtSeconds: initialized,
    // A Job's app container that has exited by then leaves the pod never Ready.
    podReadyAtSeconds: hung || firstExit <= readyAll ? null : readyAll,
    containers: out,
  };
}
