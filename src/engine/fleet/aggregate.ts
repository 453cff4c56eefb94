// The fleet report from the workloads' summaries: owners counted once, figures per namespace and
// per team, helper projects, costs at the report's prices, and what changed since a baseline.
// Pure: the same items in any order give the same report.
import type { Severity } from '../report';
import type {
  FleetChanges,
  FleetDiagnostic,
  FleetIdentity,
  FleetItem,
  FleetOptions,
  FleetPricing,
  FleetReport,
  GroupFigures,
  GroupReport,
  HelperGroup,
  Resources,
  SidecarEntry,
  WorkloadRef,
} from './types';
import {
  DEFAULT_FLEET_PRICING,
  DEFAULT_NODE_COUNT,
  DEFAULT_TEAM_LABELS,
  FLEET_SCHEMA_VERSION,
} from './types';

const NANO = 1_000_000_000n;
const GIB = 1024 ** 3;

const key = (ns: string | null, kind: string, name: string | null): string =>
  `${ns ?? ''}\u0000${kind}\u0000${name ?? ''}`;

/**
 * The items counted on their own: a Pod whose ReplicaSet, StatefulSet, DaemonSet or Job is in the
 * dump, a ReplicaSet whose Deployment is, and a Job whose CronJob is are folded into that owner
 * (its template × replicas already stands for them). A Deployment's ReplicaSet is rarely in the
 * dump (`kubectl get pods,deployments,...` does not list it): its name is the Deployment's plus
 * "-" and the pod-template-hash (pkg/controller/deployment/sync.go, getNewReplicaSet).
 */
export function countedItems<T extends FleetIdentity>(
  items: readonly T[],
  alsoPresent: readonly FleetIdentity[] = [],
): {
  counted: T[];
  folded: number;
} {
  const ownedInDump = ownerIndex([...items, ...alsoPresent]);
  const counted = items.filter((i) => !ownedInDump(i));
  return { counted, folded: items.length - counted.length };
}

/** Whether an object's owner is among `all`. */
function ownerIndex(all: readonly FleetIdentity[]): (item: FleetIdentity) => boolean {
  const byKey = new Set(all.map((i) => key(i.namespace, i.kind, i.name)));
  const uids = new Set(all.flatMap((i) => (i.uid ? [i.uid] : [])));
  const present = (ns: string | null, kind: string, name: string, uid: string | null): boolean =>
    (uid !== null && uids.has(uid)) || byKey.has(key(ns, kind, name));
  return (item) =>
    item.owners.some((o) => {
      if (present(item.namespace, o.kind, o.name, o.uid)) return true;
      if (o.kind !== 'ReplicaSet') return false;
      // The ReplicaSet is not in the dump: its Deployment may be.
      const hash = item.podTemplateHash;
      const deployment =
        hash && o.name.endsWith(`-${hash}`)
          ? o.name.slice(0, -hash.length - 1)
          : o.name.includes('-')
            ? o.name.slice(0, o.name.lastIndexOf('-'))
            : null;
      return deployment !== null && byKey.has(key(item.namespace, 'Deployment', deployment));
    });
}

interface Acc {
  workloads: number;
  byKind: Map<string, number>;
  pods: number;
  app: number;
  native: number;
  legacy: number;
  init: number;
  injected: number;
  scPerCpu: bigint;
  scPerMem: bigint;
  scCpu: bigint;
  scMem: bigint;
  runCpu: bigint;
  runMem: bigint;
  idleCpu: bigint;
  idleMem: bigint;
  idleWorkloads: number;
  qosLowered: number;
  jobsNeverComplete: number;
  findings: Record<Severity, number>;
}

const newAcc = (): Acc => ({
  workloads: 0,
  byKind: new Map(),
  pods: 0,
  app: 0,
  native: 0,
  legacy: 0,
  init: 0,
  injected: 0,
  scPerCpu: 0n,
  scPerMem: 0n,
  scCpu: 0n,
  scMem: 0n,
  runCpu: 0n,
  runMem: 0n,
  idleCpu: 0n,
  idleMem: 0n,
  idleWorkloads: 0,
  qosLowered: 0,
  jobsNeverComplete: 0,
  findings: { ERROR: 0, WARNING: 0, INFO: 0 },
});

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
const cores = (nanos: bigint): number => Number(nanos) / 1e9;
const gib = (nanos: bigint): number =>
  Number(nanos / NANO) / GIB + Number(nanos % NANO) / 1e9 / GIB;
