// Wording shared by rule messages, so every finding names containers the same way.
import type { RuleContainer, RuleContext } from './context';

export function describeContainer(c: RuleContainer): string {
  // Brand names only ("Istio"), not generic kinds ("log shipper").
  return c.helper && /^[A-Z]/.test(c.helper.product)
    ? `"${c.name}" (${c.helper.product})`
    : `"${c.name}"`;
}

export function workloadLabel(ctx: RuleContext): string {
  return ctx.workload.name ? `${ctx.workload.kind} "${ctx.workload.name}"` : ctx.workload.kind;
}

export function quoteList(names: string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** " Classified from: …" for a finding that rests on a classification that is not certain. */
export function evidenceNote(c: RuleContainer): string {
  if (c.confidence === 'CERTAIN' || c.evidence.length === 0) return '';
  return ` Classified as a helper (${c.confidence.toLowerCase()}) from: ${c.evidence.map((e) => e.detail).join('; ')}.`;
}
