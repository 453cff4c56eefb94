// Runs the registry over one workload: checks, severity overrides, positions, fixes, sorting.
import type { Severity } from '../report';
import type { RuleContext } from './context';
import { workloadScopes } from './context';
import type { Rule, RuleHit, RuleScope, RuleSeverity, SeverityOverride } from './define-rule';
import { toSeverity } from './define-rule';
import { documentFixer, documentFixProbe } from './fix';
import { ALL_RULES } from './registry';

/** A problem found by a rule, with what to do about it. */
export interface Finding {
  /** Stable rule id, kebab-case: legacy-sidecar-blocks-job-completion. */
  ruleId: string;
  /** The rule's severity, after any severityOverrides of the request. */
  severity: Severity;
  /** What the rule found in this workload. */
  message: string;
  /** Field path of the object it is about. */
  path: string;
  /** The container the finding is about; null for a pod-level finding. */
  container: string | null;
  /** What to do, in one or two sentences. */
  remediation: string;
  /** Where the rule is documented (docs/rules.md). */
  docsUrl: string;
  /**
   * A fixed manifest (YAML) for the whole document, where the rule can fix it mechanically;
   * formatting and comments are kept.
   */
  fixedManifest: string | null;
  /** 1-based line of the path in the manifest, where known. */
  line: number | null;
  /** 1-based column of the path in the manifest, where known. */
  column: number | null;
}

export interface RunRulesOptions {
  /** Per-rule severity, or 'off'. Check ids first with validateSeverityOverrides. */
  severityOverrides?: Record<string, SeverityOverride> | null;
  /** The manifest text the workload was read from; without it findings carry no fixed manifest. */
  source?: string | null;
  /** The rules to run; default ALL_RULES. */
  rules?: readonly Rule[];
}

/** A problem with the options themselves (same shape as analyze.ts's OptionIssue). */
export interface SeverityOverrideIssue {
  field: string;
  message: string;
}

const SEVERITY_RANK: Record<Severity, number> = { ERROR: 0, WARNING: 1, INFO: 2 };
const OVERRIDE_VALUES: readonly string[] = ['error', 'warning', 'info', 'off'];

/** Unknown rule ids or values are the caller's error: BAD_USER_INPUT upstream. */
export function validateSeverityOverrides(
  overrides: Record<string, unknown> | null | undefined,
  rules: readonly Rule[] = ALL_RULES,
): SeverityOverrideIssue[] {
  if (!overrides) return [];
  const ids = new Set(rules.map((r) => r.id));
  const issues: SeverityOverrideIssue[] = [];
  for (const [id, value] of Object.entries(overrides).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    if (!ids.has(id)) {
      issues.push({
        field: `severityOverrides.${id}`,
        message: `unknown rule id "${id}": see the rules query for the list`,
      });
    } else if (typeof value !== 'string' || !OVERRIDE_VALUES.includes(value)) {
      issues.push({
        field: `severityOverrides.${id}`,
        message: `severity must be one of error, warning, info, off (got ${JSON.stringify(value)})`,
      });
    }
  }
  return issues;
}

