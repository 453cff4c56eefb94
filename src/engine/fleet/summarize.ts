// One unit of a dump through the engine, reduced to the fleet's figures. Runs in worker threads
// (CLI) and in queue workers (service): JSON in, JSON out, nothing kept between calls.
import { analyzeManifestWithWorkloads } from '../analyze';
import type { AnalyzeOptions, WorkloadReport } from '../analyze';
import { classifyContainers } from '../classification';
import { featureGatesFor, parseKubernetesVersion } from '../k8s/version';
import type { FeatureGates, KubernetesVersion } from '../k8s/version';
import type { ObjectMeta } from '../k8s/types';
import type { Quantity } from '../quantity';
import { parseQuantity } from '../quantity';
import { aggregateContainers, readDefaultedPodResources } from '../resources';
import type { QuantityList } from '../resources';
import { buildRuleContext, runRulesWithFixOffered } from '../rules';
import type { Workload } from '../workload';
import { readDocuments } from '../intake/yaml-reader';
import type { DumpUnit } from './split';
import type {
  FleetChunkResult,
  FleetContainer,
  FleetIdentity,
  FleetDiagnostic,
  FleetItem,
  FleetOwnerRef,
  NanoRequests,
} from './types';
import { DEFAULT_TEAM_LABELS } from './types';

export interface SummarizeOptions {
  kubernetesVersion?: string | null;
  teamLabels?: readonly string[];
  /**
   * Set aside Pods, ReplicaSets and Jobs that name an owner (ownerReferences) instead of analysing
   * them: most belong to a workload in the same dump and are folded into it. The caller analyses
   * those whose owner is absent (resolveDeferred) once every unit is read.
   */
  deferOwned?: boolean;
}

const nanosOf = (list: QuantityList, resource: string): bigint => list.get(resource)?.nanos ?? 0n;

const toNano = (list: QuantityList): NanoRequests => ({
  cpu: nanosOf(list, 'cpu').toString(),
  memory: nanosOf(list, 'memory').toString(),
});

const ZERO: NanoRequests = { cpu: '0', memory: '0' };

function amountNanos(quantity: string | undefined): bigint {
  if (!quantity) return 0n;
  const q = parseQuantity(quantity);
  return q.ok ? (q.quantity as Quantity).nanos : 0n;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function ownersOf(meta: ObjectMeta): FleetOwnerRef[] {
  const refs = meta['ownerReferences'];
  if (!Array.isArray(refs)) return [];
  return refs.flatMap((r: unknown): FleetOwnerRef[] => {
    if (typeof r !== 'object' || r === null) return [];
    const o = r as Record<string, unknown>;
    const kind = str(o['kind']);
    const name = str(o['name']);
    return kind && name ? [{ kind, name, uid: str(o['uid']) }] : [];
  });
}

function teamOf(workload: Workload, labels: readonly string[]): string | null {
  for (const label of labels) {
    const v = str(workload.objectMeta.labels?.[label]) ?? str(workload.podMeta.labels?.[label]);
    if (v) return v;
  }
  return null;
}

function summarizeWorkload(
  unit: DumpUnit,
  text: string,
  workload: Workload,
  report: WorkloadReport,
  version: KubernetesVersion,
  gates: FeatureGates,
  teamLabels: readonly string[],
): FleetItem {
  const sidecarsEnabled = gates.SidecarContainers;
  const podLevelEnabled = gates.PodLevelResources;
  // The pod as the analysis read it (requests defaulted from limits), read again from the spec:
  // the analysis kept its read only for its own stages.
  const pod = readDefaultedPodResources(workload.spec, sidecarsEnabled);
  const perContainer = new Map<string, QuantityList>();
  for (const c of [...pod.initContainers, ...pod.containers]) {
    perContainer.set(`${c.role === 'APP' ? 'c' : 'i'}/${c.name}`, c.requests);
  }
  const running = aggregateContainers(pod, 'requests', {
    skipPodLevelResources: !podLevelEnabled,
  }).running;

  // A certain fix is a fixedManifest a rule offers for the legacy sidecar (the engine fixes only
  // where safe). Whether one is offered needs the document parsed and the fix applied (never
  // printed): only for workloads that have a legacy sidecar.
  const fixes = new Map<string, string>();
  if (report.containers.some((c) => c.legacySidecar)) {
    const ctx = { workload, version, gates };
    const ruleCtx = buildRuleContext(ctx, {
      containers: classifyContainers(ctx),
      injectedSidecars: report.injectedSidecars,
      resources: report.resources,
      lifecycle: report.lifecycle,
    });
    for (const { finding: f, fixOffered } of runRulesWithFixOffered(ruleCtx, {
      source: text,
      firstPerContainer: true,
    })) {
      if (f.container !== null && fixOffered && !fixes.has(f.container)) {
        fixes.set(f.container, f.ruleId);
      }
    }
  }
  const containers = report.containers.map((c): FleetContainer => {
    const requests = perContainer.get(`${c.role === 'APP' ? 'c' : 'i'}/${c.name}`);
    return {
      name: c.name,
      role: c.role,
      legacySidecar: c.legacySidecar,
      helper: c.helper?.product ?? null,
      helperId: c.helper?.id ?? null,
      requests: requests ? toNano(requests) : ZERO,
      certainFix: fixes.has(c.name),
      fixRule: fixes.get(c.name) ?? null,
    };
  });

  const idle = (resource: string): string =>
    amountNanos(
      report.resources.requestBreakdown.find((b) => b.resource === resource)?.idleWhileRunning
        ?.quantity,
    ).toString();
  const at = (line: number | null): number | null => (line === null ? null : unit.line + line - 1);
  const col = (column: number | null): number | null =>
    column === null ? null : column + unit.column;
  const job = report.lifecycle.job;

  return {
    source: unit.source,
    line: at((workload.locate('kind') ?? workload.locate('metadata'))?.line ?? 1) ?? unit.line,
    kind: report.kind,
    name: report.name,
    namespace: report.namespace,
    uid: str(workload.objectMeta['uid']),
    owners: ownersOf(workload.objectMeta),
    podTemplateHash: str(workload.podMeta.labels?.['pod-template-hash']),
    team: teamOf(workload, teamLabels),
    replicas: report.replicas,
    replicaBasis: workload.replicaBasis,
    containers,
    podRequests: {
      cpu: amountNanos(
        report.resources.requests.find((r) => r.resource === 'cpu')?.quantity,
      ).toString(),
      memory: amountNanos(
        report.resources.requests.find((r) => r.resource === 'memory')?.quantity,
      ).toString(),
    },
    runningRequests: toNano(running),
    idleInit: { cpu: idle('cpu'), memory: idle('memory') },
    qosClass: report.resources.qosClass,
    qosLoweredBy: [...report.resources.qosDowngradedBySidecars],
    jobNeverCompletes: job ? job.neverCompletes : null,
    jobReason: job ? job.reason : null,
    injected: report.injectedSidecars.map((s) => ({
      injector: s.injector,
      container: s.container,
      mode: s.mode,
    })),
    findings: report.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      path: f.path,
      container: f.container,
      line: at(f.line),
      column: col(f.column),
    })),
  };
}

