import type { Recommendation } from './advice';
import { recommendPatterns } from './advice';
import type { InjectedSidecar } from './classification';
import {
  classifyContainers,
  detectInjectedSidecars,
  toClassifiedContainerReport,
} from './classification';
import { listContainers } from './containers';
import type { SuppressedFinding } from './exemptions';
import { applyExemptions } from './exemptions';
import { readManifest, readManifestEach } from './intake';
import { validateWorkload } from './validation';
import type { LifecycleReport, TimingInput } from './lifecycle';
import {
  lifecycleFromPortable,
  portableLifecycle,
  simulateLifecycle,
  validateTimingInput,
} from './lifecycle';
import { featureGatesFor, parseKubernetesVersion } from './k8s/version';
import type { ContainerReport, Diagnostic } from './report';
import { REPORT_SCHEMA_VERSION } from './report';
import { analyzeResources, type ResourceReport } from './resources';
import type { Finding, SeverityOverride } from './rules';
import { buildRuleContext, runRules, validateSeverityOverrides } from './rules';
import type { Workload, WorkloadContext } from './workload';

export interface AnalyzeOptions {
  /** "1.28" .. newest supported; default the newest. */
  kubernetesVersion?: string | null;
  /** Timing assumptions for the lifecycle simulation; every field has a documented default. */
  timing?: TimingInput | null;
  /** Per-rule severity or 'off', by rule id; an unknown id is an option issue. */
  severityOverrides?: Record<string, SeverityOverride> | null;
  /**
   * Compute findings' fixed manifests (default true). Fixes re-read and re-print the document,
   * the most expensive step of a small analysis: callers that will not show them turn them off.
   */
  includeFixes?: boolean;
}

/** The analysis of one pod template found in the manifest. */
export interface WorkloadReport {
  /** Index of the YAML document the workload came from (0-based). */
  document: number;
  /**
   * Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or
   * CronJob.
   */
  kind: string;
  /** metadata.name; null when the manifest sets none (a diagnostic says so). */
  name: string | null;
  /** metadata.namespace, when the manifest sets it. */
  namespace: string | null;
  /**
   * Replicas of the workload (1 for a Pod or Job with no parallelism; per node for a DaemonSet).
   */
  replicas: number;
  /** Init containers, sidecars and app containers, in the order the kubelet starts them. */
  containers: ContainerReport[];
  /** Effective requests and limits, QoS class, and what the sidecars and init containers cost. */
  resources: ResourceReport;
  /** Start-up, readiness, termination and Job completion as timelines. */
  lifecycle: LifecycleReport;
  /** Problems found by the rules, most severe first. */
  findings: Finding[];
  /**
   * Findings exempted by a `sidecar-lens.io/ignore-<rule-id>` annotation on the object or its pod
   * template, with the reason given there.
   */
  suppressedFindings: SuppressedFinding[];
  /** Whether each multi-container pattern used (or missing) here is the right tool. */
  recommendations: Recommendation[];
  /** Sidecars an admission webhook will add to this pod (from its annotations and labels). */
  injectedSidecars: InjectedSidecar[];
}

/** The analysis of a manifest: one report per pod template, and the problems with the input. */
export interface AnalysisReport {
  /** Version of the report's shape; bumped when its meaning changes. */
  schemaVersion: number;
  /** The Kubernetes version the rules followed. */
  kubernetesVersion: string;
  /** One entry per pod template found in the manifest, in document order. */
  workloads: WorkloadReport[];
  /** Problems with the input itself: YAML/JSON syntax, unknown kinds, Kubernetes API validation. */
  diagnostics: Diagnostic[];
}

/** A problem with the analysis options themselves (not with the manifest): the caller's input error. */
export interface OptionIssue {
  /** The option's field path, as the API names it: kubernetesVersion, timing.containers[0].name. */
  field: string;
  message: string;
}

export type AnalyzeResult =
  { ok: true; report: AnalysisReport } | { ok: false; issues: OptionIssue[] };

/** Manifest text in, report out. Pure and deterministic. */
export function analyzeManifest(text: string, options: AnalyzeOptions = {}): AnalyzeResult {
  return analyze(text, options, false).result;
}

/**
 * analyzeManifest, plus the workloads intake read (same order as report.workloads): callers that
 * aggregate many workloads (the fleet report) read their metadata (labels, ownerReferences, uid)
 * and per-container resources without parsing the text twice.
 */
export function analyzeManifestWithWorkloads(
  text: string,
  options: AnalyzeOptions = {},
): { result: AnalyzeResult; workloads: Workload[] } {
  return analyze(text, options, true);
}

/** How many read workloads wait to be analysed together (see analyze). */
const ANALYSE_EVERY = 32;

