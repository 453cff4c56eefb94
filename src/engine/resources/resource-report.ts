// The resource section of a workload report (the GraphQL ResourceReport): the
// effective requests/limits Kubernetes computes for a pod of the workload, after API defaulting,
// with where each number comes from. Resource lists are ordered cpu, memory, then by name.
import { enabledFromText } from '../k8s/features';
import type { ReplicaBasis, WorkloadContext } from '../workload';
import {
  compareQuantities,
  fromNanos,
  multiplyQuantity,
  subtractQuantities,
  type Quantity,
} from '../quantity';
import { defaultedPodOf, type DefaultedRequest } from './defaults';
import {
  readPodResources,
  type ContainerResources,
  type PodResources,
  type ResourceInputIssue,
} from './pod-model';
import {
  aggregateContainers,
  isPodLevelRequestsSet,
  isPodLevelResourcesSet,
  isSupportedPodLevelResource,
  podLimits,
  podRequests,
  type ContainerAggregate,
  type PodResourcesOptions,
} from './pod-resources';
import { computePodQOSDetail, type PodQOSClass, type QosBasis } from './qos';
import {
  sortedKeys,
  sortedResourceNames,
  toAmount,
  toQuantityList,
  toResourceQuantities,
  type QuantityList,
  type ResourceAmount,
  type ResourceQuantity,
} from './resource-list';

/** The contract's QosClass enum. */
export type QosClass = 'GUARANTEED' | 'BURSTABLE' | 'BEST_EFFORT';

const QOS_ENUM: Record<PodQOSClass, QosClass> = {
  Guaranteed: 'GUARANTEED',
  Burstable: 'BURSTABLE',
  BestEffort: 'BEST_EFFORT',
};

/** The kube-scheduler's scoring defaults for a container that sets no cpu/memory request (a.3). */
export const SCHEDULER_SCORING_DEFAULTS: Readonly<Record<string, string>> = {
  cpu: '100m',
  memory: '200Mi',
};

/**
 * A resource the pod cgroup leaves unlimited because some container sets no limit while others do.
 */
export interface UnboundedLimit {
  /** cpu or memory: the resources the pod cgroup limits. */
  resource: string;
  /** Containers with no (or a zero) limit for the resource. */
  unlimitedContainers: string[];
  /** Containers that do set a limit. */
  limitedContainers: string[];
  /** Why the pod has no limit for it: which containers set one and which do not. */
  explanation: string;
}

/** One container's QoS class, as it counts towards the pod's. */
export interface ContainerQosReport {
  /** Container name. */
  container: string;
  /** What the container is to the kubelet. */
  role: ContainerResources['role'];
  /**
   * The QoS class this container alone would give (Guaranteed: requests equal limits for CPU and
   * memory; BestEffort: neither set).
   */
  qosClass: QosClass;
}

/**
 * Where an effective pod request comes from: the running phase or an init phase, and what init
 * reserves but never uses while the app runs.
 */
export interface ResourceBreakdown {
  /** Resource name (cpu, memory, ephemeral-storage, extended resources). */
  resource: string;
  /** Which phase decides the request. */
  dominantPhase: 'RUNNING' | 'INIT';
  /** For INIT: the init container (or sidecar start) whose phase peaks. */
  dominantInitContainer: string | null;
  /** For INIT: the sidecars already running during that phase (only those declared before it). */
  sidecarsDuringDominantPhase: string[];
  /** App containers plus every sidecar, once init is over. */
  runningSum: ResourceAmount | null;
  /** The largest init phase total. */
  initPeak: ResourceAmount | null;
  /**
   * Init peak minus running sum, when positive: reserved for the pod's whole life, used only during
   * init.
   */
  idleWhileRunning: ResourceAmount | null;
  /** max(running sum, init peak): what the containers ask for together. */
  containerAggregate: ResourceAmount | null;
  /** The pod-level value (spec.resources) that replaces the container aggregate, when honoured. */
  podLevelOverride: ResourceAmount | null;
  /** spec.overhead added on top. */
  overhead: ResourceAmount | null;
  /** The effective pod request. */
  effective: ResourceAmount;
  /** How the effective request was computed, in one sentence with the numbers. */
  explanation: string;
}