/** Analyses each unit with the engine and reduces every workload to a FleetItem. */
export function summarizeUnits(
  units: DumpUnit[],
  options: SummarizeOptions = {},
): FleetChunkResult {
  const parsed = parseKubernetesVersion(options.kubernetesVersion);
  if (!parsed.ok) throw new Error(`kubernetesVersion: ${parsed.message}`);
  const gates = featureGatesFor(parsed.version);
  const teamLabels = options.teamLabels ?? DEFAULT_TEAM_LABELS;
  const analyzeOptions: AnalyzeOptions = {
    kubernetesVersion: parsed.version.text,
    includeFixes: false,
  };
  const items: FleetItem[] = [];
  const diagnostics: FleetDiagnostic[] = [];
  const deferred: { identity: FleetIdentity; unit: DumpUnit }[] = [];
  for (const unit of units) {
    if (options.deferOwned) {
      const identity = ownedIdentity(unit.text);
      if (identity) {
        deferred.push({ identity, unit });
        continue;
      }
    }
    const { result, workloads } = analyzeManifestWithWorkloads(unit.text, analyzeOptions);
    if (!result.ok) continue; // options are checked above; nothing unit-specific fails here
    for (const d of result.report.diagnostics) {
      if (d.severity === 'INFO') continue;
      diagnostics.push({
        source: unit.source,
        severity: d.severity,
        reason: d.reason,
        path: d.path,
        message: d.message,
        line: d.line === null ? null : unit.line + d.line - 1,
        column: d.column === null ? null : d.column + unit.column,
      });
    }
    result.report.workloads.forEach((report, i) => {
      const workload = workloads[i];
      if (!workload) return;
      items.push(
        summarizeWorkload(unit, unit.text, workload, report, parsed.version, gates, teamLabels),
      );
    });
  }
  return { items, diagnostics, deferred };
}

const OWNED_KIND = /^kind:[ \t]*['"]?(Pod|ReplicaSet|Job)['"]?[ \t]*$/m;
const OWNER_REFS = /^[ \t]+ownerReferences:|ownerReferences:[ \t]*\[/m;

/**
 * The identity of a Pod, ReplicaSet or Job unit that names an owner, read from its metadata block
 * alone (a fraction of the object); null for anything else or when the block is not plain.
 */
export function ownedIdentity(text: string): FleetIdentity | null {
  const kind = OWNED_KIND.exec(text)?.[1];
  if (!kind || !OWNER_REFS.test(text)) return null;
  const start = /^metadata:/m.exec(text);
  if (!start) return null;
  const rest = text.slice(start.index);
  const end = /\n(?=[^ \t\n#])/.exec(rest.slice(1));
  const block = end ? rest.slice(0, end.index + 1) : rest;
  // The engine's own reader (its fast road for plain YAML such as kubectl prints).
  const doc = readDocuments(block)[0];
  if (!doc?.readable) return null;
  const meta = (doc.value as { metadata?: unknown } | null)?.metadata;
  if (typeof meta !== 'object' || meta === null) return null;
  const m = meta as ObjectMeta;
  const owners = ownersOf(m);
  if (owners.length === 0) return null;
  return {
    kind,
    name: str(m.name),
    namespace: str(m.namespace),
    uid: str(m['uid']),
    owners,
    podTemplateHash: str(m.labels?.['pod-template-hash']),
  };
}
