// The pattern advisor: per container and per workload, whether the multi-container pattern it
// uses pays off here, with reasons tied to the criteria of the pattern catalogue and to this
// workload's own numbers (its share of requests, the start-up time it adds).
import type { LifecycleReport } from '../lifecycle';
import type { PatternKind } from '../report';
import {
  amountNanos,
  containerResourcesAt,
  readDefaultedPodResources,
  type PodResources,
  type ResourceReport,
} from '../resources';
import type { WorkloadContext } from '../workload';
import type { ClassifiedContainer } from '../classification';
import type { InjectedSidecar } from '../classification';
import { imageRepository } from '../classification';
import type { HelperKind } from '../classification';

export type RecommendationVerdict = 'ADOPT' | 'RECONSIDER' | 'KEEP';

/** Whether a multi-container pattern is the right tool here, and why. */
export interface Recommendation {
  /** The multi-container pattern the recommendation is about. */
  pattern: PatternKind;
  /**
   * ADOPT: the pattern fits here; RECONSIDER: it costs more than it gives here; KEEP: fine as is.
   */
  verdict: RecommendationVerdict;
  /** The container it is about; null for the workload as a whole. */
  container: string | null;
  /**
   * The reasons, each tied to a criterion: cross-cutting concern, no code change possible,
   * independent updates, resource efficiency first, latency-critical, simpler alternative exists,
   * troubleshooting cost.
   */
  reasons: string[];
}

/** What the stages before the advice computed for the workload (analyze.ts), each once. */
export interface AdviceInputs {
  /** classifyContainers(ctx). */
  containers: ClassifiedContainer[];
  /** detectInjectedSidecars(ctx). */
  injectedSidecars: InjectedSidecar[];
  resources: ResourceReport;
  lifecycle: LifecycleReport;
}

// A simpler design than one helper per replica, by helper kind.
const SIMPLER_ALTERNATIVE: Partial<Record<HelperKind, string>> = {
  'log-shipper':
    "a node-level log agent (one DaemonSet per node) ships every pod's stdout with one process per node instead of one per replica",
  'telemetry-collector':
    'a collector DaemonSet or gateway receives telemetry from every pod without one collector per replica',
  'metrics-adapter':
    'an exporter library in the app, or a cluster-level collector, exposes the metrics without a per-replica adapter',
  'config-reloader':
    "the app's own reload endpoint or a rolling restart on config change avoids a long-running watcher",
  'db-proxy':
    'the Cloud SQL language connectors (Go, Java, Python, Node) give the same IAM authentication and TLS in-process',
  'secrets-agent':
    "the Secrets Store CSI driver or a plain Secret volume, when the values do not change during the pod's life",
  'mesh-proxy':
    'ambient (sidecar-less) mesh modes move the proxy to the node and remove the per-pod proxy',
};

const CROSS_CUTTING: Partial<Record<HelperKind, string>> = {
  'mesh-proxy': 'mTLS, retries and telemetry for every service, whatever its language',
  'log-shipper': 'log collection',
  'telemetry-collector': 'telemetry collection',
  'secrets-agent': 'secret delivery and renewal',
  'auth-proxy': 'authentication in front of the app',
  'db-proxy': 'IAM-authenticated, encrypted database connections',
  'app-runtime': 'service invocation, pub/sub and state APIs',
  'metrics-adapter': 'metrics translation for the monitoring backend',
  'config-reloader': 'configuration reloads',
};

/** A container's request in 1e-9 units, exact, after API defaulting (limits fill missing requests). */
function requestOf(pod: PodResources, c: ClassifiedContainer, r: 'cpu' | 'memory'): bigint {
  return containerResourcesAt(pod, c.role, c.index)?.requests.get(r)?.nanos ?? 0n;
}

/**
 * Share (0..100, rounded half up from exact sums) of the running pod's requests taken by these
 * containers, per cpu/memory; null for a resource the other running containers do not request
 * (a share of nothing says nothing).
 */
function runningShare(
  pod: PodResources,
  all: ClassifiedContainer[],
  these: ClassifiedContainer[],
): { cpu: number | null; memory: number | null } {
  const running = runningTotals(pod, all);
  const share = (r: 'cpu' | 'memory'): number | null => {
    let mine = 0n;
    let mineRunning = 0n;
    for (const c of these) {
      const v = requestOf(pod, c, r);
      mine += v;
      if (running.members.has(c)) mineRunning += v;
    }
    // The running containers other than these (each counted once, as a filter over them would).
    const others =
      running[r] - (these.length > 1 ? distinctRunning(these, running, pod, r) : mineRunning);
    const total = mine + others;
    // Nothing requested at all: there is no share to speak of.
    if (total <= 0n || mine < 0n || others < 0n) return null;
    return Number((mine * 200n + total) / (2n * total));
  };
  return { cpu: share('cpu'), memory: share('memory') };
}