/** What the native sidecars cost: their share of the running-phase requests. */
export interface SidecarShare {
  /** Resource name (cpu, memory, ...). */
  resource: string;
  /** Sum of the sidecars' requests. */
  sidecars: ResourceAmount;
  /** Requests of app containers plus sidecars. */
  running: ResourceAmount;
  /** sidecars / running, in percent (one decimal). */
  percent: number;
  /** The sidecars that request the resource. */
  sidecarNames: string[];
}

/** Replicas × effective pod requests and limits: what the workload as a whole reserves. */
export interface WorkloadTotals {
  /** How the pod count was read (one pod, replicas, parallelism, per node). */
  basis: ReplicaBasis;
  /** The multiplier used: replicas, Job parallelism, or 1 (per pod, per node). */
  replicas: number;
  /** What the multiplier means: "3 replicas", "parallelism 4", "per node", "1 pod". */
  label: string;
  /** The pod's effective requests times the pod count. */
  requests: ResourceQuantity[];
  /** The pod's effective limits times the pod count; resources without a limit left out. */
  limits: ResourceQuantity[];
}

/**
 * One phase of the pod's life and what its containers request and limit together (before overhead
 * and pod-level resources); the effective request is the per-resource maximum over the phases.
 */
export interface PhaseResources {
  /** Which phase this is. */
  kind: 'INIT' | 'SIDECAR_START' | 'RUNNING';
  /** The init container or sidecar whose start defines the phase; null for RUNNING. */
  container: string | null;
  /** The sidecars running during the phase (a starting sidecar included). */
  sidecars: string[];
  /** Sum of the phase's containers' requests. */
  requests: ResourceQuantity[];
  /** Sum of the phase's declared limits (see unlimited). */
  limits: ResourceQuantity[];
  /** cpu/memory that some container of the phase sets no (or a zero) limit for. */
  unlimited: string[];
}

/** Whether pod-level spec.resources applies on the target version. */
export interface PodLevelResourcesState {
  /** NOT_SET, HONOURED or IGNORED by the target version. */
  state: 'NOT_SET' | 'HONOURED' | 'IGNORED';
  /** Why, in one sentence (which version introduced or enabled the gate). */
  explanation: string;
}

/** Effective requests and limits, QoS, and where every number comes from. */
export interface ResourceReport {
  /**
   * Effective pod requests, exactly as the scheduler computes them (init peak vs. app + sidecars,
   * overhead, pod-level resources).
   */
  requests: ResourceQuantity[];
  /**
   * Effective pod limits, exactly as Kubernetes computes them; a resource some container leaves
   * unlimited is listed in unboundedLimits.
   */
  limits: ResourceQuantity[];
  /**
   * cpu/memory that some container leaves without a limit while others set one: the pod cgroup gets
   * no limit.
   */
  unboundedLimits: string[];
  /** The pod's QoS class as the kubelet computes it (status.qosClass). */
  qosClass: QosClass;

