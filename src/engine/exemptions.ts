// In-manifest exemptions: a workload opts out of one rule with an annotation whose value says why,
// as kube-linter (`ignore-check.kube-linter.io/<check>`) and Polaris (`polaris.fairwinds.com/
// <check>-exempt`) let their users do. An exempted finding is not dropped: it moves to
// `suppressedFindings` with the annotation and its justification, so reviewers and SARIF consumers
// (`suppressions`) still see it, and it never fails a pipeline.

import type { Diagnostic } from './report';
import type { Finding } from './rules';
import { ALL_RULES } from './rules';
import type { Workload } from './workload';

/** The annotation prefix: `sidecar-lens.io/ignore-<rule-id>: "<why>"`. */
export const EXEMPTION_PREFIX = 'sidecar-lens.io/ignore-';

/**
 * Why a finding is exempted: the workload's `sidecar-lens.io/ignore-<rule-id>` annotation and its
 * value.
 */
export interface Suppression {
  /** The annotation that exempts the finding. */
  annotation: string;
  /** The annotation's value: why the rule does not apply here. */
  justification: string;
  /** Field path of the annotation, from the object root. */
  path: string;
}

/**
 * A finding the workload exempts in the manifest; it never fails a pipeline and is kept for review.
 */
export interface SuppressedFinding extends Finding {
  /** The exemption and its reason. */
  suppression: Suppression;
}

interface Exemption extends Suppression {
  ruleId: string;
}

const KNOWN_RULE_IDS = new Set(ALL_RULES.map((r) => r.id));

/** Whether any annotation key starts with the exemption prefix (most workloads have none). */
function mayExempt(annotations: Record<string, string> | undefined): boolean {
  if (!annotations) return false;
  for (const key of Object.keys(annotations)) if (key.startsWith(EXEMPTION_PREFIX)) return true;
  return false;
}

/** Exemptions on the object and on its pod template (the pod's own annotations win on a tie). */
function exemptionsOf(workload: Workload): Exemption[] {
  if (!mayExempt(workload.objectMeta.annotations) && !mayExempt(workload.podMeta.annotations)) {
    return [];
  }
  const podMetaPath = workload.specPath.replace(/spec$/, 'metadata');
  const sources: [Record<string, string> | undefined, string][] = [
    [workload.objectMeta.annotations, 'metadata'],
    [workload.podMeta.annotations, podMetaPath],
  ];
  const byRule = new Map<string, Exemption>();
  for (const [annotations, metaPath] of sources) {
    for (const [key, value] of Object.entries(annotations ?? {})) {
      if (!key.startsWith(EXEMPTION_PREFIX)) continue;
      const ruleId = key.slice(EXEMPTION_PREFIX.length);
      byRule.set(ruleId, {
        ruleId,
        annotation: key,
        justification: typeof value === 'string' ? value.trim() : '',
        path: `${metaPath}.annotations[${key}]`,
      });
    }
  }
  return [...byRule.values()];
}

export interface ExemptionResult {
  findings: Finding[];
  suppressedFindings: SuppressedFinding[];
  diagnostics: Diagnostic[];
}

/**
 * Splits a workload's findings into those that stand and those its annotations exempt. An
 * exemption that names no rule, or gives no reason, is a WARNING: a typo must not look like a
 * silenced rule, and an exemption without a reason cannot be reviewed.
 */
export function applyExemptions(workload: Workload, findings: Finding[]): ExemptionResult {
  const exemptions = exemptionsOf(workload);
  if (exemptions.length === 0) return { findings, suppressedFindings: [], diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const active = new Map<string, Exemption>();
  for (const e of exemptions) {
    const where = workload.locate(e.path);
    const base = {
      severity: 'WARNING' as const,
      path: e.path,
      document: workload.document,
      line: where?.line ?? null,
      column: where?.column ?? null,
    };
    if (!KNOWN_RULE_IDS.has(e.ruleId)) {
      diagnostics.push({
        ...base,
        reason: 'UnknownExemption',
        message: `${e.annotation} names no sidecar-lens rule ("${e.ruleId}"); nothing is exempted (see \`sidecar-lens rules\`)`,
      });
      continue;
    }
    if (e.justification === '') {
      diagnostics.push({
        ...base,
        reason: 'UnknownExemption',
        message: `${e.annotation} gives no reason; the rule is not exempted until its value says why`,
      });
      continue;
    }
    active.set(e.ruleId, e);
  }
  const kept: Finding[] = [];
  const suppressedFindings: SuppressedFinding[] = [];
  for (const f of findings) {
    const e = active.get(f.ruleId);
    if (e) {
      // Object.assign, not a spread: V8 builds `{ ...f, more }` on a slow path.
      suppressedFindings.push(
        Object.assign({}, f, {
          suppression: { annotation: e.annotation, justification: e.justification, path: e.path },
        }),
      );
    } else {
      kept.push(f);
    }
  }
  return { findings: kept, suppressedFindings, diagnostics };
}
