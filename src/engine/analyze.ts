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
import { readManifest } from './intake';
import { validateWorkload } from './validation';
import type { LifecycleReport, TimingInput } from './lifecycle';
import { simulateLifecycle, validateTimingInput } from './lifecycle';
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

export interface WorkloadReport {
  document: number;
  kind: string;
  name: string | null;
  namespace: string | null;
  replicas: number;
  containers: ContainerReport[];
  /** Effective requests/limits, QoS and where the numbers come from (docs/kubernetes-behaviour.md#resources, #qos). */
  resources: ResourceReport;
  /** Start-up, termination and Job completion timelines (docs/kubernetes-behaviour.md#start-up, #termination, #jobs). */
  lifecycle: LifecycleReport;
  /** Rule findings, sorted by severity, rule id and path. */
  findings: Finding[];
  /** Findings the workload exempts with a `sidecar-lens.io/ignore-<rule-id>` annotation, with its reason. */
  suppressedFindings: SuppressedFinding[];
  /** Pattern advice per container and for the workload. */
  recommendations: Recommendation[];
  /** Sidecars a mutating webhook will add at admission. */
  injectedSidecars: InjectedSidecar[];
}

export interface AnalysisReport {
  schemaVersion: number;
  kubernetesVersion: string;
  workloads: WorkloadReport[];
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
  return analyzeManifestWithWorkloads(text, options).result;
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

  const exemptionDiagnostics: Diagnostic[] = [];
  const workloads = intake.workloads.map((workload): WorkloadReport => {
    const ctx: WorkloadContext = { workload, version, gates };
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
      runRules(buildRuleContext(ctx, stages), {
        source: options.includeFixes === false ? null : text,
        severityOverrides: options.severityOverrides ?? null,
      }),
    );
    exemptionDiagnostics.push(...exempted.diagnostics);
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
  });

  return {
    result: {
      ok: true,
      report: {
        schemaVersion: REPORT_SCHEMA_VERSION,
        kubernetesVersion: version.text,
        workloads,
        diagnostics: [...intake.diagnostics, ...exemptionDiagnostics],
      },
    },
    workloads: intake.workloads,
  };
}
