import type { AnalysisReport, Diagnostic, Finding, Severity } from '../engine';
import { listRules } from '../engine';

/** One analysed input file. */
export interface FileResult {
  file: string;
  report: AnalysisReport;
}

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

export function formatJson(results: FileResult[]): string {
  return `${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`;
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

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  ERROR: 'error',
  WARNING: 'warning',
  INFO: 'note',
};

function location(file: string, path: string | null, line: number | null, column: number | null) {
  return {
    physicalLocation: {
      artifactLocation: { uri: file },
      ...(line !== null ? { region: { startLine: line, startColumn: column ?? 1 } } : {}),
    },
    ...(path ? { logicalLocations: [{ fullyQualifiedName: path, kind: 'member' }] } : {}),
  };
}

/** SARIF 2.1.0, as GitHub code scanning and most CI dashboards read it. */
export function formatSarif(results: FileResult[], toolVersion: string): string {
  const rules = listRules();
  const diagnosticReasons = new Set<string>();
  const sarifResults: unknown[] = [];
  for (const { file, report } of results) {
    for (const d of report.diagnostics.filter((x: Diagnostic) => x.severity !== 'INFO')) {
      diagnosticReasons.add(d.reason);
      sarifResults.push({
        ruleId: `manifest/${d.reason}`,
        level: SARIF_LEVEL[d.severity],
        message: { text: d.path ? `${d.path}: ${d.message}` : d.message },
        locations: [location(file, d.path, d.line, d.column)],
      });
    }
    for (const w of report.workloads) {
      for (const f of w.findings as Finding[]) {
        sarifResults.push({
          ruleId: f.ruleId,
          level: SARIF_LEVEL[f.severity],
          message: { text: `${f.message} ${f.remediation}` },
          locations: [location(file, f.path, f.line, f.column)],
          properties: { workload: `${w.kind}/${w.name ?? ''}`, container: f.container },
        });
      }
    }
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sidecar-lens',
            version: toolVersion,
            informationUri: 'https://github.com/sidecar-lens/sidecar-lens',
            rules: [
              ...rules.map((r) => ({
                id: r.id,
                name: r.id,
                shortDescription: { text: r.title },
                fullDescription: { text: r.rationale },
                help: { text: r.remediation },
                helpUri: r.docsUrl,
                defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
                properties: { category: r.category },
              })),
              ...[...diagnosticReasons].sort().map((reason) => ({
                id: `manifest/${reason}`,
                name: reason,
                shortDescription: { text: `Kubernetes API validation: ${reason}` },
              })),
            ],
          },
        },
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
