// The lifecycle simulation of one workload, as a pipeline of named stages, each computed once and
// passed on: plan the pod (timing, version effects), start it up, end it where start-up already
// ends it, run a Job to completion, delete it, then draw the pictures and assemble the report.

import type { ClassifiedContainer } from '../classification';
import type { PodContainer } from '../containers';
import { listContainers } from '../containers';
import type { ContainerStatus, PodSpec } from '../k8s/types';
import { isSidecar } from '../k8s/types';
import type { WorkloadContext } from '../workload';
import type { ResolvedDefaults } from './assumptions';
import { resolveContainerAssumptions, resolveDefaults, timingByName } from './assumptions';
import type { JobSimulation } from './job';
import { simulateJob } from './job';
import { readLivePod } from './live-pod';
import { withLazyPictures } from './pictures';
import type { Chart, Lane, PlannedContainer, ProbeMarks, Span } from './plan';
import { EventLog, planContainer, roundSeconds } from './plan';
import type { PodPhase } from './pod-phase';
import { getPodPhase } from './pod-phase';
import { restartRulesSpec } from './restart-policy';
import type { SimulatedExit, StartupResult } from './startup';
import { SpecContainers, StartupSimulation, worstCase } from './startup';
import { killContainers } from './termination';
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from './termination-order';
import type {
  LifecycleAssumptions,
  LifecycleReport,
  LifecycleWarning,
  TimelineEvent,
  TimingInput,
  WorstCaseContainer,
} from './types';

const JOB_KINDS = new Set(['Job', 'CronJob']);

// How a recognised helper is named in the timeline's words ("an Istio proxy", "a log shipper").
const HELPER_NOUN: Record<string, string> = {
  'auth-proxy': 'auth proxy',
  'config-reloader': 'config reloader',
  'db-proxy': 'database proxy',
  'log-shipper': 'log shipper',
  'mesh-proxy': 'proxy',
  'metrics-adapter': 'metrics adapter',
  'network-proxy': 'proxy',
  'secrets-agent': 'agent',
};

const round = (n: number | null): number | null => (n === null ? null : roundSeconds(n));

interface Grace {
  seconds: number;
  source: LifecycleAssumptions['terminationGracePeriodSource'];
}

/** Stage 1: the pod as the version runs it, each container with its timing. */
export interface PodPlan {
  ctx: WorkloadContext;
  isJob: boolean;
  restartPolicy: string;
  /** The spec as the version stores it (restartRulesSpec) with the simulated restartPolicy. */
  spec: PodSpec;
  /** That spec's containers by name. */
  specContainers: SpecContainers;
  grace: Grace;
  defaults: ResolvedDefaults;
  planned: PlannedContainer[];
  sidecarsHonoured: boolean;
  /** The sidecar termination ordering applies (the pod has a sidecar the version honours). */
  orderingActive: boolean;
  notes: string[];
  warnings: LifecycleWarning[];
}

/** Stage 2: start-up. */
export interface StartupStage {
  sim: StartupSimulation;
  result: StartupResult;
  log: EventLog;
  spans: Span[];
  probes: ProbeMarks[];
}

/** Stage 3: the pod already ends during start-up (an init failure, or every app container gone). */
export interface EndStage {
  initFailure: { at: number; container: string } | null;
  /** When the pod has ended (every container stopped), or null while it keeps running. */
  endedAt: number | null;
  phase: PodPhase | null;
}

/** Stage 5: termination on deletion. */
export interface TerminationStage {
  running: PlannedContainer[];
  log: EventLog;
  spans: Span[];
  completesAt: number | null;
}

/** Every stage's result, for the report and for tests that compare the views. */
export interface LifecycleStages {
  plan: PodPlan;
  startup: StartupStage;
  end: EndStage;
  job: JobStage | null;
  termination: TerminationStage;
  /** Every exit simulated (start-up, then the Job's app containers) with its restart decision. */
  exits: SimulatedExit[];
}

