// SARIF 2.1.0 (OASIS) as GitHub code scanning documents it ("SARIF support for code scanning"):
// repository-relative URIs under %SRCROOT%, full regions, rules with help text and markdown, tags,
// precision and problem.severity, stable partialFingerprints, in-source suppressions, and the
// inputs that could not be read as tool execution notifications (the run still says what it did).

import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Finding, Severity } from '../engine';
import { listRules } from '../engine';
import type { SuppressedFinding } from '../engine';
import type { FileResult } from './format';
import type { InputProblem } from './inputs';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  ERROR: 'error',
  WARNING: 'warning',
  INFO: 'note',
};

/** GitHub's `problem.severity`: error, warning or recommendation. */
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = {
  ERROR: 'error',
  WARNING: 'warning',
  INFO: 'recommendation',
};

/**
 * GitHub's `precision` (how often the rule is right). ERROR is reserved for what is certain from
 * the spec and Kubernetes' rules (docs/severity-policy.md), so it is very-high; a WARNING may rest
 * on a classification and is high; an INFO is advice.
 */
const PRECISION: Record<Severity, 'very-high' | 'high' | 'medium'> = {
  ERROR: 'very-high',
  WARNING: 'high',
  INFO: 'medium',
};

export interface SarifOptions {
  toolVersion: string;
  /** The directory %SRCROOT% stands for: the working directory, normally the repository's root. */
  srcRoot: string;
  /** Inputs that could not be read: reported as notifications; the run is then unsuccessful. */
  problems?: InputProblem[];
}

/** A relative path as a URI reference: each segment percent-encoded, "/" between them. */
function relativeUri(display: string): string {
  return display
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: relativeUri(file), uriBaseId: '%SRCROOT%' };
}

/** The region of a 1-based position: to the end of its line, so viewers highlight the field. */
function region(text: string | undefined, line: number | null, column: number | null) {
  if (line === null) return undefined;
  const startColumn = column ?? 1;
  const lineText = text?.split('\n')[line - 1]?.replace(/\r$/, '');
  const endColumn = lineText !== undefined ? Math.max(lineText.length + 1, startColumn) : undefined;
  return {
    startLine: line,
    startColumn,
    endLine: line,
    ...(endColumn !== undefined ? { endColumn } : {}),
  };
}

function location(
  result: FileResult,
  fieldPath: string | null,
  line: number | null,
  column: number | null,
) {
  const r = region(result.text, line, column);
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(result.file),
      ...(r ? { region: r } : {}),
    },
    ...(fieldPath ? { logicalLocations: [{ fullyQualifiedName: fieldPath, kind: 'member' }] } : {}),
  };
}

/** A fingerprint that survives edits elsewhere in the file (no line numbers in it). */
function fingerprint(parts: (string | number | null)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => String(p ?? '')).join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

const markdownHelp = (rule: {
  title: string;
  rationale: string;
  remediation: string;
  docsUrl: string;
}): string =>
  `**${rule.title}**\n\n${rule.rationale}\n\n**How to fix.** ${rule.remediation}\n\n[Documentation](${rule.docsUrl})`;

/** Builds the SARIF log: one run, every rule, every located result. */
export function buildSarif(results: FileResult[], options: SarifOptions): unknown {
  const rules = listRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const reasons = new Set<string>();
  for (const { report } of results) {
    for (const d of report.diagnostics) if (d.severity !== 'INFO') reasons.add(d.reason);
  }
  const reasonRules = [...reasons].sort();
  reasonRules.forEach((reason, i) => ruleIndex.set(`manifest/${reason}`, rules.length + i));

  const sarifResults: unknown[] = [];
  for (const result of results) {
    const { file, report } = result;
    for (const d of report.diagnostics.filter((x: Diagnostic) => x.severity !== 'INFO')) {
      const ruleId = `manifest/${d.reason}`;
      sarifResults.push({
        ruleId,
        ruleIndex: ruleIndex.get(ruleId),
        level: LEVEL[d.severity],
        message: { text: d.path ? `${d.path}: ${d.message}` : d.message },
        locations: [location(result, d.path, d.line, d.column)],
        partialFingerprints: {
          'sidecarLensDiagnostic/v1': fingerprint([ruleId, file, d.document, d.path, d.message]),
        },
      });
    }
    for (const w of report.workloads) {
      const workload = `${w.kind}/${w.namespace ? `${w.namespace}/` : ''}${w.name ?? ''}`;
      const suppressed: SuppressedFinding[] = w.suppressedFindings ?? [];
      const entries: [Finding, SuppressedFinding['suppression'] | null][] = [
        ...w.findings.map((f): [Finding, null] => [f, null]),
        ...suppressed.map((f): [Finding, SuppressedFinding['suppression']] => [f, f.suppression]),
      ];
      for (const [f, suppression] of entries) {
        sarifResults.push({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: `${f.message} ${f.remediation}` },
          locations: [location(result, f.path, f.line, f.column)],
          partialFingerprints: {
            'sidecarLensFinding/v1': fingerprint([
              f.ruleId,
              file,
              w.document,
              workload,
              f.container,
              f.path,
            ]),
          },
          ...(suppression
            ? {
                suppressions: [
                  {
                    kind: 'inSource',
                    status: 'accepted',
                    justification: `${suppression.annotation}: ${suppression.justification}`,
                  },
                ],
              }
            : {}),
          properties: { workload, container: f.container },
        });
      }
    }
  }

  const problems = options.problems ?? [];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sidecar-lens',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: 'https://github.com/sidecar-lens/sidecar-lens',
            rules: [
              ...rules.map((r) => {
                const severity = r.severity;
                return {
                  id: r.id,
                  name: r.id
                    .split('-')
                    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
                    .join(''),
                  shortDescription: { text: r.title },
                  fullDescription: { text: r.rationale },
                  help: { text: r.remediation, markdown: markdownHelp(r) },
                  helpUri: r.docsUrl,
                  defaultConfiguration: { level: LEVEL[severity] },
                  properties: {
                    tags: ['kubernetes', 'sidecar', r.category],
                    precision: PRECISION[severity],
                    'problem.severity': PROBLEM_SEVERITY[severity],
                  },
                };
              }),
              ...reasonRules.map((reason) => ({
                id: `manifest/${reason}`,
                name: reason,
                shortDescription: { text: `Kubernetes API validation: ${reason}` },
                fullDescription: {
                  text: `The manifest as the Kubernetes API server would read it: ${reason}. These are the causes the API server reports (StatusCause reasons) for what it rejects, plus notes on how the text was read.`,
                },
                help: {
                  text: 'Fix the field the message names; the API server rejects the object otherwise.',
                  markdown:
                    'Fix the field the message names. See [Kubernetes API concepts: field validation](https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation).',
                },
                helpUri:
                  'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
                defaultConfiguration: { level: 'error' },
                properties: {
                  tags: ['kubernetes', 'validation'],
                  precision: 'very-high',
                  'problem.severity': 'error',
                },
              })),
            ],
          },
        },
        automationDetails: { id: 'sidecar-lens/' },
        originalUriBaseIds: {
          '%SRCROOT%': { uri: pathToFileURL(`${path.resolve(options.srcRoot)}${path.sep}`).href },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: problems.length === 0,
            toolExecutionNotifications: problems.map((p) => ({
              level: 'error',
              message: { text: p.message },
              descriptor: { id: 'input' },
            })),
          },
        ],
        results: sarifResults,
      },
    ],
  };
}