const resources = (cpu: bigint, mem: bigint): Resources => ({
  cpuCores: round(cores(cpu), 3),
  memoryGib: round(gib(mem), 3),
});
const monthly = (cpu: bigint, mem: bigint, p: FleetPricing): number =>
  round(
    cores(cpu) * p.cpuPerVcpuHour * p.hoursPerMonth +
      gib(mem) * p.memoryPerGibHour * p.hoursPerMonth,
    2,
  );
const percent = (part: bigint, whole: bigint): number | null =>
  whole <= 0n ? null : Number((part * 2000n + whole) / (2n * whole)) / 10;

const isSidecar = (c: FleetItem['containers'][number]): boolean =>
  c.role === 'SIDECAR' || c.legacySidecar;

function podsOf(item: FleetItem, nodeCount: number): number {
  return item.replicaBasis === 'PER_NODE' ? nodeCount : item.replicas;
}

function add(acc: Acc, item: FleetItem, pods: number): void {
  const n = BigInt(pods);
  acc.workloads++;
  acc.byKind.set(item.kind, (acc.byKind.get(item.kind) ?? 0) + 1);
  acc.pods += pods;
  for (const c of item.containers) {
    if (c.role === 'INIT') acc.init++;
    else if (c.role === 'SIDECAR') acc.native++;
    else if (c.legacySidecar) acc.legacy++;
    else acc.app++;
    if (isSidecar(c)) {
      const cpu = BigInt(c.requests.cpu);
      const mem = BigInt(c.requests.memory);
      acc.scPerCpu += cpu;
      acc.scPerMem += mem;
      acc.scCpu += cpu * n;
      acc.scMem += mem * n;
    }
  }
  acc.injected += item.injected.length;
  acc.runCpu += BigInt(item.runningRequests.cpu) * n;
  acc.runMem += BigInt(item.runningRequests.memory) * n;
  const idleCpu = BigInt(item.idleInit.cpu);
  const idleMem = BigInt(item.idleInit.memory);
  acc.idleCpu += idleCpu * n;
  acc.idleMem += idleMem * n;
  if (idleCpu > 0n || idleMem > 0n) acc.idleWorkloads++;
  if (item.qosLoweredBy.length > 0) acc.qosLowered++;
  if (item.jobNeverCompletes === true) acc.jobsNeverComplete++;
  for (const f of item.findings) acc.findings[f.severity]++;
}

