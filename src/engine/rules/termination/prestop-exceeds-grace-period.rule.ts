import { defineRule } from '../define-rule';
import { secs } from '../helpers';
import { preStopSeconds } from './shutdown';

export const prestopExceedsGracePeriod = defineRule({
  id: 'prestop-exceeds-grace-period',
  category: 'termination',
  defaultSeverity: 'warning',
  basis: 'spec',
  title: 'preStop hook as long as the grace period or longer',
  rationale:
    "The kubelet runs a container's preStop hook inside the pod's grace period and abandons it when the period is over; the container then gets only the 2-second minimum between SIGTERM and SIGKILL (kuberuntime_container.go killContainersWithSyncResult, killContainer). A preStop sleep as long as terminationGracePeriodSeconds leaves the process no time to shut down cleanly.",
  remediation:
    'Make terminationGracePeriodSeconds longer than the longest preStop hook plus the time the process needs after SIGTERM, or shorten the hook.',
  appliesTo: ['pre-stop'],
  check(ctx) {
    return ctx.containers.flatMap((c) => {
      const pre = preStopSeconds(c);
      if (pre === 0 || pre < ctx.gracePeriodSeconds) return [];
      const grace = ctx.gracePeriodSet
        ? `terminationGracePeriodSeconds is ${ctx.gracePeriodSeconds}`
        : `terminationGracePeriodSeconds is unset (default ${ctx.gracePeriodSeconds})`;
      return [
        {
          message: `container "${c.name}" has a ${secs(pre)} preStop hook but ${grace}: the kubelet abandons the hook at ${secs(ctx.gracePeriodSeconds)} and then gives the process only 2s before SIGKILL.`,
          path: `${c.path}.lifecycle.preStop`,
          container: c.name,
        },
      ];
    });
  },
});
