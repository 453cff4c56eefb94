import type { AnalysisReport, Severity } from '../engine';
import { listRules } from '../engine';
import type { InputProblem } from './inputs';

/** One analysed input file. */
export interface FileResult {
  /** The file as the user sees it (relative to the working directory), or the stdin name. */
  file: string;
  report: AnalysisReport;
  /** The text analysed (SARIF regions reach the end of the line). */
  text?: string;
}

/** The version of the CLI's JSON output shape (`sidecar-lens analyze --format json`). */
export const CLI_JSON_SCHEMA_VERSION = 1;

export type FailOn = 'error' | 'warning' | 'info' | 'none';

const RANK: Record<Severity, number> = { ERROR: 3, WARNING: 2, INFO: 1 };
const THRESHOLD: Record<FailOn, number> = { error: 3, warning: 2, info: 1, none: Infinity };

/** Whether any diagnostic or finding reaches the --fail-on level. */
export function shouldFail(results: FileResult[], failOn: FailOn): boolean {
  const limit = THRESHOLD[failOn];
  return results.some(
    ({ report }) =>
      report.diagnostics.some((d) => RANK[d.severity] >= limit) ||
      report.workloads.some((w) => w.findings.some((f) => RANK[f.severity] >= limit)),
  );
}

/**
 * The same shape for one file or many: `{schemaVersion, tool, results: [{file, report}], errors}`,
 * so a script's `jq '.results[]'` does not depend on how many files matched.
 */
export function formatJson(
  results: FileResult[],
  toolVersion: string,
  problems: InputProblem[] = [],
): string {
  const body = {
    schemaVersion: CLI_JSON_SCHEMA_VERSION,
    tool: { name: 'sidecar-lens', version: toolVersion },
    results: results.map(({ file, report }) => ({ file, report })),
    errors: problems.map((p) => ({ input: p.argument, message: p.message })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

const quantityList = (list: { resource: string; quantity: string }[]): string =>
  list.length === 0 ? '-' : list.map((q) => `${q.resource}=${q.quantity}`).join(' ');

const seconds = (v: number | null): string => (v === null ? 'never' : `${v}s`);

const where = (file: string, line: number | null, column: number | null): string =>
  line === null ? file : `${file}:${line}:${column ?? 1}`;

/** A human summary: per workload its containers, numbers and findings; per file its diagnostics. */
export function formatTable(results: FileResult[]): string {
  const out: string[] = [];
  for (const { file, report } of results) {
    out.push(`${file} (Kubernetes ${report.kubernetesVersion})`);
    for (const d of report.diagnostics.filter((x) => x.severity !== 'INFO')) {
      out.push(
        `  ${d.severity.padEnd(7)} ${where(file, d.line, d.column)} ${d.reason}${d.path ? ` ${d.path}` : ''}: ${d.message}`,
      );
    }
    for (const w of report.workloads) {
      out.push('');
      out.push(
        `  ${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name ?? '(unnamed)'} x${w.replicas}`,
      );
      for (const c of w.containers) {
        const pattern = c.pattern ? c.pattern.toLowerCase().replace('_', ' ') : null;
        const tags = [c.role.toLowerCase(), c.legacySidecar ? 'legacy sidecar' : null, pattern]
          .filter((t, i, all): t is string => t !== null && all.indexOf(t) === i)
          .join(', ');
        out.push(`    ${c.name.padEnd(28)} ${tags}`);
      }
      const r = w.resources;
      out.push(`    requests  ${quantityList(r.requests)}`);
      out.push(
        `    limits    ${quantityList(r.limits)}${r.unboundedLimits.length ? `  (unbounded: ${r.unboundedLimits.join(', ')})` : ''}`,
      );
      out.push(`    qos       ${r.qosClass}`);
      const l = w.lifecycle;
      const job = l.job
        ? `  job ${l.job.neverCompletes ? 'never completes' : `completes at ${seconds(l.job.completesAtSeconds)}`}`
        : '';
      out.push(
        `    start-up  initialized ${seconds(l.podInitializedAtSeconds)}, ready ${seconds(l.podReadyAtSeconds)}${job}`,
      );
      out.push(
        `    shutdown  done ${seconds(l.terminationCompletesAtSeconds)} (grace ${l.terminationGracePeriodSeconds}s)`,
      );
      for (const f of w.suppressedFindings ?? []) {
        out.push(
          `    exempt  ${f.ruleId} ${where(file, f.line, f.column)}: ${f.suppression.annotation}: ${f.suppression.justification}`,
        );
      }
      for (const f of w.findings) {
        out.push(
          `    ${f.severity.padEnd(7)} ${f.ruleId} ${where(file, f.line, f.column)}: ${f.message}`,
        );
        out.push(
          `            fix: ${f.remediation}${f.fixedManifest ? ' (a fixed manifest is available with --format json)' : ''}`,
        );
      }
    }
    if (report.workloads.length === 0) {
      out.push('  no workloads found');
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** `sidecar-lens rules`: every rule with its id, default severity, category and title. */
export function formatRules(format: 'table' | 'json' | 'markdown'): string {
  const rules = listRules();
  if (format === 'json') {
    return `${JSON.stringify(
      rules.map((r) => ({
        id: r.id,
        severity: r.severity,
        category: r.category,
        title: r.title,
        rationale: r.rationale,
        remediation: r.remediation,
        docsUrl: r.docsUrl,
        exemptionAnnotation: `sidecar-lens.io/ignore-${r.id}`,
      })),
      null,
      2,
    )}\n`;
  }
  if (format === 'markdown') {
    const rows = rules.map(
      (r) => `| [\`${r.id}\`](${r.docsUrl}) | ${r.severity} | ${r.category} | ${r.title} |`,
    );
    return `| rule | severity | category | what |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map(
    (r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.category.padEnd(13)}  ${r.title}`,
  );
  return `${'RULE'.padEnd(width)}  SEVERITY  CATEGORY       TITLE\n${lines.join('\n')}\n\nExempt a workload from a rule with the annotation sidecar-lens.io/ignore-<rule>: "<reason>".\n`;
}
