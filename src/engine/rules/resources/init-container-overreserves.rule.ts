import { amountNanos } from '../../resources';
import type { RuleContext } from '../context';
import { defineRule } from '../define-rule';

interface Overreserve {
  resource: 'cpu' | 'memory';
  init: string;
  initPath: string;
  /** Canonical quantities from the resource report. */
  peak: string;
  running: string;
}

const NANO = 1_000_000_000n;
/** Below this much reserved-but-idle the finding is noise: half a core, 512Mi (in 1e-9 units). */
const MIN_EXCESS = { cpu: NANO / 2n, memory: 512n * 2n ** 20n * NANO };

// component-helpers resource/helpers.go PodRequests: each regular init container runs beside the sidecars declared before it;
// the pod's request is the larger of that peak and apps + all sidecars, per resource. The resource
// report has the exact numbers, API defaulting (limits copied to missing requests) and pod-level
// resources included.
function overreserves(ctx: RuleContext): Overreserve[] {
  return ctx.analyses.resources.requestBreakdown.flatMap((b): Overreserve[] => {
    if ((b.resource !== 'cpu' && b.resource !== 'memory') || b.dominantPhase !== 'INIT') return [];
    const init = ctx.containers.find(
      (c) => c.name === b.dominantInitContainer && c.role === 'INIT',
    );
    if (!init || b.initPeak === null) return [];
    const peak = amountNanos(b.initPeak);
    const running = b.runningSum === null ? 0n : amountNanos(b.runningSum);
    if (peak - running < MIN_EXCESS[b.resource] || peak < 2n * running) return [];
    return [
      {
        resource: b.resource,
        init: init.name,
        initPath: init.path,
        peak: b.initPeak.quantity,
        running: b.runningSum?.quantity ?? '0',
      },
    ];
  });
}

export const initContainerOverreserves = defineRule({
  id: 'init-container-overreserves',
  category: 'resources',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'Init container reserves far more than the running pod uses',
  rationale:
    "The pod's effective request is the larger of its init peak (each regular init container plus the sidecars declared before it) and its running total (app containers plus all sidecars), per resource (component-helpers resource/helpers.go PodRequests). A big init container therefore reserves its request on the node for the pod's whole life, though it ran for seconds: quota and scheduling see the peak (kubernetes/website #57244, linkerd/linkerd2 #11320).",
  remediation:
    "Lower the init container's requests to what it needs, or move the heavy step out of the pod (a Job); check quota against the effective request, not the sum of app containers.",
  appliesTo: ['init-container'],
  check(ctx) {
    return overreserves(ctx).map((o) => ({
      message: `init container "${o.init}" makes the pod request ${o.peak} ${o.resource} while its running containers request ${o.running}: the scheduler reserves the difference for the pod's whole life on each of the ${ctx.workload.replicas} replica(s).`,
      path: `${o.initPath}.resources.requests.${o.resource}`,
      container: o.init,
    }));
  },
});