  /** The containers behind each entry of unboundedLimits. */
  unboundedLimitDetails: UnboundedLimit[];
  /**
   * Requests the API server fills in from limits (SetDefaults_Pod); the numbers above include them.
   */
  defaultedRequests: DefaultedRequest[];
  /**
   * Resources whose value is unknown because a quantity could not be read: they get no number
   * anywhere.
   */
  unknownResources: string[];
  /**
   * False when some resource value could not be read (see inputIssues); the numbers given are still
   * exact.
   */
  complete: boolean;
  /** Every resource value that could not be read, with its path. */
  inputIssues: ResourceInputIssue[];
  /** Why the pod gets its QoS class. */
  qosExplanation: string;
  /** Whether spec.resources or the containers decided the QoS class. */
  qosBasis: QosBasis;
  /** Each container's class (empty when spec.resources decides). */
  containerQos: ContainerQosReport[];
  /** Sidecars that alone turn an otherwise Guaranteed pod Burstable. */
  qosDowngradedBySidecars: string[];
  /**
   * Per requested resource: which phase dominates, the running sum, the init peak and the idle
   * reserve.
   */
  requestBreakdown: ResourceBreakdown[];
  /** The sidecars' share of the running-phase requests, per resource. */
  sidecarShare: SidecarShare[];
  /**
   * Each init phase (an init container beside the sidecars declared before it, a sidecar start) and
   * the running set, with their requests and limits.
   */
  phases: PhaseResources[];
  /** Replicas × effective requests and limits. */
  workloadTotals: WorkloadTotals | null;
  /**
   * Scheduler scoring view, labelled as such: requests with 100m cpu / 200Mi memory for every
   * container that sets none. Used only to score nodes; the fit check uses requests.
   */
  schedulerScoringRequests: ResourceQuantity[];
  /** Whether pod-level spec.resources is set and honoured on the target version. */
  podLevelResources: PodLevelResourcesState;
  /** spec.overhead (RuntimeClass), included in requests and in existing non-zero limits. */
  overhead: ResourceQuantity[];
}

const list = (names: readonly string[]): string => names.join(', ');

/** The sidecars' share of the running-phase requests (apps + sidecars), per resource the sidecars request. */
export function sidecarShareOfRunningRequests(
  pod: PodResources,
  opts: PodResourcesOptions = {},
  omit: ReadonlySet<string> = new Set(),
): SidecarShare[] {
  return sidecarShare(pod, aggregateContainers(pod, 'requests', opts), omit);
}

function sidecarShare(
  pod: PodResources,
  agg: ContainerAggregate,
  omit: ReadonlySet<string>,
): SidecarShare[] {
  const out: SidecarShare[] = [];
  for (const resource of sortedKeys(agg.sidecars)) {
    const share = agg.sidecars.get(resource);
    const running = agg.running.get(resource);
    if (omit.has(resource) || share === undefined || running === undefined || running.nanos <= 0n) {
      continue;
    }
    // Rounded half up to 0.1 %, in integers.
    const permille = (share.nanos * 2000n + running.nanos) / (2n * running.nanos);
    const sidecarNames: string[] = [];
    for (const c of pod.initContainers) {
      if (c.role === 'SIDECAR' && c.requests.has(resource)) sidecarNames.push(c.name);
    }
    out.push({
      resource,
      sidecars: toAmount(share),
      running: toAmount(running),
      percent: Number(permille) / 10,
      sidecarNames,
    });
  }
  return out;
}

// The scheduler's scoring defaults as quantities, read once (constants).
const SCORING_DEFAULTS: QuantityList = toQuantityList(SCHEDULER_SCORING_DEFAULTS);

