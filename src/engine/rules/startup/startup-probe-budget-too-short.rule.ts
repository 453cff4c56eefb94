import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import { secs, startupBudgetSeconds } from '../helpers';

export const startupProbeBudgetTooShort = defineRule({
  id: 'startup-probe-budget-too-short',
  category: 'startup',
  defaultSeverity: 'warning',
  basis: 'spec',
  title: 'startupProbe budget shorter than the time the container needs to start',
  rationale:
    'A startupProbe gives a container initialDelaySeconds + failureThreshold × periodSeconds to start; when that runs out the kubelet kills it and restarts it, so a container that needs longer never starts and crash-loops. For a native sidecar the next init container and the app wait on it, so the whole pod never initializes (kubernetes #125880: a sidecar that never passes its startupProbe also hangs termination).',
  remediation:
    'Raise the startupProbe failureThreshold (or periodSeconds) so the budget covers the slowest expected start, with a margin.',
  check(ctx) {
    const warnings = ctx.analyses.lifecycle.warnings.filter(
      (w) => w.code === 'STARTUP_PROBE_BUDGET_EXCEEDED',
    );
    return warnings.flatMap((w) => {
      const c = ctx.containers.find((x) => x.name === w.container);
      const probe = c?.container.startupProbe;
      if (!c || !probe) return [];
      const need = ctx.analyses.lifecycle.assumptions.containers.find(
        (a) => a.name === c.name,
      )?.startupProbeSucceedsAfterSeconds;
      return [
        {
          message: `${describeContainer(c)} needs about ${secs(need ?? 0)} to pass its startupProbe, but the probe allows ${secs(startupBudgetSeconds(probe))}: the kubelet kills and restarts it before it is up${c.role === 'SIDECAR' ? ', and the containers after it never start' : ''}.`,
          path: `${c.path}.startupProbe`,
          container: c.name,
        },
      ];
    });
  },
});