interface RunningTotals {
  members: Set<ClassifiedContainer>;
  cpu: bigint;
  memory: bigint;
}

const RUNNING_TOTALS = new WeakMap<
  ClassifiedContainer[],
  { pod: PodResources; totals: RunningTotals }
>();

/** The requests of the running (non-init) containers, summed once per workload. */
function runningTotals(pod: PodResources, all: ClassifiedContainer[]): RunningTotals {
  const known = RUNNING_TOTALS.get(all);
  if (known && known.pod === pod) return known.totals;
  const members = new Set(all.filter((c) => c.role !== 'INIT'));
  const totals: RunningTotals = { members, cpu: 0n, memory: 0n };
  for (const c of members) {
    totals.cpu += requestOf(pod, c, 'cpu');
    totals.memory += requestOf(pod, c, 'memory');
  }
  RUNNING_TOTALS.set(all, { pod, totals });
  return totals;
}

/** The requests of the running containers among `these`, each counted once. */
function distinctRunning(
  these: ClassifiedContainer[],
  running: RunningTotals,
  pod: PodResources,
  r: 'cpu' | 'memory',
): bigint {
  let sum = 0n;
  for (const c of new Set(these)) if (running.members.has(c)) sum += requestOf(pod, c, r);
  return sum;
}

const NANO = 1_000_000_000n;
/** An idle init reserve this large (a quarter core, 256Mi; 1e-9 units) is worth a redesign. */
const BIG_IDLE = { cpu: NANO / 4n, memory: 256n * 2n ** 20n * NANO };

const idleNanos = (b: ResourceReport['requestBreakdown'][number]): bigint =>
  b.idleWhileRunning === null ? 0n : amountNanos(b.idleWhileRunning);

/** Seconds between a container's start and the start of the next container, in the simulated start-up. */
function gatingSeconds(
  lifecycle: LifecycleReport,
  all: ClassifiedContainer[],
  c: ClassifiedContainer,
): number | null {
  const starts = startTimes(lifecycle);
  const own = starts.get(c.name) ?? null;
  let next: number | null = null;
  for (let i = all.indexOf(c) + 1; i < all.length && next === null; i++) {
    next = starts.get(all[i]!.name) ?? null;
  }
  if (own === null || next === null) return null;
  return Math.max(0, Math.round((next - own) * 10) / 10);
}

const START_TIMES = new WeakMap<LifecycleReport, Map<string, number>>();

/** Each container's first start in the simulated start-up, read once per report. */
function startTimes(lifecycle: LifecycleReport): Map<string, number> {
  let starts = START_TIMES.get(lifecycle);
  if (!starts) {
    starts = new Map();
    for (const e of lifecycle.startup) {
      if (e.type === 'CONTAINER_STARTED' && e.container !== null && !starts.has(e.container)) {
        starts.set(e.container, e.atSeconds);
      }
    }
    START_TIMES.set(lifecycle, starts);
  }
  return starts;
}