/** The resource report of one workload: defaulting applied, gates of the target version honoured. */
export function analyzeResources(ctx: WorkloadContext): ResourceReport {
  const { workload, gates, version } = ctx;
  const sidecarsEnabled = gates.SidecarContainers;
  // The defaulted read is shared with the rules and the advice (kept in the context's memo).
  const { pod, defaulted } = defaultedPodOf(ctx);
  // The issues are reported as the manifest has them, before defaulting. Defaulting only copies
  // limits into requests, so a spec whose defaulted read has no issue has none either.
  const raw = pod.issues.length === 0 ? pod : readPodResources(workload.spec, { sidecarsEnabled });
  const opts: PodResourcesOptions = { skipPodLevelResources: !gates.PodLevelResources };

  // Each aggregate once: the effective values, the breakdown, the sidecar share and the phases
  // all read the same sums.
  const requestsAggregate = aggregateContainers(pod, 'requests', opts);
  const limitsAggregate = aggregateContainers(pod, 'limits', opts);
  const unknown = unknownResources(pod, opts);
  const requests = podRequests(pod, opts, requestsAggregate);
  const limits = podLimits(pod, opts, limitsAggregate);
  const unbounded = unboundedLimits(pod, opts).filter((u) => !unknown.limits.has(u.resource));
  const qos = explainQos(pod, gates.PodLevelResources, gates.PodLevelResourcesFixKubeletQOSClass);
  // Options written out, not spread from opts (a spread plus a field is a slow object on V8).
  const scoring = podRequests(pod, {
    skipPodLevelResources: opts.skipPodLevelResources,
    nonMissingContainerRequests: SCORING_DEFAULTS,
  });

  return {
    requests: toResourceQuantities(requests, unknown.requests),
    limits: toResourceQuantities(limits, unknown.limits),
    unboundedLimits: unbounded.map((u) => u.resource),
    qosClass: QOS_ENUM[qos.qosClass],
    unboundedLimitDetails: unbounded,
    defaultedRequests: defaulted.slice(),
    unknownResources: sortedResourceNames([...unknown.requests, ...unknown.limits]),
    complete: raw.issues.length === 0,
    inputIssues: raw.issues.map((i) => ({ ...i, path: `${workload.specPath}.${i.path}` })),
    qosExplanation: qos.explanation,
    qosBasis: qos.basis,
    containerQos: qos.containers,
    qosDowngradedBySidecars: qos.downgradedBy,
    requestBreakdown: breakdown(pod, opts, requestsAggregate, requests, unknown.requests),
    sidecarShare: sidecarShare(pod, requestsAggregate, unknown.requests),
    phases: phaseResources(pod, requestsAggregate, limitsAggregate, unknown),
    workloadTotals: totals(workload.replicas, workload.replicaBasis, requests, limits, unknown),
    schedulerScoringRequests: toResourceQuantities(scoring, unknown.requests),
    podLevelResources: podLevelState(pod, gates.PodLevelResources, version.text),
    overhead: toResourceQuantities(pod.overhead, unknown.requests),
  };
}

// The containers' names. A plain loop: in the whole pipeline Array.prototype.map's call site sees
// callbacks from everywhere and no longer inlines them.
function namesOf(containers: readonly ContainerResources[]): string[] {
  const names: string[] = [];
  for (const c of containers) names.push(c.name);
  return names;
}

// The resources the pod cgroup limits (and the QoS class reads).
const QOS_LIMITED = ['cpu', 'memory'] as const;

// cpu/memory that some container of `members` sets no (or a zero) limit for.
function unlimitedOf(members: readonly ContainerResources[]): string[] {
  const out: string[] = [];
  for (const r of QOS_LIMITED) {
    for (const c of members) {
      if (!hasLimit(c, r)) {
        out.push(r);
        break;
      }
    }
  }
  return out;
}

// The phases of aggregateContainers (a.2), requests and limits side by side.
function phaseResources(
  pod: PodResources,
  req: ContainerAggregate,
  lim: ContainerAggregate,
  unknown: UnknownSets,
): PhaseResources[] {
  const phases: PhaseResources[] = [];
  for (let i = 0; i < req.phases.length; i++) {
    const p = req.phases[i]!;
    const members = p.container.role === 'SIDECAR' ? p.sidecars : [p.container, ...p.sidecars];
    phases.push({
      kind: p.container.role === 'SIDECAR' ? 'SIDECAR_START' : 'INIT',
      container: p.container.name,
      sidecars: namesOf(p.sidecars),
      requests: toResourceQuantities(p.total, unknown.requests),
      limits: toResourceQuantities(lim.phases[i]?.total ?? new Map(), unknown.limits),
      unlimited: unlimitedOf(members),
    });
  }
  const sidecars: ContainerResources[] = [];
  for (const c of pod.initContainers) if (c.role === 'SIDECAR') sidecars.push(c);
  phases.push({
    kind: 'RUNNING',
    container: null,
    sidecars: namesOf(sidecars),
    requests: toResourceQuantities(req.running, unknown.requests),
    limits: toResourceQuantities(lim.running, unknown.limits),
    unlimited: unlimitedOf([...pod.containers, ...sidecars]),
  });
  return phases;
}

interface UnknownSets {
  requests: Set<string>;
  limits: Set<string>;
}

