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
