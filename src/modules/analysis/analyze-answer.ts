// The body of POST /v1/analyze: the engine's report, with the lifecycle pictures and the fixed
// manifests only when the request asks for them (pictures=true, fixes=true). It is serialised
// where the analysis ran: for a large manifest in the worker thread, so the event loop only
// writes the string (a 500-workload report is megabytes of JSON).
import type {
  AnalysisReport,
  Finding,
  LifecycleReport,
  SuppressedFinding,
  WorkloadReport,
} from '../../engine';

/** A lifecycle in the REST answer: the pictures come only with `pictures=true`. */
export interface AnalyzeAnswerLifecycle extends Omit<
  LifecycleReport,
  'svg' | 'mermaid' | 'mermaidTermination'
> {
  /**
   * Only with `pictures=true`: a standalone SVG with both timelines (one lane per container,
   * probe windows, SIGTERM/SIGKILL marks).
   */
  svg?: string;
  /** Only with `pictures=true`: Mermaid gantt text of the start-up (for Jobs, the run to completion). */
  mermaid?: string;
  /** Only with `pictures=true`: Mermaid gantt text of the termination. */
  mermaidTermination?: string;
}

/** A finding in the REST answer: the fixed manifest only with `fixes=true`. */
export interface AnalyzeAnswerFinding extends Omit<Finding, 'fixedManifest'> {
  /**
   * With `fixes=true`: a fixed manifest (YAML) for the whole document, where the rule can fix it
   * mechanically (formatting and comments kept), else null. Always null without `fixes=true`.
   */
  fixedManifest: string | null;
}

/** A suppressed finding in the REST answer (fixed manifest as in AnalyzeAnswerFinding). */
export interface AnalyzeAnswerSuppressedFinding extends Omit<SuppressedFinding, 'fixedManifest'> {
  /** With `fixes=true`: the fixed manifest where the rule offers one, else null. Always null without. */
  fixedManifest: string | null;
}

/** One workload of the REST answer. */
export interface AnalyzeAnswerWorkload extends Omit<
  WorkloadReport,
  'lifecycle' | 'findings' | 'suppressedFindings'
> {
  /** Start-up, readiness, termination and Job completion as timelines (pictures on request). */
  lifecycle: AnalyzeAnswerLifecycle;
  /** Problems found by the rules, most severe first. */
  findings: AnalyzeAnswerFinding[];
  /**
   * Findings exempted by a `sidecar-lens.io/ignore-<rule-id>` annotation on the object or its pod
   * template, with the reason given there.
   */
  suppressedFindings: AnalyzeAnswerSuppressedFinding[];
}

/**
 * The answer of POST /v1/analyze: the analysis report, without the lifecycle pictures unless
 * `pictures=true` and with every `fixedManifest` null unless `fixes=true`.
 */
export interface AnalyzeAnswer extends Omit<AnalysisReport, 'workloads'> {
  /** One entry per pod template found in the manifest, in document order. */
  workloads: AnalyzeAnswerWorkload[];
}

/** What the REST answer carries beyond the report's data. */
export interface AnswerOptions {
  pictures: boolean;
  /** MAX_RESPONSE_BYTES: a larger answer is refused (413), before all its pictures are drawn. */
  maxBytes: number;
}

/**
 * The answer as UTF-8 JSON, or how large it would have been. The bytes have an ArrayBuffer of
 * their own, so a worker thread can hand them over without a copy.
 */
export type SerializedAnswer =
  { ok: true; body: Uint8Array } | { ok: false; bytes: number; atLeast: boolean };

/** The lifecycle fields that are pictures, drawn lazily by the engine on first read. */
const PICTURE_FIELDS = [
  'svg',
  'mermaid',
  'mermaidTermination',
] as const satisfies readonly (keyof LifecycleReport)[];
const PICTURES = new Set<string>(PICTURE_FIELDS);

/** The report without its pictures, which are never read, so never drawn. */
function withoutPictures(report: AnalysisReport): AnalyzeAnswer {
  return {
    ...report,
    workloads: report.workloads.map((w) => {
      const lifecycle: Record<string, unknown> = {};
      for (const key of Object.keys(w.lifecycle)) {
        if (!PICTURES.has(key)) lifecycle[key] = w.lifecycle[key as keyof LifecycleReport];
      }
      return { ...w, lifecycle: lifecycle as unknown as AnalyzeAnswerLifecycle };
    }),
  };
}

/**
 * The answer as JSON within `maxBytes`. The pictures are most of a report and drawn on first
 * read: the report is measured without them, then picture by picture, so an answer that cannot
 * fit is refused before all of them are drawn.
 */
export function serializeAnswer(report: AnalysisReport, options: AnswerOptions): SerializedAnswer {
  const bare = JSON.stringify(withoutPictures(report));
  if (!options.pictures) return encoded(bare, options.maxBytes);
  let bytes = Buffer.byteLength(bare, 'utf8');
  for (const w of report.workloads) {
    for (const field of PICTURE_FIELDS) {
      if (bytes > options.maxBytes) return { ok: false, bytes, atLeast: true };
      // "field":"…", with the picture's JSON escaping.
      bytes += field.length + 4 + Buffer.byteLength(JSON.stringify(w.lifecycle[field]), 'utf8');
    }
  }
  return encoded(JSON.stringify(report), options.maxBytes);
}

const utf8 = new TextEncoder();

function encoded(json: string, maxBytes: number): SerializedAnswer {
  // A UTF-16 unit is at most three UTF-8 bytes, at least one: most answers are decided by length.
  if (json.length > maxBytes) return { ok: false, bytes: Buffer.byteLength(json), atLeast: false };
  const body = utf8.encode(json);
  return body.byteLength > maxBytes
    ? { ok: false, bytes: body.byteLength, atLeast: false }
    : { ok: true, body };
}

/** What the metrics count of a report, so a worker need not send the report itself. */
export interface ReportTally {
  /** Workloads by kind. */
  workloads: Record<string, number>;
  /** Findings by "rule\tseverity". */
  findings: Record<string, number>;
  /** Diagnostics by "reason\tseverity". */
  diagnostics: Record<string, number>;
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export function tallyReport(report: AnalysisReport): ReportTally {
  const tally: ReportTally = { workloads: {}, findings: {}, diagnostics: {} };
  for (const w of report.workloads) {
    bump(tally.workloads, w.kind);
    for (const f of w.findings) bump(tally.findings, `${f.ruleId}\t${f.severity}`);
  }
  for (const d of report.diagnostics) bump(tally.diagnostics, `${d.reason}\t${d.severity}`);
  return tally;
}