// A resource is unknown on a side when any value that feeds it could not be read. A whole list
// that cannot be read makes every resource of that side unknown.
function unknownResources(pod: PodResources, opts: PodResourcesOptions): UnknownSets {
  const out: UnknownSets = { requests: new Set(), limits: new Set() };
  const every = (lists: (c: ContainerResources) => QuantityList[]): string[] => [
    ...new Set([
      ...[...pod.initContainers, ...pod.containers].flatMap((c) =>
        lists(c).flatMap((l) => [...l.keys()]),
      ),
      ...pod.overhead.keys(),
      ...(pod.podLevel ? [...pod.podLevel.requests.keys(), ...pod.podLevel.limits.keys()] : []),
      'cpu',
      'memory',
    ]),
  ];
  const honoursPodLevel = !opts.skipPodLevelResources;
  for (const issue of pod.issues) {
    const sides: (keyof UnknownSets)[] =
      issue.field === 'requests' || issue.field === 'podRequests'
        ? ['requests']
        : issue.field === 'limits' || issue.field === 'podLimits'
          ? ['limits']
          : ['requests', 'limits'];
    const podLevel = issue.field === 'podRequests' || issue.field === 'podLimits';
    if (podLevel && !honoursPodLevel) continue;
    if (podLevel && issue.resource !== null && !isSupportedPodLevelResource(issue.resource)) {
      continue;
    }
    for (const side of sides) {
      const names =
        issue.resource !== null
          ? [issue.resource]
          : every((c) => [c.requests, c.limits]).filter(
              (n) => !podLevel || isSupportedPodLevelResource(n),
            );
      for (const name of names) out[side].add(name);
    }
  }
  return out;
}

// cpu and memory only: those are what the pod cgroup limits; a container that does not list an
// extended resource simply does not use it, and hugepages limits always equal requests.
function unboundedLimits(pod: PodResources, opts: PodResourcesOptions): UnboundedLimit[] {
  const podLevelLimits =
    !opts.skipPodLevelResources && isPodLevelResourcesSet(pod) ? pod.podLevel?.limits : undefined;
  const out: UnboundedLimit[] = [];
  for (const resource of QOS_LIMITED) {
    if (podLevelLimits?.has(resource)) continue;
    // Init containers (sidecars included) first, then the app containers: the report's order.
    const limited: ContainerResources[] = [];
    const unlimited: ContainerResources[] = [];
    for (const c of pod.initContainers) (hasLimit(c, resource) ? limited : unlimited).push(c);
    for (const c of pod.containers) (hasLimit(c, resource) ? limited : unlimited).push(c);
    if (limited.length === 0 || unlimited.length === 0) continue;
    const describe = (c: ContainerResources): string => `${c.name} (${c.role.toLowerCase()})`;
    out.push({
      resource,
      unlimitedContainers: namesOf(unlimited),
      limitedContainers: namesOf(limited),
      explanation:
        `${list(unlimited.map(describe))} ${unlimited.length === 1 ? 'sets' : 'set'} no ${resource} limit while ` +
        `${list(limited.map(describe))} ${limited.length === 1 ? 'does' : 'do'}: the pod's ${resource} limit ` +
        `is only the sum of the declared ones (component-helpers resource/helpers.go PodLimits) and the pod cgroup gets no ${resource} limit.`,
    });
  }
  return out;
}

/** The container sets a non-zero limit for the resource. */
function hasLimit(c: ContainerResources, resource: string): boolean {
  const limit = c.limits.get(resource);
  return limit !== undefined && limit.nanos !== 0n;
}

interface QosExplained {
  qosClass: PodQOSClass;
  basis: QosBasis;
  containers: ContainerQosReport[];
  downgradedBy: string[];
  explanation: string;
}

// The classes in the order the explanation lists them.
const QOS_ORDER = ['Guaranteed', 'Burstable', 'BestEffort'] as const;

