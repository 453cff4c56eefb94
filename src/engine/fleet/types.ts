// Types of the fleet report: what a whole cluster dump costs in sidecars and what to migrate.
// Every per-workload figure is read from the engine's own workload report (classification,
// resources, lifecycle, findings); this folder only aggregates.
import type { ContainerRole, Severity } from '../report';
import type { QosClass } from '../resources';
import type { ReplicaBasis } from '../workload';

export const FLEET_SCHEMA_VERSION = 1;

/** Prices and multipliers of the report, echoed in every output (never hidden). */
export interface FleetPricing {
  /** Price of one vCPU (one core of requests) for one hour. */
  cpuPerVcpuHour: number;
  /** Price of one GiB of memory requests for one hour. */
  memoryPerGibHour: number;
  /** Hours the monthly figures stand for (730 = 365 × 24 / 12). */
  hoursPerMonth: number;
  currency: string;
}

/**
 * Defaults: Google Compute Engine E2 on-demand prices in us-central1 (cloud.google.com/compute/
 * vm-instance-pricing, "E2 machine types", custom vCPU / memory per hour), 730 hours a month.
 */
export const DEFAULT_FLEET_PRICING: FleetPricing = {
  cpuPerVcpuHour: 0.021811,
  memoryPerGibHour: 0.002923,
  hoursPerMonth: 730,
  currency: 'USD',
};

/** Labels read, in order, for a workload's owning team (the first one set wins). */
export const DEFAULT_TEAM_LABELS: readonly string[] = ['team', 'app.kubernetes.io/part-of'];

/** Nodes a DaemonSet runs on when the dump does not say (one pod per node). */
export const DEFAULT_NODE_COUNT = 3;

export interface FleetOptions {
  pricing?: Partial<FleetPricing>;
  teamLabels?: readonly string[];
  /** Pods of each DaemonSet (one per node). */
  nodeCount?: number;
}

/** Exact requests in nano-units (nanocores, nanobytes) as decimal strings: JSON-safe and summable. */
export interface NanoRequests {
  cpu: string;
  memory: string;
}

export interface FleetOwnerRef {
  kind: string;
  name: string;
  uid: string | null;
}

export interface FleetContainer {
  name: string;
  role: ContainerRole;
  legacySidecar: boolean;
  /** The recognised helper's product (Istio, Cloud SQL Auth Proxy, ...), or null. */
  helper: string | null;
  helperId: string | null;
  /** Requests after API defaulting (a limit without request becomes the request). */
  requests: NanoRequests;
  /** A rule offers a mechanical fixedManifest for this container (the engine fixes only where safe). */
  certainFix: boolean;
  /** The rule that offers it. */
  fixRule: string | null;
}

export interface FleetFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  container: string | null;
  /** Position in the source file (dump coordinates), when known. */
  line: number | null;
  column: number | null;
}

/** Who an object is and who owns it: what counting owners once needs. */
export interface FleetIdentity {
  kind: string;
  name: string | null;
  namespace: string | null;
  uid: string | null;
  owners: FleetOwnerRef[];
  /** The pod-template-hash label of a Deployment's pod (names its ReplicaSet). */
  podTemplateHash: string | null;
}

/** One workload as the engine analysed it, reduced to what the fleet report needs. */
export interface FleetItem extends FleetIdentity {
  /** The input it came from (file path, "<stdin>", upload name). */
  source: string;
  /** 1-based line of the object in the source. */
  line: number;
  team: string | null;
  replicas: number;
  replicaBasis: ReplicaBasis;
  containers: FleetContainer[];
  /** Effective pod requests (what the scheduler reserves for one pod). */
  podRequests: NanoRequests;
  /** App containers plus sidecars, once init is over. */
  runningRequests: NanoRequests;
  /** Init peak above the running sum: reserved for the pod's life, used only during init. */
  idleInit: NanoRequests;
  qosClass: QosClass;
  /** Sidecars that alone turn an otherwise Guaranteed pod Burstable. */
  qosLoweredBy: string[];
  /** Job/CronJob pods only: true when the pod never completes; null for other kinds. */
  jobNeverCompletes: boolean | null;
  jobReason: string | null;
  injected: { injector: string; container: string; mode: string }[];
  findings: FleetFinding[];
}

