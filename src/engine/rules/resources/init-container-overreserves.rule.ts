import type { ResourceBreakdown } from '../../resources';
import type { RuleContext } from '../context';
import { defineRule } from '../define-rule';
import { approxQuantity, cpuText, memoryText } from '../helpers';

interface Overreserve {
  resource: 'cpu' | 'memory';
  init: string;
  initPath: string;
  peak: number;
  running: number;
}

const MIN_EXCESS = { cpu: 0.5, memory: 512 * 2 ** 20 };

// k8s-semantics a.2: each regular init container runs beside the sidecars declared before it;
// the pod's request is the larger of that peak and apps + all sidecars, per resource.
function overreserves(ctx: RuleContext): Overreserve[] {
  // The resource report has the exact numbers, API defaulting (limits copied to missing requests)
  // and pod-level resources included: prefer it.
  const report = ctx.analyses.resources;
  if (report) return fromReport(ctx, report.requestBreakdown);
  return fromSpec(ctx);
}

function fromReport(ctx: RuleContext, breakdown: ResourceBreakdown[]): Overreserve[] {
  return breakdown.flatMap((b): Overreserve[] => {
    if ((b.resource !== 'cpu' && b.resource !== 'memory') || b.dominantPhase !== 'INIT') return [];
    const init = ctx.containers.find(
      (c) => c.name === b.dominantInitContainer && c.role === 'INIT',
    );
    const peak = Number(b.initPeak?.value ?? NaN);
    const running = Number(b.runningSum?.value ?? 0);
    if (!init || !Number.isFinite(peak)) return [];
    if (peak - running < MIN_EXCESS[b.resource] || peak < 2 * running) return [];
    return [{ resource: b.resource, init: init.name, initPath: init.path, peak, running }];
  });
}

function fromSpec(ctx: RuleContext): Overreserve[] {
  const out: Overreserve[] = [];
  for (const resource of ['cpu', 'memory'] as const) {
    const req = (c: {
      container: { resources?: { requests?: Record<string, string | number> } };
    }): number => approxQuantity(c.container.resources?.requests?.[resource]) ?? 0;
    let sidecarsSoFar = 0;
    let peak = 0;
    let peakInit: (typeof ctx.containers)[number] | null = null;
    let allSidecars = 0;
    for (const c of ctx.containers) {
      if (c.role === 'SIDECAR') {
        sidecarsSoFar += req(c);
        allSidecars += req(c);
      } else if (c.role === 'INIT') {
        const use = req(c) + sidecarsSoFar;
        if (use > peak) {
          peak = use;
          peakInit = c;
        }
      }
    }
    const running =
      ctx.containers.filter((c) => c.role === 'APP').reduce((s, c) => s + req(c), 0) + allSidecars;
    if (peakInit && peak - running >= MIN_EXCESS[resource] && peak >= 2 * running) {
      out.push({ resource, init: peakInit.name, initPath: peakInit.path, peak, running });
    }
  }
  return out;
}

export const initContainerOverreserves = defineRule({
  id: 'init-container-overreserves',
  category: 'resources',
  defaultSeverity: 'warning',
  title: 'Init container reserves far more than the running pod uses',
  rationale:
    "The pod's effective request is the larger of its init peak (each regular init container plus the sidecars declared before it) and its running total (app containers plus all sidecars), per resource (k8s-semantics a.2). A big init container therefore reserves its request on the node for the pod's whole life, though it ran for seconds: quota and scheduling see the peak (kubernetes/website #57244, linkerd/linkerd2 #11320).",
  remediation:
    "Lower the init container's requests to what it needs, or move the heavy step out of the pod (a Job); check quota against the effective request, not the sum of app containers.",
  check(ctx) {
    return overreserves(ctx).map((o) => {
      const fmt = o.resource === 'cpu' ? cpuText : memoryText;
      return {
        message: `init container "${o.init}" makes the pod request ${fmt(o.peak)} ${o.resource} while its running containers request ${fmt(o.running)}: the scheduler reserves the difference for the pod's whole life on each of the ${ctx.workload.replicas} replica(s).`,
        path: `${o.initPath}.resources.requests.${o.resource}`,
        container: o.init,
      };
    });
  },
});