function explainQos(pod: PodResources, podLevelGate: boolean, fixGate: boolean): QosExplained {
  const detail = computePodQOSDetail(pod, {
    PodLevelResources: podLevelGate,
    PodLevelResourcesFixKubeletQOSClass: fixGate,
  });
  const containers = detail.containers.map((c): ContainerQosReport => ({
    container: c.name,
    role: c.role,
    qosClass: QOS_ENUM[c.qosClass],
  }));
  if (detail.basis === 'POD_LEVEL') {
    return {
      qosClass: detail.qosClass,
      basis: detail.basis,
      containers,
      downgradedBy: [],
      explanation:
        `spec.resources decides the class on its own (PodLevelResources): its cpu and memory requests and ` +
        `limits make the pod ${detail.qosClass}; the containers' resources are not consulted.`,
    };
  }
  // Sidecars that are not Guaranteed, and whether every other container is (combineQos over
  // the others is Guaranteed exactly when there are some and all are).
  const notGuaranteedSidecars: string[] = [];
  let others = 0;
  let othersGuaranteed = true;
  for (const c of detail.containers) {
    if (c.role === 'SIDECAR') {
      if (c.qosClass !== 'Guaranteed') notGuaranteedSidecars.push(c.name);
    } else {
      others += 1;
      if (c.qosClass !== 'Guaranteed') othersGuaranteed = false;
    }
  }
  const downgradedBy =
    detail.qosClass === 'Burstable' && others > 0 && othersGuaranteed ? notGuaranteedSidecars : [];
  let explanation: string;
  if (detail.containers.length === 0) {
    explanation = 'The pod has no containers: BestEffort.';
  } else if (detail.qosClass === 'Guaranteed') {
    explanation =
      'Every container, init containers and sidecars included, sets cpu and memory limits equal to its ' +
      'requests (after API defaulting): Guaranteed.';
  } else if (detail.qosClass === 'BestEffort') {
    explanation = 'No container sets a cpu or memory request or limit: BestEffort.';
  } else {
    const parts: string[] = [];
    for (const cls of QOS_ORDER) {
      const names: string[] = [];
      for (const c of detail.containers) {
        if (c.qosClass === cls) names.push(`${c.name} (${c.role.toLowerCase()})`);
      }
      if (names.length > 0) parts.push(`${cls}: ${list(names)}`);
    }
    explanation =
      'Burstable: not every container (init containers and sidecars count like app containers) sets cpu and ' +
      `memory limits equal to its requests. ${parts.join('; ')}.`;
    if (downgradedBy.length > 0) {
      explanation +=
        ` The sidecar${downgradedBy.length === 1 ? '' : 's'} ${list(downgradedBy)} alone ` +
        `${downgradedBy.length === 1 ? 'turns' : 'turn'} the pod Burstable: every other container is Guaranteed, ` +
        'so with equal cpu and memory requests and limits on the sidecars the pod would be Guaranteed.';
    }
  }
  return { qosClass: detail.qosClass, basis: detail.basis, containers, downgradedBy, explanation };
}