function figures(acc: Acc, p: FleetPricing): GroupFigures {
  return {
    workloads: acc.workloads,
    workloadsByKind: Object.fromEntries([...acc.byKind].sort(([a], [b]) => (a < b ? -1 : 1))),
    pods: acc.pods,
    containers: {
      app: acc.app,
      nativeSidecar: acc.native,
      legacySidecar: acc.legacy,
      init: acc.init,
    },
    injectedSidecars: acc.injected,
    sidecarRequests: {
      perReplica: resources(acc.scPerCpu, acc.scPerMem),
      total: resources(acc.scCpu, acc.scMem),
    },
    runningRequests: resources(acc.runCpu, acc.runMem),
    sidecarShare: {
      cpuPercent: percent(acc.scCpu, acc.runCpu),
      memoryPercent: percent(acc.scMem, acc.runMem),
    },
    sidecarCostPerMonth: monthly(acc.scCpu, acc.scMem, p),
    idleInit: resources(acc.idleCpu, acc.idleMem),
    idleInitCostPerMonth: monthly(acc.idleCpu, acc.idleMem, p),
    idleInitWorkloads: acc.idleWorkloads,
    qosLowered: acc.qosLowered,
    jobsNeverComplete: acc.jobsNeverComplete,
    findings: { ...acc.findings },
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// The rows below that start with a workload's reference spell its six fields out rather than
// spreading refOf(item) and adding more: on Node 20 a spread followed by more fields costs ~1.3 µs
// per object (a fresh hidden class each time) against ~70 ns for a literal, and these rows are
// built per workload and per sidecar of a fleet. The key order (the report's JSON) is the same.
function refOf(item: FleetItem): WorkloadRef {
  return {
    namespace: item.namespace,
    kind: item.kind,
    name: item.name,
    team: item.team,
    source: item.source,
    line: item.line,
  };
}

const refOrder = (a: WorkloadRef, b: WorkloadRef): number =>
  cmp(a.namespace ?? '', b.namespace ?? '') ||
  cmp(a.kind, b.kind) ||
  cmp(a.name ?? '', b.name ?? '') ||
  cmp(a.source, b.source) ||
  a.line - b.line;

export function resolvePricing(options: FleetOptions = {}): FleetPricing {
  return { ...DEFAULT_FLEET_PRICING, ...options.pricing };
}

/**
 * The deferred owned objects whose owner is not in the dump (they are workloads of their own and
 * must be analysed), and how many are folded into an owner that is.
 */
export function resolveDeferred<U>(
  items: readonly FleetIdentity[],
  deferred: readonly { identity: FleetIdentity; unit: U }[],
): { orphans: U[]; folded: number } {
  const ownedInDump = ownerIndex([...items, ...deferred.map((d) => d.identity)]);
  const orphans = deferred.filter((d) => !ownedInDump(d.identity)).map((d) => d.unit);
  return { orphans, folded: deferred.length - orphans.length };
}

/** Aggregates the items (any order) into the fleet report; a baseline's items give `changes`. */
export function buildFleetReport(
  input: {
    items: readonly FleetItem[];
    diagnostics?: readonly FleetDiagnostic[];
    /** Owned objects already folded into their owner without analysis (resolveDeferred). */
    folded?: number;
  },
  options: FleetOptions & { kubernetesVersion: string },
  baseline?: { items: readonly FleetItem[] } | null,
): FleetReport {
  const pricing = resolvePricing(options);
  const nodeCount = options.nodeCount ?? DEFAULT_NODE_COUNT;
  const teamLabels = [...(options.teamLabels ?? DEFAULT_TEAM_LABELS)];
  const { counted, folded } = countedItems(input.items);
  counted.sort((a, b) => refOrder(refOf(a), refOf(b)));

  const totals = newAcc();
  const namespaces = new Map<string, Acc>();
  const teams = new Map<string, Acc>();
  const helpers = new Map<string, HelperGroup>();
  const injected = new Map<string, { injector: string; mode: string; count: number }>();
  const findingsByRule = new Map<string, { ruleId: string; severity: Severity; count: number }>();
  const qosLowered: FleetReport['qosLowered'] = [];
  const jobsNeverComplete: FleetReport['jobsNeverComplete'] = [];
  const idleInit: FleetReport['idleInit'] = [];

  for (const item of counted) {
    const pods = podsOf(item, nodeCount);
    add(totals, item, pods);
    const ns = item.namespace ?? '(none)';
    const team = item.team ?? '(unlabelled)';
    if (!namespaces.has(ns)) namespaces.set(ns, newAcc());
    if (!teams.has(team)) teams.set(team, newAcc());
    add(namespaces.get(ns)!, item, pods);
    add(teams.get(team)!, item, pods);

    for (const c of item.containers) {
      if (!isSidecar(c)) continue;
      const h = c.helper ?? 'unrecognised';
      let g = helpers.get(h);
      if (!g) {
        g = {
          helper: h,
          helperId: c.helperId,
          legacy: 0,
          native: 0,
          legacyWithCertainFix: 0,
          legacyWithoutFix: 0,
          migrate: [],
        };
        helpers.set(h, g);
      }
      if (c.role === 'SIDECAR') {
        g.native++;
      } else {
        g.legacy++;
        if (c.certainFix) g.legacyWithCertainFix++;
        else g.legacyWithoutFix++;
        g.migrate.push({
          namespace: item.namespace,
          kind: item.kind,
          name: item.name,
          team: item.team,
          source: item.source,
          line: item.line,
          container: c.name,
          certainFix: c.certainFix,
          fixRule: c.fixRule,
        });
      }
    }
    for (const s of item.injected) {
      const k = `${s.injector}\u0000${s.mode}`;
      const e = injected.get(k) ?? { injector: s.injector, mode: s.mode, count: 0 };
      e.count++;
      injected.set(k, e);
    }
    for (const f of item.findings) {
      const k = `${f.ruleId}\u0000${f.severity}`;
      const e = findingsByRule.get(k) ?? { ruleId: f.ruleId, severity: f.severity, count: 0 };
      e.count++;
      findingsByRule.set(k, e);
    }
    if (item.qosLoweredBy.length > 0) {
      qosLowered.push({
        namespace: item.namespace,
        kind: item.kind,
        name: item.name,
        team: item.team,
        source: item.source,
        line: item.line,
        qosClass: item.qosClass,
        sidecars: item.qosLoweredBy,
      });
    }
    if (item.jobNeverCompletes === true) {
      jobsNeverComplete.push({
        namespace: item.namespace,
        kind: item.kind,
        name: item.name,
        team: item.team,
        source: item.source,
        line: item.line,
        reason: item.jobReason ?? '',
      });
    }
    const idleCpu = BigInt(item.idleInit.cpu) * BigInt(pods);
    const idleMem = BigInt(item.idleInit.memory) * BigInt(pods);
    if (idleCpu > 0n || idleMem > 0n) {
      idleInit.push({
        namespace: item.namespace,
        kind: item.kind,
        name: item.name,
        team: item.team,
        source: item.source,
        line: item.line,
        cpuCores: round(cores(idleCpu), 3),
        memoryGib: round(gib(idleMem), 3),
      });
    }
  }

  const groups = (m: Map<string, Acc>): GroupReport[] =>
    [...m].sort(([a], [b]) => cmp(a, b)).map(([k, acc]) => ({ key: k, ...figures(acc, pricing) }));
  const severityRank: Record<Severity, number> = { ERROR: 0, WARNING: 1, INFO: 2 };
  const sidecars = sidecarEntries(counted, nodeCount, pricing);

  return {
    schemaVersion: FLEET_SCHEMA_VERSION,
    kubernetesVersion: options.kubernetesVersion,
    pricing,
    teamLabels,
    nodeCount,
    objects: {
      read: input.items.length + (input.folded ?? 0),
      counted: counted.length,
      foldedIntoOwner: folded + (input.folded ?? 0),
    },
    totals: figures(totals, pricing),
    namespaces: groups(namespaces),
    teams: groups(teams),
    helpers: [...helpers.values()]
      .map((g) => ({ ...g, migrate: g.migrate.sort(refOrder) }))
      .sort((a, b) => b.legacy - a.legacy || b.native - a.native || cmp(a.helper, b.helper)),
    injected: [...injected.values()].sort(
      (a, b) => b.count - a.count || cmp(a.injector, b.injector) || cmp(a.mode, b.mode),
    ),
    qosLowered,
    jobsNeverComplete,
    idleInit,
    findingsByRule: [...findingsByRule.values()].sort(
      (a, b) =>
        severityRank[a.severity] - severityRank[b.severity] ||
        b.count - a.count ||
        cmp(a.ruleId, b.ruleId),
    ),
    sidecars,
    diagnostics: [...(input.diagnostics ?? [])].sort(
      (a, b) => cmp(a.source, b.source) || (a.line ?? 0) - (b.line ?? 0),
    ),
    changes: baseline ? diffSidecars(baseline.items, counted, sidecars, nodeCount, pricing) : null,
  };
}

function sidecarEntries(
  counted: readonly FleetItem[],
  nodeCount: number,
  pricing: FleetPricing,
): SidecarEntry[] {
  const out: SidecarEntry[] = [];
  for (const item of counted) {
    const n = BigInt(podsOf(item, nodeCount));
    for (const c of item.containers) {
      if (!isSidecar(c)) continue;
      out.push({
        namespace: item.namespace,
        kind: item.kind,
        name: item.name,
        team: item.team,
        source: item.source,
        line: item.line,
        container: c.name,
        mode: c.role === 'SIDECAR' ? 'NATIVE' : 'LEGACY',
        helper: c.helper,
        costPerMonth: monthly(BigInt(c.requests.cpu) * n, BigInt(c.requests.memory) * n, pricing),
      });
    }
  }
  return out.sort((a, b) => refOrder(a, b) || cmp(a.container, b.container));
}

const sidecarKey = (s: SidecarEntry): string =>
  `${key(s.namespace, s.kind, s.name)}\u0000${s.container}`;

function sidecarCosts(
  counted: readonly FleetItem[],
  nodeCount: number,
  pricing: FleetPricing,
): { total: number; byNamespace: Map<string, number> } {
  const total = newAcc();
  const ns = new Map<string, Acc>();
  for (const item of counted) {
    const pods = podsOf(item, nodeCount);
    add(total, item, pods);
    const k = item.namespace ?? '(none)';
    if (!ns.has(k)) ns.set(k, newAcc());
    add(ns.get(k)!, item, pods);
  }
  const cost = (a: Acc): number =>
    cores(a.scCpu) * pricing.cpuPerVcpuHour * pricing.hoursPerMonth +
    gib(a.scMem) * pricing.memoryPerGibHour * pricing.hoursPerMonth;
  return { total: cost(total), byNamespace: new Map([...ns].map(([k, a]) => [k, cost(a)])) };
}

function diffSidecars(
  baselineItems: readonly FleetItem[],
  currentItems: readonly FleetItem[],
  current: SidecarEntry[],
  nodeCount: number,
  pricing: FleetPricing,
): FleetChanges {
  const { counted } = countedItems(baselineItems);
  const before = sidecarEntries(counted, nodeCount, pricing);
  const old = new Map(before.map((s) => [sidecarKey(s), s]));
  const now = new Map(current.map((s) => [sidecarKey(s), s]));
  const added = current.filter((s) => !old.has(sidecarKey(s)));
  const removed = before.filter((s) => !now.has(sidecarKey(s)));
  const migrated = current.filter(
    (s) => old.get(sidecarKey(s))?.mode === 'LEGACY' && s.mode === 'NATIVE',
  );
  const regressed = current.filter(
    (s) => old.get(sidecarKey(s))?.mode === 'NATIVE' && s.mode === 'LEGACY',
  );
  const was = sidecarCosts(counted, nodeCount, pricing);
  const is = sidecarCosts(currentItems, nodeCount, pricing);
  const namespaces = new Set([...was.byNamespace.keys(), ...is.byNamespace.keys()]);
  const count = (list: SidecarEntry[], mode: 'NATIVE' | 'LEGACY'): number =>
    list.filter((s) => s.mode === mode).length;
  return {
    baselineWorkloads: counted.length,
    added,
    removed,
    migrated,
    regressed,
    baselineSidecarCostPerMonth: round(was.total, 2),
    sidecarCostDeltaPerMonth: round(is.total - was.total, 2),
    legacyDelta: count(current, 'LEGACY') - count(before, 'LEGACY'),
    nativeDelta: count(current, 'NATIVE') - count(before, 'NATIVE'),
    byNamespace: [...namespaces]
      .map((k) => ({
        key: k,
        sidecarCostDeltaPerMonth: round(
          (is.byNamespace.get(k) ?? 0) - (was.byNamespace.get(k) ?? 0),
          2,
        ),
      }))
      .filter((e) => e.sidecarCostDeltaPerMonth !== 0)
      .sort((a, b) => cmp(a.key, b.key)),
  };
}

/** The findings of the counted workloads, in report order, for SARIF. */
export function fleetFindings(items: readonly FleetItem[]): {
  source: string;
  workload: string;
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  container: string | null;
  line: number | null;
  column: number | null;
}[] {
  const { counted } = countedItems(items);
  counted.sort((a, b) => refOrder(refOf(a), refOf(b)));
  return counted.flatMap((item) =>
    item.findings.map((f) => ({
      source: item.source,
      workload: `${item.namespace ? `${item.namespace}/` : ''}${item.kind}/${item.name ?? ''}`,
      ...f,
    })),
  );
}
