// The pattern advisor: per container and per workload, whether the multi-container pattern it
// uses pays off here, with reasons tied to the criteria of the pattern catalogue and to this
// workload's own numbers (its share of requests, the start-up time it adds).
import type { LifecycleReport } from '../lifecycle';
import type { PatternKind } from '../report';
import {
  amountNanos,
  containerResourcesAt,
  defaultedPodOf,
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

/** Requests in 1e-9 units, per resource the advice weighs. */
interface Requests {
  cpu: bigint;
  memory: bigint;
}

/** The requests of the running (non-init) containers, summed once per workload. */
function runningTotals(pod: PodResources, all: readonly ClassifiedContainer[]): Requests {
  const totals: Requests = { cpu: 0n, memory: 0n };
  for (const c of all) {
    if (c.role === 'INIT') continue;
    totals.cpu += requestOf(pod, c, 'cpu');
    totals.memory += requestOf(pod, c, 'memory');
  }
  return totals;
}

interface Share {
  cpu: number | null;
  memory: number | null;
}

/**
 * Share (0..100, rounded half up from exact sums) of `mine` in mine + others; null when nothing is
 * requested at all (a share of nothing says nothing).
 */
function shareOf(mine: bigint, others: bigint): number | null {
  const total = mine + others;
  if (total <= 0n || mine < 0n || others < 0n) return null;
  return Number((mine * 200n + total) / (2n * total));
}

/**
 * Share of the running pod's requests taken by these (distinct) containers, per cpu/memory: their
 * requests against those of the other running containers (the running totals less theirs).
 */
function runningShare(
  pod: PodResources,
  running: Requests,
  these: readonly ClassifiedContainer[],
): Share {
  const mine: Requests = { cpu: 0n, memory: 0n };
  const mineRunning: Requests = { cpu: 0n, memory: 0n };
  for (const c of these) {
    const cpu = requestOf(pod, c, 'cpu');
    const memory = requestOf(pod, c, 'memory');
    mine.cpu += cpu;
    mine.memory += memory;
    if (c.role !== 'INIT') {
      mineRunning.cpu += cpu;
      mineRunning.memory += memory;
    }
  }
  return {
    cpu: shareOf(mine.cpu, running.cpu - mineRunning.cpu),
    memory: shareOf(mine.memory, running.memory - mineRunning.memory),
  };
}

const NANO = 1_000_000_000n;
/** An idle init reserve this large (a quarter core, 256Mi; 1e-9 units) is worth a redesign. */
const BIG_IDLE = { cpu: NANO / 4n, memory: 256n * 2n ** 20n * NANO };

const idleNanos = (b: ResourceReport['requestBreakdown'][number]): bigint =>
  b.idleWhileRunning === null ? 0n : amountNanos(b.idleWhileRunning);

/**
 * What the advice of every container reads about the whole workload, gathered once per workload
 * and each only when first asked for: a scan of all containers per container made the advice
 * quadratic in containers.
 */
class WorkloadFacts {
  /** The workload's own processes: app containers that are not legacy sidecars. */
  readonly apps: ClassifiedContainer[] = [];
  private appNamesText: string | undefined;
  private appRepos: Set<string> | undefined;
  private appsRequestAny: boolean | undefined;
  private runningTotals: Requests | undefined;
  private nextStarts: (number | null)[] | undefined;
  private starts: Map<string, number> | undefined;

  constructor(
    readonly pod: PodResources,
    readonly all: readonly ClassifiedContainer[],
    private readonly lifecycle: LifecycleReport,
  ) {
    for (const c of all) if (c.role === 'APP' && !c.legacySidecar) this.apps.push(c);
  }

  /** The apps' names, comma separated, or "the app" when there is none. */
  appNames(): string {
    this.appNamesText ??= this.apps.map((a) => a.name).join(', ') || 'the app';
    return this.appNamesText;
  }

  /** Whether one of the apps' images comes from this repository. */
  appUsesRepository(repository: string): boolean {
    this.appRepos ??= new Set(this.apps.map((a) => imageRepository(a.container.image)));
    return this.appRepos.has(repository);
  }

  /** Whether an app requests any cpu or memory. */
  appsRequest(): boolean {
    this.appsRequestAny ??= this.apps.some(
      (a) => requestOf(this.pod, a, 'cpu') > 0n || requestOf(this.pod, a, 'memory') > 0n,
    );
    return this.appsRequestAny;
  }

  /** The requests of the running (non-init) containers. */
  running(): Requests {
    this.runningTotals ??= runningTotals(this.pod, this.all);
    return this.runningTotals;
  }

  /** Each container's first start in the simulated start-up, by name. */
  startTimes(): Map<string, number> {
    if (!this.starts) {
      this.starts = new Map();
      for (const e of this.lifecycle.startup) {
        if (
          e.type === 'CONTAINER_STARTED' &&
          e.container !== null &&
          !this.starts.has(e.container)
        ) {
          this.starts.set(e.container, e.atSeconds);
        }
      }
    }
    return this.starts;
  }

  /**
   * Seconds between the start of the container at `at` (in start order) and the start of the next
   * container that starts, in the simulated start-up; null when either never starts.
   */
  gatingSeconds(at: number): number | null {
    const starts = this.startTimes();
    if (!this.nextStarts) {
      // The first start after each position, read once from the end.
      this.nextStarts = new Array<number | null>(this.all.length);
      let next: number | null = null;
      for (let i = this.all.length - 1; i >= 0; i--) {
        this.nextStarts[i] = next;
        next = starts.get(this.all[i]!.name) ?? next;
      }
    }
    const own = starts.get(this.all[at]!.name) ?? null;
    const next = this.nextStarts[at] ?? null;
    if (own === null || next === null) return null;
    return Math.max(0, Math.round((next - own) * 10) / 10);
  }
}

function shareText(s: Share): string | null {
  if (s.cpu !== null && s.memory !== null) {
    return `${s.cpu}% of the cpu and ${s.memory}% of the memory`;
  }
  if (s.cpu !== null) return `${s.cpu}% of the cpu`;
  if (s.memory !== null) return `${s.memory}% of the memory`;
  return null;
}

/** The recommendation for the container at `at` (in start order), when it serves a pattern. */
function adviseContainer(
  ctx: WorkloadContext,
  facts: WorkloadFacts,
  at: number,
  analyses: AdviceInputs,
): Recommendation | null {
  const c = facts.all[at]!;
  if (!c.pattern) return null;
  const reasons: string[] = [];
  const kind = c.helper?.kind;
  const pod = facts.pod;
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
    const words = [...(c.container.command ?? []), ...(c.container.args ?? [])];
    const wait = words.length > 0 && /until\b[\s\S]*\bsleep\b/.test(words.join(' '));
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
      `Extend without code changes: ${c.name} adds a capability to ${facts.appNames()} from a separate container.`,
    );
  }
  if (kind === 'mesh-proxy' || kind === 'db-proxy') {
    reasons.push(
      'Legacy app needing modern networking: the proxy gives the app encrypted, authenticated connections it does not implement itself.',
    );
  }
  const ownRepo = imageRepository(c.container.image);
  if (ownRepo && !facts.appUsesRepository(ownRepo)) {
    reasons.push(
      `Independent updates: ${ownRepo} is released and rolled out separately from the app's image.`,
    );
  }

  const share = runningShare(pod, facts.running(), [c]);
  const text = shareText(share);
  const requestsSomething = requestOf(pod, c, 'cpu') > 0n || requestOf(pod, c, 'memory') > 0n;
  let costly = false;
  if (requestsSomething && text && facts.appsRequest()) {
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
  const gate = c.role === 'SIDECAR' ? facts.gatingSeconds(at) : null;
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
  const pod = defaultedPodOf(ctx).pod;
  const facts = new WorkloadFacts(pod, classified, lifecycle);
  const perContainer: Recommendation[] = [];
  const helpers: ClassifiedContainer[] = [];
  for (let i = 0; i < classified.length; i++) {
    const advice = adviseContainer(ctx, facts, i, inputs);
    if (advice !== null) perContainer.push(advice);
    const c = classified[i]!;
    if (c.role === 'SIDECAR' || c.legacySidecar) helpers.push(c);
  }
  if (helpers.length === 0 && injected.length === 0) return perContainer;

  const reasons: string[] = [];
  if (helpers.length > 0) {
    const share = shareText(runningShare(pod, facts.running(), helpers));
    const names = helpers.map((h) => h.name).join(', ');
    reasons.push(
      share === null
        ? `Resource efficiency first: neither the helper container(s) (${names}) nor the app request cpu or memory, so the scheduler reserves nothing for them.`
        : `Resource efficiency first: ${helpers.length} helper container(s) (${names}) take ${share} of the running pod's requests.`,
    );
  }
  const ready = lifecycle.podReadyAtSeconds;
  // The pod's first container start, and the first start of one of the apps, in one pass.
  const appNames = new Set(facts.apps.map((a) => a.name));
  let firstStart = Infinity;
  let appStartedAt: number | undefined;
  for (const e of lifecycle.startup) {
    if (e.type !== 'CONTAINER_STARTED') continue;
    firstStart = Math.min(firstStart, e.atSeconds);
    if (appStartedAt === undefined && e.container !== null && appNames.has(e.container)) {
      appStartedAt = e.atSeconds;
    }
  }
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
  // The workload's verdict: the most pressing verdict of its helpers' own recommendations.
  const helperNames = new Set(helpers.map((h) => h.name));
  let verdict: RecommendationVerdict = legacy.length > 0 ? 'ADOPT' : 'KEEP';
  for (const r of perContainer) {
    if (r.container !== null && helperNames.has(r.container)) {
      if (VERDICT_RANK[r.verdict] < VERDICT_RANK[verdict]) verdict = r.verdict;
    }
  }
  const pattern = helpers[0]?.pattern ?? 'SIDECAR';
  perContainer.push({ pattern, verdict, container: null, reasons });
  return perContainer;
}