/** A problem reading the input (syntax, unknown kind): where and what. */
export interface FleetDiagnostic {
  source: string;
  severity: Severity;
  reason: string;
  path: string | null;
  message: string;
  line: number | null;
  column: number | null;
}

export interface Resources {
  /** Cores of cpu requests. */
  cpuCores: number;
  /** GiB (2^30 bytes) of memory requests. */
  memoryGib: number;
}

export interface GroupFigures {
  workloads: number;
  workloadsByKind: Record<string, number>;
  /** Pods that run: Σ replicas (Job parallelism; a DaemonSet × node count). */
  pods: number;
  /** Containers of the pod templates (once per workload, not × replicas). */
  containers: { app: number; nativeSidecar: number; legacySidecar: number; init: number };
  injectedSidecars: number;
  /** Native plus legacy sidecars' requests: one pod of each workload, and × its pods. */
  sidecarRequests: { perReplica: Resources; total: Resources };
  /** All running containers' requests × pods (what the sidecars' share is of). */
  runningRequests: Resources;
  /** Sidecar requests / running requests, percent (1 decimal); null when nothing requests it. */
  sidecarShare: { cpuPercent: number | null; memoryPercent: number | null };
  /** Monthly cost of the sidecars' requests at the report's prices. */
  sidecarCostPerMonth: number;
  /** Init reservations idle while the pods run, × pods. */
  idleInit: Resources;
  idleInitCostPerMonth: number;
  idleInitWorkloads: number;
  qosLowered: number;
  jobsNeverComplete: number;
  findings: Record<Severity, number>;
}

export interface GroupReport extends GroupFigures {
  /** Namespace or team; "(none)" / "(unlabelled)" when missing. */
  key: string;
}

export interface WorkloadRef {
  namespace: string | null;
  kind: string;
  name: string | null;
  team: string | null;
  source: string;
  line: number;
}

export interface LegacySidecarEntry extends WorkloadRef {
  container: string;
  certainFix: boolean;
  fixRule: string | null;
}

export interface HelperGroup {
  /** The helper project (product), or "unrecognised" for a container classified by its role alone. */
  helper: string;
  helperId: string | null;
  legacy: number;
  native: number;
  legacyWithCertainFix: number;
  legacyWithoutFix: number;
  /** The legacy sidecars to migrate. */
  migrate: LegacySidecarEntry[];
}

export interface SidecarEntry extends WorkloadRef {
  container: string;
  mode: 'NATIVE' | 'LEGACY';
  helper: string | null;
  /** Monthly cost of this sidecar's requests × pods. */
  costPerMonth: number;
}

export interface FleetChanges {
  baselineWorkloads: number;
  added: SidecarEntry[];
  removed: SidecarEntry[];
  /** Legacy in the baseline, native now. */
  migrated: SidecarEntry[];
  /** Native in the baseline, legacy now. */
  regressed: SidecarEntry[];
  baselineSidecarCostPerMonth: number;
  sidecarCostDeltaPerMonth: number;
  legacyDelta: number;
  nativeDelta: number;
  byNamespace: { key: string; sidecarCostDeltaPerMonth: number }[];
}

export interface FleetReport {
  schemaVersion: number;
  kubernetesVersion: string;
  pricing: FleetPricing;
  teamLabels: string[];
  nodeCount: number;
  /** Objects read; Pods and Jobs whose owner is in the dump are folded into it, counted once. */
  objects: { read: number; counted: number; foldedIntoOwner: number };
  totals: GroupFigures;
  namespaces: GroupReport[];
  teams: GroupReport[];
  helpers: HelperGroup[];
  injected: { injector: string; mode: string; count: number }[];
  qosLowered: (WorkloadRef & { qosClass: QosClass; sidecars: string[] })[];
  jobsNeverComplete: (WorkloadRef & { reason: string })[];
  idleInit: (WorkloadRef & Resources)[];
  findingsByRule: { ruleId: string; severity: Severity; count: number }[];
  sidecars: SidecarEntry[];
  diagnostics: FleetDiagnostic[];
  changes: FleetChanges | null;
}

/** What summarising one chunk of the dump gives: the items and the problems reading them. */
export interface FleetChunkResult {
  items: FleetItem[];
  diagnostics: FleetDiagnostic[];
  /** Owned objects set aside (SummarizeOptions.deferOwned): analysed later only if their owner is absent. */
  deferred?: { identity: FleetIdentity; unit: import('./split').DumpUnit }[];
}