function gracePeriod(ctx: WorkloadContext, notes: string[]): Grace {
  const w = ctx.workload;
  const deletion = w.kind === 'Pod' ? w.objectMeta.deletionGracePeriodSeconds : undefined;
  if (typeof deletion === 'number' && deletion >= 0) {
    return { seconds: deletion, source: 'DELETION_GRACE_PERIOD' };
  }
  const tgps = w.spec.terminationGracePeriodSeconds;
  if (typeof tgps === 'number' && Number.isFinite(tgps) && tgps >= 0) {
    return { seconds: Math.floor(tgps), source: 'SPEC' };
  }
  if (tgps !== undefined) {
    notes.push(
      `terminationGracePeriodSeconds ${String(tgps)} is not valid; simulated with the default ${DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS} s`,
    );
  }
  return { seconds: DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, source: 'DEFAULT' };
}

/**
 * The pod's containers as listContainers gives them for the version. The classification stage
 * starts from that same list (its entries extend PodContainer), so it is reused rather than
 * listed again; a list that does not cover the pod is not trusted.
 */
function podContainersOf(
  ctx: WorkloadContext,
  classified: readonly ClassifiedContainer[],
): readonly PodContainer[] {
  const spec = ctx.workload.spec;
  const count = (spec.initContainers?.length ?? 0) + (spec.containers?.length ?? 0);
  return classified.length === count
    ? classified
    : listContainers(ctx.workload, ctx.gates.SidecarContainers);
}

/**
 * Whether an app container of a Job does a sidecar's job (the classification stage's, one
 * source): what it is, in the timeline's words, or null.
 */
function legacySidecarOf(
  ctx: WorkloadContext,
  c: PodContainer,
  k: ClassifiedContainer | undefined,
): string | null {
  if (k?.legacySidecar) {
    return k.helper
      ? `${k.helper.product} ${HELPER_NOUN[k.helper.kind] ?? 'helper'}`
      : 'long-running helper';
  }
  // KEP-5307 (1.35+): a regular container with its own restartPolicy Always is restarted
  // whenever it exits, so it never completes either.
  if (ctx.gates.ContainerRestartRules && c.container.restartPolicy === 'Always') {
    return 'container restarted on every exit (restartPolicy: Always)';
  }
  return null;
}

/** c.10: on 1.28 (gate off) restartPolicy is dropped from init containers. */
function versionEffects(plan: PodPlan): void {
  const dropped = plan.planned.filter((c) => c.droppedSidecar);
  const first = dropped[0];
  if (first === undefined) {
    return;
  }
  const version = plan.ctx.version.text;
  const withProbes = dropped.filter((c) => {
    const k = c.podContainer.container;
    return (
      k.lifecycle !== undefined ||
      k.startupProbe !== undefined ||
      k.readinessProbe !== undefined ||
      k.livenessProbe !== undefined
    );
  });
  for (const c of dropped) {
    plan.warnings.push({
      code: 'SIDECAR_DROPPED_BY_VERSION',
      container: c.name,
      message: `Kubernetes ${version} drops restartPolicy: Always on init containers (SidecarContainers is off): ${c.name} becomes a regular init container that never exits.`,
    });
  }
  plan.warnings.push({
    code: 'INITIALIZATION_HANGS',
    container: first.name,
    message: `On ${version} initialisation waits for ${first.name} to exit, which it never does: the pod never becomes Initialized and the app containers never start.${
      withProbes.length > 0
        ? ` As written, the API server also rejects the pod: ${withProbes.map((c) => c.name).join(', ')} keep${withProbes.length === 1 ? 's' : ''} probes or lifecycle hooks, which a regular init container may not have.`
        : ''
    }`,
  });
  plan.notes.push(`simulated as Kubernetes ${version} runs it: native sidecars are not honoured`);
}

