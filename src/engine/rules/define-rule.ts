// The anatomy of a rule (style guide 5.2): metadata as data, a pure `check`, and an optional
// mechanical `fix` that edits the user's YAML document in place.
import type { ClassificationConfidence, Severity } from '../report';
import type { RuleContext } from './context';
import type { PodDocumentEditor } from './fix';

export type RuleCategory =
  | 'compatibility'
  | 'injection'
  | 'jobs'
  | 'logging'
  | 'networking'
  | 'probes'
  | 'resources'
  | 'startup'
  | 'termination';

/** Severity in configuration: lower case, as `severityOverrides` takes it. */
export type RuleSeverity = 'error' | 'warning' | 'info';
export type SeverityOverride = RuleSeverity | 'off';

/** What a rule's `check` reports; the runner stamps rule id, severity, docs, position and fix. */
export interface RuleHit {
  message: string;
  /** Field path from the object's root: spec.template.spec.containers[1].ports[0].containerPort. */
  path: string;
  /** Name of the container it is about, or null for pod-level findings. */
  container: string | null;
  /**
   * How sure the facts behind this hit are (basis 'classification' rules set it from the
   * container's classification). An ERROR rule's hit that is not CERTAIN is reported as a WARNING
   * (docs/rules.md, "Severity policy"). Unset: CERTAIN.
   */
  confidence?: ClassificationConfidence;
  /**
   * The most this hit can be, whatever the rule's default: a rule whose failure is averted here
   * by something it cannot prove works (an app that calls /quitquitquit) reports a WARNING, and a
   * rule that only explains (a helper kept legacy on purpose) an INFO. An explicit
   * severityOverrides entry is the user's own choice and wins. Unset: no cap.
   */
  atMost?: Exclude<RuleSeverity, 'error'>;
}

/**
 * What a rule's findings rest on: 'spec' (the spec and Kubernetes' rules alone: validation, the
 * kubelet's arithmetic) or 'classification' (which container is a helper, which command never
 * exits: evidence with a confidence).
 */
export type RuleBasis = 'spec' | 'classification';

/**
 * A kind of container (or container field) a rule's findings need: a rule that declares some
 * (`appliesTo`) is checked only for workloads that have at least one of them, and skipped
 * outright for the others (most workloads have no legacy sidecar, many no init container).
 * - native-sidecar: a container whose role is SIDECAR;
 * - legacy-sidecar: an app container that is a legacy sidecar;
 * - init-container: a container declared in initContainers (role INIT or SIDECAR);
 * - helper: a container recognised as a well-known helper;
 * - ports: a container that declares ports;
 * - pre-stop: a container with a preStop hook.
 */
export type RuleScope =
  'native-sidecar' | 'legacy-sidecar' | 'init-container' | 'helper' | 'ports' | 'pre-stop';

export interface RuleDefinition {
  /** Stable kebab-case id: never renamed, never reused. */
  id: string;
  category: RuleCategory;
  defaultSeverity: RuleSeverity;
  basis: RuleBasis;
  /** Noun phrase describing the problem. */
  title: string;
  /** Why it matters: the Kubernetes behaviour and the user pain it comes from. */
  rationale: string;
  /** Generic imperative sentence(s), ending with a period. */
  remediation: string;
  /** Defaults to the rule's anchor in docs/rules.md. */
  docsUrl?: string;
  /**
   * The rule can find something only in a workload with at least one of these (a necessary
   * condition, not a sufficient one): elsewhere `check` is not called. Unset: always checked.
   */
  appliesTo?: readonly RuleScope[];
  check(ctx: RuleContext): RuleHit[];
  /**
   * Applies the mechanical fix for one hit to the document; returns false when this hit cannot
   * be fixed mechanically (the finding then has no fixed manifest).
   */
  fix?(ctx: RuleContext, hit: RuleHit, editor: PodDocumentEditor): boolean;
}

export interface Rule extends RuleDefinition {
  docsUrl: string;
}

export const RULE_DOCS_BASE =
  'https://github.com/sidecar-lens/sidecar-lens/blob/main/docs/rules.md';

export function defineRule(definition: RuleDefinition): Rule {
  return { ...definition, docsUrl: definition.docsUrl ?? `${RULE_DOCS_BASE}#${definition.id}` };
}

export function toSeverity(severity: RuleSeverity): Severity {
  return severity === 'error' ? 'ERROR' : severity === 'warning' ? 'WARNING' : 'INFO';
}
