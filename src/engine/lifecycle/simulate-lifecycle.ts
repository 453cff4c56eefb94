// The lifecycle simulation of one workload: start-up, termination, Job completion, worst case,
// version effects, the live pod's view, and the pictures.

import { listContainers } from '../containers';
import { isSidecar } from '../k8s/types';
import type { WorkloadContext } from '../workload';
import { resolveContainerAssumptions, resolveDefaults } from './assumptions';
import { simulateJob } from './job';
import { classifyContainers } from '../advice/classify';
import { readLivePod } from './live-pod';
import { renderMermaid } from './mermaid';
import type { Chart, Lane, PlannedContainer, ProbeMarks, Span } from './plan';
import { EventLog, planContainer, roundSeconds } from './plan';
import { StartupSimulation, worstCase } from './startup';
import { renderSvg } from './svg';
import { killContainers } from './termination';
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from './termination-order';
import type { LifecycleAssumptions, LifecycleReport, LifecycleWarning, TimingInput } from './types';

const JOB_KINDS = new Set(['Job', 'CronJob']);

function gracePeriod(
  ctx: WorkloadContext,
  notes: string[],
): { seconds: number; source: LifecycleAssumptions['terminationGracePeriodSource'] } {
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

const round = (n: number | null): number | null => (n === null ? null : roundSeconds(n));

/** Fills the stretches the simulations leave open: containers running until `until`. */
function openSpans(
  containers: PlannedContainer[],
  sim: StartupSimulation,
  spans: Span[],
  untilFor: (c: PlannedContainer) => number,
): void {
  for (const c of containers) {
    const run = sim.runs.get(c.name);
    if (run === undefined || run.exitedAt !== null || run.crashLooping || c.role === 'INIT') {
      continue;
    }
    const from = run.readyAt ?? run.startedAt;
    const until = untilFor(c);
    if (from !== null && until > from) {
      spans.push({
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

/**
 * Simulates the workload's pod: start-up from the spec and the timing assumptions, termination on
 * deletion, and for Jobs the run to completion. Pure: the same input gives the same report.
 */
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

export function simulateLifecycle(
  ctx: WorkloadContext,
  timing?: TimingInput | null,
): LifecycleReport {
  const w = ctx.workload;
  const spec = w.spec;
  const sidecarsHonoured = ctx.gates.SidecarContainers;
  const notes: string[] = [];
  const warnings: LifecycleWarning[] = [];
  const isJob = JOB_KINDS.has(w.kind);
  let restartPolicy = spec.restartPolicy ?? 'Always';
  if (isJob && spec.restartPolicy === undefined) {
    restartPolicy = 'Never';
    notes.push('a Job pod needs restartPolicy Never or OnFailure; simulated with Never');
  }
  const grace = gracePeriod(ctx, notes);
  const defaults = resolveDefaults(timing);
  const pcs = listContainers(w, sidecarsHonoured);

  const planned: PlannedContainer[] = [];
  // One source of truth for "this app container is a long-running helper": the advisor's
  // classification (known images, name hints, only beside a real app container), so the timeline
  // and the findings never disagree about whether a Job completes.
  const classified = classifyContainers(ctx);
  const legacyCandidates = pcs.map((c, i) => {
    if (!isJob || c.role !== 'APP') return null;
    const k = classified[i];
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
  });
  pcs.forEach((pc, i) => {
    const legacy = legacyCandidates[i] ?? null;
    const dropped = !sidecarsHonoured && pc.role === 'INIT' && isSidecar(pc.container);
    const runsToCompletion =
      (pc.role === 'INIT' && !dropped) || (pc.role === 'APP' && isJob && legacy === null);
    const a = resolveContainerAssumptions(pc, timing, defaults, runsToCompletion);
    planned.push(planContainer(pc, a, notes, dropped, legacy));
  });

  // c.10: on 1.28 (gate off) restartPolicy is dropped from init containers.
  const dropped = planned.filter((c) => c.droppedSidecar);
  if (dropped.length > 0) {
    const first = dropped[0] as PlannedContainer;
    const withProbes = dropped.filter((c) => {
      const k = c.pc.container;
      return (
        k.lifecycle !== undefined ||
        k.startupProbe !== undefined ||
        k.readinessProbe !== undefined ||
        k.livenessProbe !== undefined
      );
    });
    for (const c of dropped) {
      warnings.push({
        code: 'SIDECAR_DROPPED_BY_VERSION',
        container: c.name,
        message: `Kubernetes ${ctx.version.text} drops restartPolicy: Always on init containers (SidecarContainers is off): ${c.name} becomes a regular init container that never exits.`,
      });
    }
    warnings.push({
      code: 'INITIALIZATION_HANGS',
      container: first.name,
      message: `On ${ctx.version.text} initialisation waits for ${first.name} to exit, which it never does: the pod never becomes Initialized and the app containers never start.${
        withProbes.length > 0
          ? ` As written, the API server also rejects the pod: ${withProbes.map((c) => c.name).join(', ')} keep${withProbes.length === 1 ? 's' : ''} probes or lifecycle hooks, which a regular init container may not have.`
          : ''
      }`,
    });
    notes.push(
      `simulated as Kubernetes ${ctx.version.text} runs it: native sidecars are not honoured`,
    );
  }

  // Start-up.
  const startupLog = new EventLog();
  const startupSpans: Span[] = [];
  const probes: ProbeMarks[] = [];
  const sim = new StartupSimulation(
    planned,
    { isJob, restartPolicy, graceSeconds: grace.seconds },
    startupLog,
    startupSpans,
    probes,
    warnings,
    notes,
  );
  const startup = sim.run();
  const orderingActive = planned.some((c) => c.role === 'SIDECAR');
  const startedSidecars = planned.filter(
    (c) =>
      c.role === 'SIDECAR' &&
      sim.runs.get(c.name) !== undefined &&
      sim.runs.get(c.name)?.crashLooping !== true,
  );

  let initFailure: { at: number; container: string } | null = null;
  let failedEnd: number | null = null;
  if (startup.failedAt !== null && startup.blockedBy !== null) {
    // d.4: under Never the kubelet kills the pod; the sidecars already running stop in order.
    initFailure = { at: startup.failedAt, container: startup.blockedBy };
    const kill = killContainers(
      spec,
      startedSidecars,
      { startAt: startup.failedAt, graceSeconds: grace.seconds, context: 'init-failure' },
      startupLog,
      startupSpans,
      warnings,
      orderingActive,
    );
    failedEnd = kill.endAt;
    startupLog.add(
      kill.endAt,
      null,
      'POD_TERMINATED',
      `phase Failed: init container ${startup.blockedBy} failed under restartPolicy Never`,
    );
    openSpans(startedSidecars, sim, startupSpans, () => startup.failedAt ?? 0);
  }
  if (startup.podInitializedAt !== null && startup.podReadyAt === null && !isJob) {
    warnings.push({
      code: 'POD_NEVER_READY',
      container: null,
      message: 'The pod initialises but never becomes Ready with these assumptions.',
    });
  }
  if ((spec.readinessGates ?? []).length > 0) {
    notes.push(
      'readinessGates: Ready also waits for those conditions; the simulation assumes they are True as soon as the containers are ready',
    );
  }

  // Job completion.
  const jobSpans: Span[] = [];
  const jobSim = isJob
    ? simulateJob(
        planned,
        { ...startup, endSeconds: failedEnd ?? startup.endSeconds },
        { spec, restartPolicy, graceSeconds: grace.seconds, orderingActive, initFailure },
        jobSpans,
        warnings,
      )
    : null;

  // Termination on deletion: every container running at steady state.
  const running =
    startup.failedAt !== null
      ? []
      : planned.filter((c) => {
          const run = sim.runs.get(c.name);
          if (run === undefined) {
            return false;
          }
          return c.role !== 'INIT' || run.exitedAt === null;
        });
  const termLog = new EventLog();
  const termSpans: Span[] = [];
  let terminationCompletes: number | null = null;
  if (startup.failedAt === null) {
    termLog.add(
      0,
      null,
      'TERMINATION_STARTED',
      `pod deleted; grace period ${grace.seconds} s (${grace.source === 'SPEC' ? 'spec.terminationGracePeriodSeconds' : grace.source === 'DELETION_GRACE_PERIOD' ? 'metadata.deletionGracePeriodSeconds' : 'default'})`,
    );
    const kill = killContainers(
      spec,
      running,
      { startAt: 0, graceSeconds: grace.seconds, context: 'deletion' },
      termLog,
      termSpans,
      warnings,
      orderingActive,
    );
    termLog.add(
      kill.endAt,
      null,
      'POD_TERMINATED',
      kill.sigkilled.length > 0
        ? `SIGKILLed: ${kill.sigkilled.join(', ')}`
        : 'every container exited',
    );
    terminationCompletes = kill.endAt;
    for (const c of running) {
      const stop = termSpans.find((s) => s.container === c.name && s.kind === 'stopping');
      if (stop !== undefined && stop.from > 0) {
        termSpans.unshift({
          container: c.name,
          kind: 'running',
          from: 0,
          to: stop.from,
          label: 'running',
        });
      }
    }
  } else {
    notes.push('no termination timeline: the pod has already failed during initialisation');
  }

  // Pictures.
  const startupEnd = Math.max(
    startup.endSeconds,
    jobSim?.job.completesAtSeconds ?? 0,
    failedEnd ?? 0,
  );
  const chartEnd = startupEnd + Math.max(2, Math.ceil(startupEnd * 0.08));
  const jobKillStart = jobSim?.killStartAt ?? null;
  if (startup.failedAt === null) {
    openSpans(planned, sim, startupSpans, (c) =>
      c.role === 'SIDECAR' && jobKillStart !== null ? jobKillStart : chartEnd,
    );
  }
  const lanes: Lane[] = planned.map((c) => ({
    container: c.name,
    role: c.role,
    label: `${c.name} (${c.droppedSidecar ? 'init, sidecar dropped' : c.legacySidecar !== null ? 'legacy sidecar' : c.role.toLowerCase()})`,
  }));
  // A Job's sidecars are stopped once the app containers finished: their later start-up events
  // (a readiness probe that would have passed) never happen.
  const sidecarNames = new Set(planned.filter((c) => c.role === 'SIDECAR').map((c) => c.name));
  const cut = (container: string | null, at: number): boolean =>
    jobKillStart !== null &&
    container !== null &&
    sidecarNames.has(container) &&
    at >= jobKillStart - 1e-9;
  const startupEvents = startupLog.sorted().filter((e) => !cut(e.container, e.atSeconds));
  for (let i = startupSpans.length - 1; i >= 0; i--) {
    const s = startupSpans[i] as Span;
    if (cut(s.container, s.from)) {
      startupSpans.splice(i, 1);
    } else if (cut(s.container, s.to)) {
      s.to = jobKillStart ?? s.to;
    }
  }
  for (let i = probes.length - 1; i >= 0; i--) {
    const p = probes[i] as ProbeMarks;
    if (jobKillStart !== null && sidecarNames.has(p.container)) {
      p.times = p.times.filter((t) => t < jobKillStart);
      if (p.successAt !== null && p.successAt >= jobKillStart) {
        p.successAt = null;
      }
    }
  }
  const jobEvents = jobSim?.job.events ?? [];
  const startupChart: Chart = {
    title: `${w.kind} ${w.name ?? '(unnamed)'}: start-up${isJob ? ' and run to completion' : ''} (seconds)`,
    lanes,
    spans: [...startupSpans, ...jobSpans],
    probes,
    events: [...startupEvents, ...jobEvents],
    endSeconds: chartEnd,
  };
  const termEnd = terminationCompletes ?? 0;
  const terminationChart: Chart = {
    title: `${w.kind} ${w.name ?? '(unnamed)'}: termination after deletion (seconds), grace ${grace.seconds} s`,
    lanes: lanes.filter((l) => running.some((c) => c.name === l.container)),
    spans: termSpans,
    probes: [],
    events: termLog.sorted(),
    endSeconds: Math.max(termEnd + Math.max(1, Math.ceil(termEnd * 0.08)), grace.seconds + 2),
    marks: [{ atSeconds: grace.seconds, label: `grace period ends ${grace.seconds}s` }],
  };

  const worst = worstCase(planned, startup, isJob);
  const assumptions: LifecycleAssumptions = {
    ...defaults,
    terminationGracePeriodSeconds: grace.seconds,
    terminationGracePeriodSource: grace.source,
    containers: planned.map((c) => c.a),
  };
  if (startup.podInitializedAt !== null) {
    notes.push(
      't = 0 is when the kubelet starts the first container; image pulls and sandbox creation are not modelled',
    );
  }
  notes.push(
    `probes are modelled at initialDelaySeconds, then every periodSeconds (the kubelet's real phase varies by up to one period)`,
  );

  return {
    startup: startupEvents,
    termination: terminationChart.events,
    podInitializedAtSeconds: round(startup.podInitializedAt),
    podReadyAtSeconds: round(startup.podReadyAt),
    terminationCompletesAtSeconds: round(terminationCompletes),
    terminationGracePeriodSeconds: grace.seconds,
    job: jobSim?.job
      ? { ...jobSim.job, completesAtSeconds: round(jobSim.job.completesAtSeconds) }
      : null,
    jobCompletesAtSeconds: jobSim ? round(jobSim.job.completesAtSeconds) : null,
    worstCase: {
      podInitializedAtSeconds: round(worst.podInitializedAtSeconds),
      podReadyAtSeconds: round(worst.podReadyAtSeconds),
      containers: worst.containers.map((c) => ({
        ...c,
        latestStartedAtSeconds: round(c.latestStartedAtSeconds),
        latestReadyAtSeconds: round(c.latestReadyAtSeconds),
      })),
    },
    assumptions,
    warnings,
    notes: [...new Set(notes)],
    sidecarsHonoured,
    livePod: w.kind === 'Pod' ? readLivePod(spec, w.status, sidecarsHonoured) : null,
    mermaid: renderMermaid(startupChart),
    mermaidTermination: renderMermaid(terminationChart),
    svg: renderSvg([startupChart, terminationChart]),
  };
}