/** Stage 1. */
export function planPod(
  ctx: WorkloadContext,
  containers: readonly ClassifiedContainer[],
  timing?: TimingInput | null,
): PodPlan {
  const w = ctx.workload;
  const notes: string[] = [];
  const isJob = JOB_KINDS.has(w.kind);
  let restartPolicy = w.spec.restartPolicy ?? 'Always';
  if (isJob && w.spec.restartPolicy === undefined) {
    restartPolicy = 'Never';
    notes.push('a Job pod needs restartPolicy Never or OnFailure; simulated with Never');
  }
  const grace = gracePeriod(ctx, notes);
  const defaults = resolveDefaults(timing);
  const sidecarsHonoured = ctx.gates.SidecarContainers;
  const pcs = podContainersOf(ctx, containers);
  const inputs = timingByName(timing);
  const planned: PlannedContainer[] = [];
  let orderingActive = false;
  for (let i = 0; i < pcs.length; i++) {
    const pc = pcs[i] as PodContainer;
    const legacySidecar =
      isJob && pc.role === 'APP' ? legacySidecarOf(ctx, pc, containers[i]) : null;
    const dropped = !sidecarsHonoured && pc.role === 'INIT' && isSidecar(pc.container);
    const runsToCompletion =
      (pc.role === 'INIT' && !dropped) || (pc.role === 'APP' && isJob && legacySidecar === null);
    const assumptions = resolveContainerAssumptions(pc, timing, defaults, runsToCompletion, inputs);
    planned.push(planContainer(pc, assumptions, notes, dropped, legacySidecar));
    orderingActive ||= pc.role === 'SIDECAR';
  }
  const spec: PodSpec = { ...restartRulesSpec(w.spec, ctx.gates), restartPolicy };
  const plan: PodPlan = {
    ctx,
    isJob,
    restartPolicy,
    spec,
    specContainers: new SpecContainers(spec),
    grace,
    defaults,
    planned,
    sidecarsHonoured,
    orderingActive,
    notes,
    warnings: [],
  };
  versionEffects(plan);
  return plan;
}

/** Stage 2. */
export function startUp(plan: PodPlan): StartupStage {
  const log = new EventLog();
  const spans: Span[] = [];
  const probes: ProbeMarks[] = [];
  const sim = new StartupSimulation(
    plan.planned,
    {
      isJob: plan.isJob,
      restartPolicy: plan.restartPolicy,
      spec: plan.spec,
      specContainers: plan.specContainers,
      graceSeconds: plan.grace.seconds,
    },
    log,
    spans,
    probes,
    plan.warnings,
  );
  const result = sim.run();
  if (result.podInitializedAt !== null && result.podReadyAt === null && !plan.isJob) {
    plan.warnings.push({
      code: 'POD_NEVER_READY',
      container: null,
      message: 'The pod initialises but never becomes Ready with these assumptions.',
    });
  }
  if ((plan.spec.readinessGates ?? []).length > 0) {
    plan.notes.push(
      'readinessGates: Ready also waits for those conditions; the simulation assumes they are True as soon as the containers are ready',
    );
  }
  return { sim, result, log, spans, probes };
}

/** worstCase's containers (this call's own objects) with their times rounded, in place. */
function roundWorstCase(containers: WorstCaseContainer[]): WorstCaseContainer[] {
  for (const c of containers) {
    c.latestStartedAtSeconds = round(c.latestStartedAtSeconds);
    c.latestReadyAtSeconds = round(c.latestReadyAtSeconds);
  }
  return containers;
}

/** The texts without repeats, first occurrence first (a Set only for a long list). */
function distinct(texts: readonly string[]): string[] {
  if (texts.length > 16) {
    return [...new Set(texts)];
  }
  const out: string[] = [];
  for (const t of texts) {
    if (!out.includes(t)) {
      out.push(t);
    }
  }
  return out;
}

/** Fills the stretches the simulations leave open: containers running until `until`. */
function openSpans(
  containers: PlannedContainer[],
  st: StartupStage,
  untilFor: (c: PlannedContainer) => number,
): void {
  for (const c of containers) {
    const run = st.sim.runs.get(c.name);
    if (run === undefined || run.exitedAt !== null || run.crashLooping || c.role === 'INIT') {
      continue;
    }
    const from = run.readyAt ?? run.startedAt;
    const until = untilFor(c);
    if (from !== null && until > from) {
      st.spans.push({
        container: c.name,
        kind: run.readyAt !== null ? 'ready' : 'running',
        from,
        to: until,
        label:
          c.legacySidecar !== null ? 'keeps running' : run.readyAt !== null ? 'ready' : 'running',
      });
    }
  }
}

