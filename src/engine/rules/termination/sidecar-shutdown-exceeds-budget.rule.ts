import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import { secs } from '../helpers';
import { appsExitSeconds, drainSeconds, preStopSeconds } from './shutdown';

export const sidecarShutdownExceedsBudget = defineRule({
  id: 'sidecar-shutdown-exceeds-budget',
  category: 'termination',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'Native sidecar needs more shutdown time than the grace period leaves it',
  rationale:
    'All containers share one grace budget that starts when termination starts. A native sidecar gets SIGTERM only after every app container (and every sidecar declared after it) has exited, so it has what the app containers left over, at least 2 seconds (kuberuntime_container.go killContainersWithSyncResult, killContainer). A proxy configured to drain for longer than that is SIGKILLed mid-drain, and the connections it still held are cut (kubernetes #125880, istio #51883).',
  remediation:
    "Raise terminationGracePeriodSeconds to cover the app containers' shutdown plus the sidecar's drain time, or shorten the drain.",
  appliesTo: ['native-sidecar'],
  check(ctx) {
    const appsDone = appsExitSeconds(ctx);
    // The simulated termination (with the request's timing assumptions) SIGKILLs it.
    const killed = new Set(
      ctx.analyses.lifecycle.termination
        .filter((e) => e.type === 'SIGKILL_SENT')
        .map((e) => e.container),
    );
    return ctx.containers.flatMap((c) => {
      if (c.role !== 'SIDECAR') return [];
      const drain = drainSeconds(ctx, c);
      if (!drain) {
        if (!killed.has(c.name)) return [];
        return [
          {
            message: `native sidecar ${describeContainer(c)} gets its SIGTERM only after the app containers have exited, and the simulated shutdown leaves it too little of the ${secs(ctx.gracePeriodSeconds)} grace period: it is SIGKILLed.`,
            path: c.path,
            container: c.name,
          },
        ];
      }
      const stopAt = Math.max(appsDone, preStopSeconds(c));
      const need = stopAt + drain.seconds;
      if (need <= ctx.gracePeriodSeconds) return [];
      const left = Math.max(2, ctx.gracePeriodSeconds - stopAt);
      return [
        {
          message: `native sidecar ${describeContainer(c)} drains for ${secs(drain.seconds)} (${drain.source}) after its SIGTERM at about ${secs(stopAt)}, but the ${secs(ctx.gracePeriodSeconds)} grace period leaves it ${secs(left)}: it is SIGKILLed while draining.`,
          path: c.path,
          container: c.name,
        },
      ];
    });
  },
});