function analyze(
  text: string,
  options: AnalyzeOptions,
  keepWorkloads: boolean,
): { result: AnalyzeResult; workloads: Workload[] } {
  const parsedVersion = parseKubernetesVersion(options.kubernetesVersion);
  if (!parsedVersion.ok) {
    return {
      result: {
        ok: false,
        issues: [{ field: 'kubernetesVersion', message: parsedVersion.message }],
      },
      workloads: [],
    };
  }
  const version = parsedVersion.version;
  const gates = featureGatesFor(version);
  const ruleOptions = {
    source: options.includeFixes === false ? null : text,
    severityOverrides: options.severityOverrides ?? null,
  };
  const exemptionDiagnostics: Diagnostic[] = [];
  const analyse = (workload: Workload): WorkloadReport => {
    const ctx: WorkloadContext = { workload, version, gates, memo: {} };
    // classify: roles, helpers, patterns, and the sidecars a webhook will add
    const containers = classifyContainers(ctx);
    const injectedSidecars = detectInjectedSidecars(ctx);
    // resources, then lifecycle
    const resources = analyzeResources(ctx);
    const lifecycle = simulateLifecycle(ctx, containers, options.timing);
    // rules, less what the workload exempts
    const stages = { containers, injectedSidecars, resources, lifecycle };
    const exempted = applyExemptions(
      workload,
      runRules(buildRuleContext(ctx, stages), ruleOptions),
    );
    for (const d of exempted.diagnostics) exemptionDiagnostics.push(d);
    // advice
    const recommendations = recommendPatterns(ctx, stages);
    return {
      document: workload.document,
      kind: workload.kind,
      name: workload.name,
      namespace: workload.namespace,
      replicas: workload.replicas,
      containers: containers.map(toClassifiedContainerReport),
      resources,
      lifecycle,
      findings: exempted.findings,
      suppressedFindings: exempted.suppressedFindings,
      recommendations,
      injectedSidecars,
    };
  };
  const ok = (
    reports: WorkloadReport[],
    diagnostics: Diagnostic[],
    workloads: Workload[],
  ): { result: AnalyzeResult; workloads: Workload[] } => ({
    result: {
      ok: true,
      report: {
        schemaVersion: REPORT_SCHEMA_VERSION,
        kubernetesVersion: version.text,
        workloads: reports,
        diagnostics: diagnostics.concat(exemptionDiagnostics),
      },
    },
    workloads,
  });

  if (options.timing) {
    // Timing assumptions name containers of the whole manifest: every workload is read before
    // any is analysed, so that the names can be checked first.
    // read, validating each workload as it is read (its diagnostics keep their document order)
    const intake = readManifest(text, { version, validate: validateWorkload });
    const containerNames = intake.workloads.flatMap((w) => listContainers(w).map((c) => c.name));
    const timingIssues = validateTimingInput(options.timing, containerNames, {
      checkNames: intake.workloads.length > 0,
    });
    if (timingIssues.length > 0) {
      return { result: { ok: false, issues: timingIssues }, workloads: [] };
    }
    const overrideIssues = validateSeverityOverrides(options.severityOverrides);
    if (overrideIssues.length > 0) {
      return { result: { ok: false, issues: overrideIssues }, workloads: [] };
    }
    return ok(intake.workloads.map(analyse), intake.diagnostics, intake.workloads);
  }

  // Without timing assumptions the options depend on nothing read: they are checked first.
  const overrideIssues = validateSeverityOverrides(options.severityOverrides);
  if (overrideIssues.length > 0) {
    return { result: { ok: false, issues: overrideIssues }, workloads: [] };
  }
  // Workloads are analysed soon after they are read (read, validating each workload as it is
  // read, then classify, resources, lifecycle, rules, advice), and only their reports are kept:
  // a long stream never holds more than a few dozen documents' intake (their js-yaml events and
  // data), where all of it used to stay alive until the last report was built and the garbage
  // collector copied and promoted it in proportion to the number of documents.
  const reports: WorkloadReport[] = [];
  const workloads: Workload[] = [];
  // Read workloads wait for a few more before they are analysed: reading runs in one stretch,
  // then analysing (each keeps its code and data hot), and no more than this many wait.
  let waiting: Workload[] = [];
  const flush = (): void => {
    for (const workload of waiting) reports.push(analyse(workload));
    waiting = [];
  };
  const diagnostics = readManifestEach(
    text,
    { version, validate: validateWorkload },
    {
      take: (list) => {
        for (const workload of list) {
          waiting.push(workload);
          if (keepWorkloads) workloads.push(workload);
        }
        if (waiting.length >= ANALYSE_EVERY) flush();
      },
      restart: () => {
        reports.length = 0;
        workloads.length = 0;
        waiting = [];
        exemptionDiagnostics.length = 0;
      },
    },
  );
  flush();
  return ok(reports, diagnostics, workloads);
}

/**
 * The report as plain data for a worker thread's message or storage, without drawing its
 * pictures: each lifecycle carries its charts' data instead (lifecycle/pictures.ts).
 */
export function portableReport(report: AnalysisReport): AnalysisReport {
  return {
    ...report,
    workloads: report.workloads.map((w) => ({
      ...w,
      lifecycle: portableLifecycle(w.lifecycle) as LifecycleReport,
    })),
  };
}

/** A report from `portableReport` (or stored with drawn pictures), pictures drawn on first read. */
export function reportFromPortable(report: AnalysisReport): AnalysisReport {
  return {
    ...report,
    workloads: report.workloads.map((w) => ({
      ...w,
      lifecycle: lifecycleFromPortable(w.lifecycle),
    })),
  };
}