/** The sidecars start-up left running (not crash-looping on their startup probe). */
const startedSidecars = (plan: PodPlan, st: StartupStage): PlannedContainer[] =>
  plan.planned.filter(
    (c) =>
      c.role === 'SIDECAR' &&
      st.sim.runs.get(c.name) !== undefined &&
      st.sim.runs.get(c.name)?.crashLooping !== true,
  );

/** The container statuses at the end of a simulated run, for getPhase (the live view's phase). */
function statusesOf(
  plan: PodPlan,
  st: StartupStage,
  exitCodes: Map<string, number>,
): ContainerStatus[] {
  const out: ContainerStatus[] = [];
  for (const c of plan.planned) {
    const run = st.sim.runs.get(c.name);
    if (run === undefined) continue;
    const code = exitCodes.get(c.name) ?? (run.exitedAt !== null ? run.exitCode : null);
    out.push(
      code !== null && code !== undefined
        ? { name: c.name, state: { terminated: { exitCode: code } } }
        : { name: c.name, state: { running: {} }, started: run.startedAt !== null },
    );
  }
  return out;
}

/**
 * Stage 3: where start-up already ends the pod. A regular init container failed under Never
 * (d.4): the kubelet kills the pod, the sidecars already running stop in order. Or, outside a Job,
 * every app container is gone for good (killed for a failed startup probe and not restarted):
 * nothing is left to run (computePodActions: keepCount 0), the pod is killed and getPhase gives
 * the final phase from the exit codes.
 */
export function endAfterStartup(plan: PodPlan, st: StartupStage): EndStage {
  const r = st.result;
  const sidecars = startedSidecars(plan, st);
  const kill = (context: 'init-failure' | 'job-completion', at: number) =>
    killContainers(
      plan.spec,
      sidecars,
      { startAt: at, graceSeconds: plan.grace.seconds, context },
      st.log,
      st.spans,
      plan.warnings,
      plan.orderingActive,
    );
  if (r.failedAt !== null && r.blockedBy !== null) {
    const k = kill('init-failure', r.failedAt);
    st.log.add(
      k.endAt,
      null,
      'POD_TERMINATED',
      `phase Failed: init container ${r.blockedBy} failed under restartPolicy Never`,
    );
    const failedAt = r.failedAt;
    openSpans(sidecars, st, () => failedAt);
    return {
      initFailure: { at: r.failedAt, container: r.blockedBy },
      endedAt: k.endAt,
      phase: 'Failed',
    };
  }
  const apps = plan.planned.filter((c) => c.role === 'APP');
  const gone = apps.filter((c) => st.sim.runs.get(c.name)?.terminatedForGood === true);
  if (plan.isJob || apps.length === 0 || gone.length < apps.length) {
    return { initFailure: null, endedAt: null, phase: null };
  }
  const lastGone = gone.reduce((m, c) => Math.max(m, st.sim.runs.get(c.name)?.exitedAt ?? m), 0);
  const k = kill('job-completion', lastGone);
  openSpans(sidecars, st, () => lastGone);
  const phase = getPodPhase(plan.spec, statusesOf(plan, st, k.exitCode), true, true);
  st.log.add(
    k.endAt,
    null,
    'POD_TERMINATED',
    `phase ${phase}: no app container is left running or to be restarted${sidecars.length > 0 ? ', so the kubelet stopped the sidecars; their exit codes are ignored' : ''}`,
  );
  return { initFailure: null, endedAt: k.endAt, phase };
}

/** Stage 4: a Job's pod run to completion, with its stretches for the picture. */
export type JobStage = JobSimulation & { spans: Span[] };