function breakdown(
  pod: PodResources,
  opts: PodResourcesOptions,
  agg: ContainerAggregate,
  effective: QuantityList,
  omit: ReadonlySet<string>,
): ResourceBreakdown[] {
  const podLevel =
    !opts.skipPodLevelResources && isPodLevelRequestsSet(pod) && pod.podLevel !== null
      ? pod.podLevel.requests
      : null;
  const amount = (q: Quantity | undefined): ResourceAmount | null =>
    q === undefined ? null : toAmount(q);
  const out: ResourceBreakdown[] = [];
  for (const resource of sortedKeys(effective)) {
    const total = effective.get(resource);
    if (omit.has(resource) || total === undefined) continue;
    const running = agg.running.get(resource);
    const peak = agg.initPeak.get(resource);
    const aggregate = agg.result.get(resource);
    const initWins =
      peak !== undefined && (running === undefined || compareQuantities(peak, running) > 0);
    // maxResourceList keeps the first phase that reaches the peak.
    const phase = initWins
      ? agg.phases.find((p) => p.total.get(resource)?.nanos === peak.nanos)
      : undefined;
    const idle = initWins ? subtractQuantities(peak, running ?? fromNanos(0n)) : undefined;
    const override = isSupportedPodLevelResource(resource) ? podLevel?.get(resource) : undefined;
    const overhead = pod.overhead.get(resource);

    const sentences: string[] = [];
    if (initWins && phase !== undefined) {
      const beside = phase.sidecars.filter((s) => s !== phase.container).map((s) => s.name);
      const who =
        phase.container.role === 'SIDECAR'
          ? `the start of sidecar ${phase.container.name}${beside.length > 0 ? ` (after ${list(beside)})` : ''}`
          : `init container ${phase.container.name}${beside.length > 0 ? ` beside sidecar${beside.length === 1 ? '' : 's'} ${list(beside)}` : ''}`;
      sentences.push(
        `The init phase of ${who} needs ${peak.canonical()}, more than the ${running?.canonical() ?? '0'} the running ` +
          `pod needs, so ${idle?.canonical() ?? '0'} stays reserved but idle while the app runs.`,
      );
    } else if (aggregate !== undefined) {
      sentences.push(
        `The running phase (app containers plus all sidecars) needs ${aggregate.canonical()}` +
          (peak !== undefined
            ? `; no init phase needs more (init peak ${peak.canonical()}).`
            : '.'),
      );
    }
    if (override !== undefined) {
      sentences.push(
        `spec.resources.requests sets ${override.canonical()}, which replaces the container total.`,
      );
    }
    if (overhead !== undefined) sentences.push(`Pod overhead adds ${overhead.canonical()}.`);
    sentences.push(`Effective request: ${total.canonical()}.`);

    out.push({
      resource,
      dominantPhase: initWins ? 'INIT' : 'RUNNING',
      dominantInitContainer: phase?.container.name ?? null,
      sidecarsDuringDominantPhase: phase ? namesOf(phase.sidecars) : [],
      runningSum: amount(running),
      initPeak: amount(peak),
      idleWhileRunning: idle !== undefined && idle.nanos > 0n ? toAmount(idle) : null,
      containerAggregate: amount(aggregate),
      podLevelOverride: amount(override),
      overhead: amount(overhead),
      effective: toAmount(total),
      explanation: sentences.join(' '),
    });
  }
  return out;
}

function totals(
  replicas: number,
  basis: ReplicaBasis,
  requests: QuantityList,
  limits: QuantityList,
  unknown: UnknownSets,
): WorkloadTotals | null {
  if (!Number.isSafeInteger(replicas) || replicas < 0) return null;
  const factor = basis === 'PER_NODE' || basis === 'SINGLE' ? 1 : replicas;
  const label =
    basis === 'REPLICAS'
      ? `${factor} replica${factor === 1 ? '' : 's'}`
      : basis === 'PARALLELISM'
        ? `parallelism ${factor} (pods running at once)`
        : basis === 'PER_NODE'
          ? 'per node (one pod on every matching node)'
          : '1 pod';
  // One pod: the pod's own quantities (a product by 1 prints the same).
  const times = (l: QuantityList): QuantityList => {
    if (factor === 1) return l;
    const out: QuantityList = new Map();
    const by = BigInt(factor);
    for (const [name, q] of l) out.set(name, multiplyQuantity(q, by));
    return out;
  };
  return {
    basis,
    replicas: factor,
    label,
    requests: toResourceQuantities(times(requests), unknown.requests),
    limits: toResourceQuantities(times(limits), unknown.limits),
  };
}

function podLevelState(pod: PodResources, gate: boolean, version: string): PodLevelResourcesState {
  if (pod.podLevel === null || !isPodLevelResourcesSet(pod)) {
    return {
      state: 'NOT_SET',
      explanation:
        pod.podLevel === null
          ? 'spec.resources is not set.'
          : 'spec.resources names no cpu, memory or hugepages-*: the containers decide.',
    };
  }
  if (!gate) {
    return {
      state: 'IGNORED',
      explanation: `spec.resources is ignored: the PodLevelResources feature gate is off by default in Kubernetes ${version} (${enabledFromText('PodLevelResources')}).`,
    };
  }
  return {
    state: 'HONOURED',
    explanation:
      'spec.resources replaces the container totals for cpu, memory and hugepages-* (requests only when ' +
      'pod-level requests name one of them; limits when any pod-level resource is set).',
  };
}