function locate(ctx: RuleContext, path: string): { line: number | null; column: number | null } {
  // The finding may name a field the user has not written (a missing probe): fall back to the
  // nearest parent that exists in the source.
  let p = path;
  for (;;) {
    const pos = ctx.workload.locate(p);
    if (pos) return { line: pos.line, column: pos.column };
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return { line: null, column: null };
    p = p.slice(0, cut);
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Every finding of the rules for one workload, sorted by severity, rule id, path. */
export function runRules(ctx: RuleContext, options: RunRulesOptions = {}): Finding[] {
  const fixer = options.source ? documentFixer(options.source, ctx.workload) : null;
  return checkRules(ctx, options)
    .map(({ rule, hit, finding }) => {
      const fix = rule.fix;
      if (fix && fixer) finding.fixedManifest = fixer((editor) => fix(ctx, hit, editor));
      return finding;
    })
    .sort(compareFindings);
}

/** A finding of runRulesWithFixOffered: whether its rule offers a fixed manifest for it. */
export interface FindingWithFixOffered {
  /** The finding as runRules reports it, without its fixed manifest (fixedManifest: null). */
  finding: Finding;
  /** runRules with the same source would give this finding a fixedManifest (not null). */
  fixOffered: boolean;
}

export interface RunRulesWithFixOfferedOptions extends RunRulesOptions {
  /**
   * Only the first finding per container (in the findings' order) that is offered a fix is looked
   * for: later findings about that container, and pod-level findings, are not tried (fixOffered
   * false). For callers that want one fix per container.
   */
  firstPerContainer?: boolean;
}

/**
 * runRules for callers that need to know only WHETHER a finding has a fixed manifest (the fleet
 * report): each fix is applied to the parsed document exactly as for runRules, but nothing is
 * printed. Same findings, same order; `source` as for runRules (without it nothing is offered).
 */
export function runRulesWithFixOffered(
  ctx: RuleContext,
  options: RunRulesWithFixOfferedOptions = {},
): FindingWithFixOffered[] {
  const probe = options.source ? documentFixProbe(options.source, ctx.workload) : null;
  const checked = checkRules(ctx, options).sort((a, b) => compareFindings(a.finding, b.finding));
  const firstPerContainer = options.firstPerContainer === true;
  const fixed = new Set<string>();
  // The last fix expected to be tried edits the parsed document itself (no copy): none follows,
  // or (one fix per container) only fixes of this same container, tried only if this one fails.
  // What follows is counted once and updated as the findings are passed (not rescanned for each):
  // the findings after the current one whose rule has a fix, and per container those about it.
  let fixesAfter = 0;
  const fixesAfterOf = new Map<string, number>();
  // Containers with a fix still to come that are not fixed yet (firstPerContainer tries those).
  let containersAfter = 0;
  for (const { rule, finding } of checked) {
    if (!rule.fix) continue;
    fixesAfter++;
    if (finding.container === null) continue;
    const n = fixesAfterOf.get(finding.container) ?? 0;
    if (n === 0) containersAfter++;
    fixesAfterOf.set(finding.container, n + 1);
  }
  const out: FindingWithFixOffered[] = [];
  for (const { rule, hit, finding } of checked) {
    const fix = rule.fix;
    const container = finding.container;
    if (fix) {
      fixesAfter--;
      if (container !== null) {
        const n = fixesAfterOf.get(container)! - 1;
        fixesAfterOf.set(container, n);
        if (n === 0 && !fixed.has(container)) containersAfter--;
      }
    }
    const skipped = firstPerContainer && (container === null || fixed.has(container));
    if (!fix || !probe || skipped) {
      out.push({ finding, fixOffered: false });
      continue;
    }
    // firstPerContainer: later fixes of containers not fixed yet, other than this one's.
    const last = firstPerContainer
      ? containersAfter - ((fixesAfterOf.get(container!) ?? 0) > 0 ? 1 : 0) === 0
      : fixesAfter === 0;
    const fixOffered = probe((editor) => fix(ctx, hit, editor), last);
    if (fixOffered && container !== null && !fixed.has(container)) {
      fixed.add(container);
      if ((fixesAfterOf.get(container) ?? 0) > 0) containersAfter--;
    }
    out.push({ finding, fixOffered });
  }
  return out;
}

/** Whether the workload has one of the scopes the rule needs (or the rule declares none). */
function applies(rule: Rule, scopes: Record<RuleScope, boolean>): boolean {
  const needs = rule.appliesTo;
  if (needs === undefined) return true;
  for (const scope of needs) if (scopes[scope]) return true;
  return false;
}

/** The rules' hits as findings (no fixed manifest yet), in rule order. */
function checkRules(
  ctx: RuleContext,
  options: RunRulesOptions,
): { rule: Rule; hit: RuleHit; finding: Finding }[] {
  const rules = options.rules ?? ALL_RULES;
  // Usually none: then no rule id is looked up (a miss on an object searches its prototype too).
  const overrides = options.severityOverrides ?? null;
  const checked: { rule: Rule; hit: RuleHit; finding: Finding }[] = [];
  const scopes = workloadScopes(ctx);
  for (const rule of rules) {
    const override = overrides === null ? undefined : overrides[rule.id];
    if (override === 'off' || !applies(rule, scopes)) continue;
    const configured = toSeverity((override ?? rule.defaultSeverity) as RuleSeverity);
    for (const hit of rule.check(ctx)) {
      // Severity policy: ERROR only for what is certain; a hit resting on a likely or guessed
      // classification is at most a WARNING (an explicit override is the user's own choice).
      const uncertain =
        configured === 'ERROR' &&
        override === undefined &&
        (hit.confidence ?? 'CERTAIN') !== 'CERTAIN'
          ? 'WARNING'
          : configured;
      const cap = override === undefined && hit.atMost ? toSeverity(hit.atMost) : uncertain;
      const severity = SEVERITY_RANK[cap] > SEVERITY_RANK[uncertain] ? cap : uncertain;
      const at = locate(ctx, hit.path);
      checked.push({
        rule,
        hit,
        finding: {
          ruleId: rule.id,
          severity,
          message: hit.message,
          path: hit.path,
          container: hit.container,
          remediation: rule.remediation,
          docsUrl: rule.docsUrl,
          fixedManifest: null,
          line: at.line,
          column: at.column,
        },
      });
    }
  }
  return checked;
}

/** A rule the analysis can report. */
export interface RuleInfo {
  /** Stable kebab-case id. */
  id: string;
  /** Default severity (overridable per request). */
  severity: Severity;
  /** One line saying what the rule checks. */
  title: string;
  /** Where the rule is documented (docs/rules.md). */
  docsUrl: string;
  /** lifecycle, resources, networking, jobs, probes, ... */
  category: string;
  /** Why it matters, grounded in Kubernetes semantics or a real user pain. */
  rationale: string;
  /** What to do. */
  remediation: string;
  /** Whether findings of the rule can carry a fixed manifest. */
  fixable: boolean;
  /**
   * What the rule's findings rest on: spec (the spec and Kubernetes' rules alone) or classification
   * (which container is a helper, which command never exits). A classification finding is ERROR
   * only when the classification is CERTAIN; otherwise it is at most WARNING (docs/rules.md,
   * Severity policy).
   */
  basis: string;
}

export function listRules(rules: readonly Rule[] = ALL_RULES): RuleInfo[] {
  return rules.map((r) => ({
    id: r.id,
    severity: toSeverity(r.defaultSeverity),
    title: r.title,
    docsUrl: r.docsUrl,
    category: r.category,
    rationale: r.rationale,
    remediation: r.remediation,
    fixable: r.fix !== undefined,
    basis: r.basis,
  }));
}