function runJob(plan: PodPlan, st: StartupStage, end: EndStage): JobStage | null {
  if (!plan.isJob) {
    return null;
  }
  const spans: Span[] = [];
  const job = simulateJob(
    plan.planned,
    { ...st.result, endSeconds: end.endedAt ?? st.result.endSeconds },
    {
      spec: plan.spec,
      specContainers: plan.specContainers,
      restartPolicy: plan.restartPolicy,
      graceSeconds: plan.grace.seconds,
      orderingActive: plan.orderingActive,
      initFailure: end.initFailure,
    },
    spans,
    plan.warnings,
  );
  return { ...job, spans };
}

/**
 * Stage 5: deletion of the pod as start-up left it. Containers that are gone for good (a regular
 * init container that completed, a container killed for its startup probe and not restarted) are
 * not running: no preStop hook, no stop signal (killPodWithSyncResult kills only the running
 * containers of the pod).
 */
export function deletePod(plan: PodPlan, st: StartupStage, end: EndStage): TerminationStage {
  const log = new EventLog();
  const spans: Span[] = [];
  if (end.endedAt !== null) {
    plan.notes.push(
      end.initFailure !== null
        ? 'no termination timeline: the pod has already failed during initialisation'
        : `no termination timeline: the pod has already ended (phase ${end.phase ?? 'Failed'}) before any deletion`,
    );
    return { running: [], log, spans, completesAt: null };
  }
  const running = plan.planned.filter((c) => {
    const run = st.sim.runs.get(c.name);
    if (run === undefined || run.terminatedForGood) {
      return false;
    }
    return c.role !== 'INIT' || run.exitedAt === null;
  });
  const g = plan.grace;
  log.add(
    0,
    null,
    'TERMINATION_STARTED',
    `pod deleted; grace period ${g.seconds} s (${g.source === 'SPEC' ? 'spec.terminationGracePeriodSeconds' : g.source === 'DELETION_GRACE_PERIOD' ? 'metadata.deletionGracePeriodSeconds' : 'default'})`,
  );
  const kill = killContainers(
    plan.spec,
    running,
    { startAt: 0, graceSeconds: g.seconds, context: 'deletion' },
    log,
    spans,
    plan.warnings,
    plan.orderingActive,
  );
  log.add(
    kill.endAt,
    null,
    'POD_TERMINATED',
    kill.sigkilled.length > 0
      ? `SIGKILLed: ${kill.sigkilled.join(', ')}`
      : 'every container exited',
  );
  // Each container runs until its stop signal: a 'running' stretch before its first 'stopping'
  // one, put in front (the last container's first), read from one pass over the stretches.
  const firstStop = new Map<string, Span>();
  for (const s of spans) {
    if (s.kind === 'stopping' && !firstStop.has(s.container)) {
      firstStop.set(s.container, s);
    }
  }
  const before: Span[] = [];
  for (let i = running.length - 1; i >= 0; i--) {
    const name = (running[i] as PlannedContainer).name;
    const stop = firstStop.get(name);
    if (stop !== undefined && stop.from > 0) {
      before.push({ container: name, kind: 'running', from: 0, to: stop.from, label: 'running' });
    }
  }
  return {
    running,
    log,
    spans: before.length > 0 ? [...before, ...spans] : spans,
    completesAt: kill.endAt,
  };
}

/** Runs every stage once. */
export function simulateLifecycleStages(
  ctx: WorkloadContext,
  containers: readonly ClassifiedContainer[],
  timing?: TimingInput | null,
): LifecycleStages {
  const plan = planPod(ctx, containers, timing);
  const startup = startUp(plan);
  const end = endAfterStartup(plan, startup);
  const job = runJob(plan, startup, end);
  const termination = deletePod(plan, startup, end);
  return {
    plan,
    startup,
    end,
    job,
    termination,
    exits: job !== null ? [...startup.result.exits, ...job.exits] : startup.result.exits,
  };
}

/**
 * A Job's sidecars are stopped once the app containers finished: their later start-up events (a
 * readiness probe that would have passed) never happen. Returns the start-up picture cut there.
 */
