// Each container's QoS class for the resource rules, from exact quantities after API defaulting:
// the resource report's per-container classes when the containers decide the pod's class, else
// the same computation (requirementsQOS) without pod-level resources.
import {
  computePodQOSDetail,
  defaultedPodOf,
  type PodQOSClass,
  type QosClass,
} from '../../resources';
import type { RuleContainer, RuleContext } from '../context';

const FROM_REPORT: Record<QosClass, PodQOSClass> = {
  GUARANTEED: 'Guaranteed',
  BURSTABLE: 'Burstable',
  BEST_EFFORT: 'BestEffort',
};

interface ListedQos {
  role: RuleContainer['role'];
  qosClass: PodQOSClass;
}

/** Each container's QoS class, and whether all the others are Guaranteed, per container. */
export class ContainerQos {
  private readonly classes = new Map<RuleContainer, PodQOSClass>();
  /** How many of the containers are not Guaranteed (or have no class). */
  private readonly notGuaranteed: number;

  constructor(
    private readonly containers: readonly RuleContainer[],
    listed: readonly ListedQos[],
  ) {
    let notGuaranteed = 0;
    containers.forEach((c, i) => {
      const entry = listed[i];
      if (entry !== undefined && entry.role === c.role) this.classes.set(c, entry.qosClass);
    });
    for (const c of containers) if (this.classes.get(c) !== 'Guaranteed') notGuaranteed++;
    this.notGuaranteed = notGuaranteed;
  }

  /** The container's class; undefined when the resource analysis lists no class for it. */
  get(c: RuleContainer): PodQOSClass | undefined {
    return this.classes.get(c);
  }

  /**
   * Every container but `c` is Guaranteed (and there is one): `c` alone decides whether the pod
   * is. Counted once for all containers, not by rescanning the others for each (`c` is one of
   * the containers).
   */
  everyOtherGuaranteed(c: RuleContainer): boolean {
    const others = this.containers.length - 1;
    const othersNotGuaranteed = this.notGuaranteed - (this.classes.get(c) !== 'Guaranteed' ? 1 : 0);
    return others > 0 && othersNotGuaranteed === 0;
  }
}

/**
 * The class of every container of ctx.containers (computed once per rule context, kept in
 * ctx.shared: two rules ask). Both the report and ctx.containers list the init containers then
 * the app containers in declaration order, so they pair up by position.
 */
export function containerQosClasses(ctx: RuleContext): ContainerQos {
  const known = ctx.shared.containerQos;
  if (known !== null) return known;
  const report = ctx.analyses.resources;
  let listed: ListedQos[] = report.containerQos.map((c) => ({
    role: c.role,
    qosClass: FROM_REPORT[c.qosClass],
  }));
  if (report.qosBasis !== 'CONTAINERS' || listed.length !== ctx.containers.length) {
    const pod = defaultedPodOf(ctx).pod;
    listed = computePodQOSDetail(pod, { PodLevelResources: false }).containers;
  }
  const qos = new ContainerQos(ctx.containers, listed);
  ctx.shared.containerQos = qos;
  return qos;
}
