import { createHash } from 'node:crypto';
import { AppError } from '../../common/errors/app-error';
import type { AnalysisReport } from '../../engine';
import { REPORT_SCHEMA_VERSION, reportFromPortable } from '../../engine';
import type { RevisionSummary } from './scenario.types';

// Reasons meaning "this is not a Kubernetes object at all" (api-contract: Diagnostic.reason).
const NOT_AN_OBJECT = new Set(['SyntaxError', 'TooLarge']);

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Refuses to save a report of input that is not a Kubernetes object (YAML/JSON syntax error,
 * too large; or no workload at all and an unknown kind). Manifests with other ERROR diagnostics
 * are saved: teams track broken states too.
 */
export function checkSavable(report: AnalysisReport, field: string): void {
  const errors = report.diagnostics.filter((d) => d.severity === 'ERROR');
  const fatal = errors.filter((d) => NOT_AN_OBJECT.has(d.reason));
  const nothing = report.workloads.length === 0 && errors.some((d) => d.reason === 'UnknownKind');
  if (fatal.length === 0 && !nothing) {
    return;
  }
  const shown = fatal.length > 0 ? fatal : errors;
  throw new AppError(
    'BAD_USER_INPUT',
    `${field}: not saved, the manifest is not a Kubernetes object: ${shown[0]?.message ?? 'no workload'}`,
    shown.map((d) => ({
      field: d.path ? `${field}: ${d.path}` : field,
      message: d.message,
      reason: d.reason,
      line: d.line,
      column: d.column,
    })),
  );
}

// Diagnostics that only an object with a kind produces (a kind this product skips or does not know).
const OBJECT_WITH_KIND = new Set(['SkippedKind', 'UnknownKind']);

/** Whether a diagnostic is about an object that has a kind (its fields, not its missing kind). */
function aboutObjectWithKind(d: AnalysisReport['diagnostics'][number]): boolean {
  if (OBJECT_WITH_KIND.has(d.reason) || NOT_AN_OBJECT.has(d.reason)) return true;
  // No path: the manifest as a whole (empty, or a document that is no mapping), or a notice.
  if (d.path === null || d.reason === 'DiagnosticsTruncated') return false;
  const last = d.path.slice(d.path.lastIndexOf('.') + 1);
  // A document or List item without a (string) kind is reported at its kind or apiVersion field.
  if (last === 'kind' || last === 'apiVersion') return false;
  // A List item that is no mapping at all (items[2]).
  return !(d.reason === 'FieldValueTypeInvalid' && /^(?:.*\.)?items\[\d+\]$/.test(d.path));
}

/**
 * Whether the analysed manifest holds at least one Kubernetes object (a mapping with a kind):
 * a workload, or any diagnostic about an object with a kind (a skipped kind, a missing spec).
 * `---`, `null`, `~`, comments only, `{}`, `[]`, an empty List and documents without a kind hold
 * none. SyntaxError and TooLarge are refused by checkSavable with their own diagnostics.
 */
export function holdsKubernetesObject(report: AnalysisReport): boolean {
  return report.workloads.length > 0 || report.diagnostics.some(aboutObjectWithKind);
}

/** The summary columns stored next to the report (filters, lists, quick diffs). */
export function summarize(manifest: string, report: AnalysisReport): RevisionSummary {
  const severities: string[] = report.diagnostics.map((d) => d.severity);
  let findingCount = 0;
  const qos = new Set<string>();
  const ready: number[] = [];
  const termination: number[] = [];
  for (const w of report.workloads as unknown[]) {
    if (!isObject(w)) continue;
    for (const f of list(w.findings)) {
      findingCount++;
      if (isObject(f) && typeof f.severity === 'string') severities.push(f.severity);
    }
    const res = isObject(w.resources) ? w.resources : {};
    if (typeof res.qosClass === 'string') qos.add(res.qosClass);
    const life = isObject(w.lifecycle) ? w.lifecycle : {};
    if (typeof life.podReadyAtSeconds === 'number') ready.push(life.podReadyAtSeconds);
    if (typeof life.terminationCompletesAtSeconds === 'number') {
      termination.push(life.terminationCompletesAtSeconds);
    }
  }
  const count = (s: string): number => severities.filter((x) => x === s).length;
  return {
    workloadCount: report.workloads.length,
    errorCount: count('ERROR'),
    warningCount: count('WARNING'),
    infoCount: count('INFO'),
    findingCount,
    qosClasses: [...qos].sort(),
    podReadyAtSeconds: ready.length > 0 ? Math.max(...ready) : null,
    terminationSeconds: termination.length > 0 ? Math.max(...termination) : null,
    manifestSha256: createHash('sha256').update(manifest, 'utf8').digest('hex'),
  };
}

/**
 * A stored report, checked against its schema version before it is served: a version this code
 * does not know, or a shape that is not a report, is an internal error (never served half-read).
 * Fields added to the report since it was saved are filled with their empty values.
 */
export function readStoredReport(json: unknown, schemaVersion: number): AnalysisReport {
  if (
    !Number.isInteger(schemaVersion) ||
    schemaVersion < 1 ||
    schemaVersion > REPORT_SCHEMA_VERSION ||
    !isObject(json) ||
    !Array.isArray(json.workloads) ||
    !Array.isArray(json.diagnostics) ||
    typeof json.kubernetesVersion !== 'string'
  ) {
    throw new Error(`stored report has an unsupported shape or schema version ${schemaVersion}`);
  }
  const workloads = json.workloads.map((w: unknown) =>
    isObject(w)
      ? {
          ...w,
          findings: list(w.findings),
          // Reports stored before exemptions existed have none.
          suppressedFindings: list(w.suppressedFindings),
          recommendations: list(w.recommendations),
          resources: isObject(w.resources)
            ? { ...w.resources, phases: list(w.resources.phases) }
            : w.resources,
        }
      : w,
  );
  // Revisions keep the pictures' data (portableReport); they are drawn when read.
  return reportFromPortable({ ...json, schemaVersion, workloads } as unknown as AnalysisReport);
}