function cutSidecarsAt(
  plan: PodPlan,
  st: StartupStage,
  killStartAt: number | null,
): { events: TimelineEvent[]; spans: Span[]; probes: ProbeMarks[] } {
  const events = st.log.sorted();
  if (killStartAt === null) {
    return { events, spans: st.spans, probes: st.probes };
  }
  const sidecars = new Set(plan.planned.filter((c) => c.role === 'SIDECAR').map((c) => c.name));
  const cut = (container: string | null, at: number): boolean =>
    container !== null && sidecars.has(container) && at >= killStartAt - 1e-9;
  return {
    events: events.filter((e) => !cut(e.container, e.atSeconds)),
    spans: st.spans
      .filter((s) => !cut(s.container, s.from))
      .map((s) => (cut(s.container, s.to) ? { ...s, to: killStartAt } : s)),
    probes: st.probes.map((p) =>
      sidecars.has(p.container)
        ? {
            ...p,
            times: p.times.filter((t) => t < killStartAt),
            successAt: p.successAt !== null && p.successAt >= killStartAt ? null : p.successAt,
          }
        : p,
    ),
  };
}

/**
 * What stage 6 draws from, taken from the other stages once the simulation has run. The report
 * keeps this until a picture is first read, and not the stages themselves: they hold the plan (the
 * workload, its spec and parsed document) and the simulation's state, which would otherwise stay
 * alive as long as the report (a report of many workloads then keeps every document's, and the
 * garbage collector copies it all: issue 12, cost per document).
 */
interface ChartInputs {
  /** "Deployment web", the start of both titles. */
  subject: string;
  isJob: boolean;
  graceSeconds: number;
  lanes: Lane[];
  /** Containers still running when the pod is deleted. */
  running: Set<string>;
  startupEnd: number;
  jobSpans: Span[];
  jobEvents: TimelineEvent[];
  terminationSpans: Span[];
  terminationEnd: number;
}

function chartInputs(s: LifecycleStages): ChartInputs {
  const { plan, startup: st, end, job, termination } = s;
  const w = plan.ctx.workload;
  const lanes: Lane[] = plan.planned.map((c) => ({
    container: c.name,
    role: c.role,
    label: `${c.name} (${c.droppedSidecar ? 'init, sidecar dropped' : c.legacySidecar !== null ? 'legacy sidecar' : c.role.toLowerCase()})`,
  }));
  const running = new Set<string>();
  for (const c of termination.running) running.add(c.name);
  return {
    subject: `${w.kind} ${w.name ?? '(unnamed)'}`,
    isJob: plan.isJob,
    graceSeconds: plan.grace.seconds,
    lanes,
    running,
    startupEnd: Math.max(st.result.endSeconds, job?.job.completesAtSeconds ?? 0, end.endedAt ?? 0),
    jobSpans: job?.spans ?? [],
    jobEvents: job?.job.events ?? [],
    terminationSpans: termination.spans,
    terminationEnd: termination.completesAt ?? 0,
  };
}

/** Stage 6: the two pictures (start-up with the Job's run, termination). */
function charts(
  c: ChartInputs,
  startupView: { events: TimelineEvent[]; spans: Span[]; probes: ProbeMarks[] },
  terminationEvents: TimelineEvent[],
): { startup: Chart; termination: Chart } {
  const chartEnd = c.startupEnd + Math.max(2, Math.ceil(c.startupEnd * 0.08));
  const termEnd = c.terminationEnd;
  return {
    startup: {
      title: `${c.subject}: start-up${c.isJob ? ' and run to completion' : ''} (seconds)`,
      lanes: c.lanes,
      spans: [...startupView.spans, ...c.jobSpans],
      probes: startupView.probes,
      events: [...startupView.events, ...c.jobEvents],
      endSeconds: chartEnd,
    },
    termination: {
      title: `${c.subject}: termination after deletion (seconds), grace ${c.graceSeconds} s`,
      lanes: c.lanes.filter((l) => c.running.has(l.container)),
      spans: c.terminationSpans,
      probes: [],
      events: terminationEvents,
      endSeconds: Math.max(termEnd + Math.max(1, Math.ceil(termEnd * 0.08)), c.graceSeconds + 2),
      marks: [{ atSeconds: c.graceSeconds, label: `grace period ends ${c.graceSeconds}s` }],
    },
  };
}