function shareText(s: { cpu: number | null; memory: number | null }): string | null {
  const parts = [
    s.cpu !== null ? `${s.cpu}% of the cpu` : null,
    s.memory !== null ? `${s.memory}% of the memory` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(' and ') : null;
}

function adviseContainer(
  ctx: WorkloadContext,
  pod: PodResources,
  all: ClassifiedContainer[],
  c: ClassifiedContainer,
  analyses: AdviceInputs,
): Recommendation | null {
  if (!c.pattern) return null;
  const reasons: string[] = [];
  const kind = c.helper?.kind;
  const apps = all.filter((o) => o.role === 'APP' && !o.legacySidecar);
  const replicas = ctx.workload.replicas;

  if (c.role === 'INIT') {
    let verdict: RecommendationVerdict = 'KEEP';
    if (c.helper && !c.helper.runsToCompletion) {
      verdict = 'RECONSIDER';
      reasons.push(
        `Ordering: ${c.name} is a long-running ${kind ?? 'helper'}; as an init container it never exits and blocks the pod. Make it a native sidecar.`,
      );
    } else {
      reasons.push(
        `Ordering: ${c.name} runs to completion before the app starts, which is what init containers are for.`,
      );
    }
    if (kind === 'mesh-init') {
      reasons.push(
        "Simpler alternative: the mesh's CNI plugin sets up the traffic redirect without a privileged init container.",
      );
    }
    const idle = analyses.resources.requestBreakdown.find(
      (b) =>
        b.dominantPhase === 'INIT' &&
        b.dominantInitContainer === c.name &&
        (b.resource === 'cpu' || b.resource === 'memory') &&
        // at least half of the pod's request sits idle once the app runs
        idleNanos(b) * 2n >= amountNanos(b.effective),
    );
    if (idle) {
      // A small idle reserve is worth a mention, not a redesign.
      if (idleNanos(idle) >= BIG_IDLE[idle.resource === 'cpu' ? 'cpu' : 'memory']) {
        verdict = 'RECONSIDER';
      }
      reasons.push(`Resource efficiency first: ${idle.explanation}`);
    }
    const wait = /until\b[\s\S]*\bsleep\b/.test(
      [...(c.container.command ?? []), ...(c.container.args ?? [])].join(' '),
    );
    if (wait) {
      reasons.push(
        "Troubleshooting cost: a wait-for-dependency loop delays every start and hides the dependency's outage; retries in the app are often simpler.",
      );
    }
    return { pattern: 'INIT', verdict, container: c.name, reasons };
  }

  // Helpers: native sidecars and legacy sidecars.
  const isHelper = c.role === 'SIDECAR' || c.legacySidecar;
  if (!isHelper) {
    reasons.push(
      `Independent updates: ${c.name} is part of the application itself (image ${imageRepository(c.container.image) || 'unknown'}), started and stopped with it; it is not a helper to move.`,
    );
    return { pattern: c.pattern, verdict: 'KEEP', container: c.name, reasons };
  }

  if (kind && CROSS_CUTTING[kind]) {
    reasons.push(
      `Cross-cutting concern: ${c.name} provides ${CROSS_CUTTING[kind]}, without code in the app.`,
    );
  } else {
    reasons.push(
      `Extend without code changes: ${c.name} adds a capability to ${apps.map((a) => a.name).join(', ') || 'the app'} from a separate container.`,
    );
  }
  if (kind === 'mesh-proxy' || kind === 'db-proxy') {
    reasons.push(
      'Legacy app needing modern networking: the proxy gives the app encrypted, authenticated connections it does not implement itself.',
    );
  }
  const ownRepo = imageRepository(c.container.image);
  if (ownRepo && apps.every((a) => imageRepository(a.container.image) !== ownRepo)) {
    reasons.push(
      `Independent updates: ${ownRepo} is released and rolled out separately from the app's image.`,
    );
  }

  const share = runningShare(pod, all, [c]);
  const text = shareText(share);
  const requestsSomething = requestOf(pod, c, 'cpu') > 0n || requestOf(pod, c, 'memory') > 0n;
  const appsRequest = apps.some(
    (a) => requestOf(pod, a, 'cpu') > 0n || requestOf(pod, a, 'memory') > 0n,
  );
  let costly = false;
  if (requestsSomething && text && appsRequest) {
    reasons.push(
      `Resource efficiency first: ${c.name} takes ${text} requested by the running pod, on each of the ${replicas} replica(s).`,
    );
    costly = (share.cpu ?? 0) >= 30 || (share.memory ?? 0) >= 30;
  } else if (requestsSomething) {
    reasons.push(
      `Resource efficiency first: the app containers request no cpu or memory, so ${c.name}'s requests cannot be weighed against the app's; on each of the ${replicas} replica(s) the helpers are the only reservation (${text ?? 'all of it'}).`,
    );
  } else {
    reasons.push(
      `Resource efficiency first: ${c.name} requests nothing, so its real cost on each of the ${replicas} replica(s) is invisible to the scheduler and to autoscalers.`,
    );
  }
  if (c.helper?.servesInbound) {
    reasons.push(
      'Latency-critical path: every inbound request crosses this proxy, one more hop in each direction.',
    );
  }
  const gate = c.role === 'SIDECAR' ? gatingSeconds(analyses.lifecycle, all, c) : null;
  if (gate !== null && gate > 0) {
    reasons.push(
      `Start-up latency: the simulated start-up waits ${gate}s for ${c.name} before the next container starts.`,
    );
  }
  const alternative = kind ? SIMPLER_ALTERNATIVE[kind] : undefined;
  if (alternative) reasons.push(`Simpler alternative exists: ${alternative}.`);
  reasons.push(
    `Troubleshooting cost: one more container to read logs from (kubectl logs -c ${c.name}) and to restart; some tools still miscount native sidecars.`,
  );

  let verdict: RecommendationVerdict;
  if (c.legacySidecar) {
    // The pattern fits; its legacy form does not: start-up races, Jobs that never end, log loss.
    verdict = costly && alternative ? 'RECONSIDER' : 'ADOPT';
    reasons.unshift(
      ctx.gates.SidecarContainers
        ? `Native sidecar: ${c.name} runs in spec.containers; declared in initContainers with restartPolicy: Always it would start before the app and stop after it.`
        : `Native sidecar: on Kubernetes ${ctx.version.text} native sidecars are not available by default; ${c.name} stays a regular container until the cluster is upgraded.`,
    );
  } else {
    verdict = costly && alternative ? 'RECONSIDER' : 'KEEP';
  }
  return { pattern: c.pattern, verdict, container: c.name, reasons };
}

const VERDICT_RANK: Record<RecommendationVerdict, number> = { RECONSIDER: 0, ADOPT: 1, KEEP: 2 };

/**
 * One recommendation per container that serves a pattern, and one for the workload as a whole
 * when it has helpers or will get injected ones.
 */
export function recommendPatterns(ctx: WorkloadContext, inputs: AdviceInputs): Recommendation[] {
  const { containers: classified, injectedSidecars: injected, lifecycle } = inputs;
  const pod = readDefaultedPodResources(ctx.workload.spec, ctx.gates.SidecarContainers);
  const perContainer = classified
    .map((c) => adviseContainer(ctx, pod, classified, c, inputs))
    .filter((r): r is Recommendation => r !== null);
  const helpers = classified.filter((c) => c.role === 'SIDECAR' || c.legacySidecar);
  if (helpers.length === 0 && injected.length === 0) return perContainer;

  const reasons: string[] = [];
  const share = shareText(runningShare(pod, classified, helpers));
  if (helpers.length > 0) {
    reasons.push(
      share === null
        ? `Resource efficiency first: neither the helper container(s) (${helpers.map((h) => h.name).join(', ')}) nor the app request cpu or memory, so the scheduler reserves nothing for them.`
        : `Resource efficiency first: ${helpers.length} helper container(s) (${helpers.map((h) => h.name).join(', ')}) take ${share} of the running pod's requests.`,
    );
  }
  const ready = lifecycle.podReadyAtSeconds;
  const firstStart = Math.min(
    ...lifecycle.startup.filter((e) => e.type === 'CONTAINER_STARTED').map((e) => e.atSeconds),
  );
  const appStartedAt = lifecycle.startup.find(
    (e) =>
      e.type === 'CONTAINER_STARTED' &&
      classified.some((c) => c.name === e.container && c.role === 'APP' && !c.legacySidecar),
  )?.atSeconds;
  const appStart =
    appStartedAt === undefined ? 0 : Math.round((appStartedAt - firstStart) * 10) / 10;
  if (appStart > 0) {
    reasons.push(
      `Start-up latency: the app starts ${appStart}s after the pod's first container${ready !== null ? `, the pod is Ready at ${ready}s` : ''} in the simulated timeline.`,
    );
  }
  const legacy = helpers.filter((h) => h.legacySidecar);
  if (legacy.length > 0 && ctx.gates.SidecarContainers) {
    reasons.push(
      `Native sidecar: ${legacy.map((h) => h.name).join(', ')} should be native sidecars to start before and stop after the app.`,
    );
  }
  for (const s of injected) {
    reasons.push(
      `Cross-cutting concern: ${s.injector} will inject ${s.container} at admission; its cost and start-up are not in this manifest.`,
    );
  }
  const verdict = perContainer
    .filter((r) => r.container !== null && helpers.some((h) => h.name === r.container))
    .reduce<RecommendationVerdict>(
      (v, r) => (VERDICT_RANK[r.verdict] < VERDICT_RANK[v] ? r.verdict : v),
      legacy.length > 0 ? 'ADOPT' : 'KEEP',
    );
  const pattern = helpers[0]?.pattern ?? 'SIDECAR';
  return [...perContainer, { pattern, verdict, container: null, reasons }];
}