/**
 * Simulates the workload's pod: start-up from the spec and the timing assumptions, termination on
 * deletion, and for Jobs the run to completion. Pure: the same input gives the same report.
 */
export function simulateLifecycle(
  ctx: WorkloadContext,
  containers: readonly ClassifiedContainer[],
  timing?: TimingInput | null,
): LifecycleReport {
  const s = simulateLifecycleStages(ctx, containers, timing);
  const { plan, startup: st, end, job } = s;
  const w = ctx.workload;
  // The sidecars still running until the pictures' right edge (a Job's until they were stopped).
  if (end.endedAt === null) {
    const jobKillStart = job?.killStartAt ?? null;
    const startupEnd = Math.max(st.result.endSeconds, job?.job.completesAtSeconds ?? 0);
    const chartEnd = startupEnd + Math.max(2, Math.ceil(startupEnd * 0.08));
    openSpans(plan.planned, st, (c) =>
      c.role === 'SIDECAR' && jobKillStart !== null ? jobKillStart : chartEnd,
    );
  }
  const startupView = cutSidecarsAt(plan, st, job?.killStartAt ?? null);
  const terminationEvents = s.termination.log.sorted();
  const worst = worstCase(plan.planned, st.result, plan.isJob);
  if (st.result.podInitializedAt !== null) {
    plan.notes.push(
      't = 0 is when the kubelet starts the first container; image pulls and sandbox creation are not modelled',
    );
  }
  plan.notes.push(
    `probes are modelled at initialDelaySeconds, then every periodSeconds (the kubelet's real phase varies by up to one period)`,
  );
  const jobDone = job !== null ? round(job.job.completesAtSeconds) : null;
  // The charts are made, and the pictures drawn from them, only when read (pictures.ts): nothing
  // the charts read changes once the simulation has run. The deferred work holds only what the
  // charts read (chartInputs), not the stages.
  const chartData = chartInputs(s);
  return withLazyPictures(
    {
      startup: startupView.events,
      termination: terminationEvents,
      podInitializedAtSeconds: round(st.result.podInitializedAt),
      podReadyAtSeconds: round(st.result.podReadyAt),
      terminationCompletesAtSeconds: round(s.termination.completesAt),
      terminationGracePeriodSeconds: plan.grace.seconds,
      job: job !== null ? { ...job.job, completesAtSeconds: jobDone } : null,
      jobCompletesAtSeconds: jobDone,
      worstCase: {
        podInitializedAtSeconds: round(worst.podInitializedAtSeconds),
        podReadyAtSeconds: round(worst.podReadyAtSeconds),
        containers: roundWorstCase(worst.containers),
      },
      // Written out, not spread from plan.defaults (a spread plus fields is a slow object on V8);
      // the same keys in the same order.
      assumptions: {
        defaultStartSeconds: plan.defaults.defaultStartSeconds,
        defaultRunSeconds: plan.defaults.defaultRunSeconds,
        defaultShutdownSeconds: plan.defaults.defaultShutdownSeconds,
        terminationGracePeriodSeconds: plan.grace.seconds,
        terminationGracePeriodSource: plan.grace.source,
        containers: plan.planned.map((c) => c.assumptions),
      },
      warnings: plan.warnings,
      notes: distinct(plan.notes),
      sidecarsHonoured: plan.sidecarsHonoured,
      livePod:
        w.kind === 'Pod'
          ? readLivePod(w.spec, w.status, plan.sidecarsHonoured, {
              deletionTimestamp: w.objectMeta.deletionTimestamp,
              gates: ctx.gates,
            })
          : null,
    },
    () => charts(chartData, startupView, terminationEvents),
  );
}
