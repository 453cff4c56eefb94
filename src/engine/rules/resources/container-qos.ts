// Each container's QoS class for the resource rules, from exact quantities after API defaulting:
// the resource report's per-container classes when the containers decide the pod's class, else
// the same computation (requirementsQOS) without pod-level resources.
import {
  computePodQOSDetail,
  readDefaultedPodResources,
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

/**
 * The class of every container of ctx.containers. Both the report and ctx.containers list the
 * init containers then the app containers in declaration order, so they pair up by position.
 */
export function containerQosClasses(ctx: RuleContext): Map<RuleContainer, PodQOSClass> {
  const report = ctx.analyses.resources;
  let listed: ListedQos[] = report.containerQos.map((c) => ({
    role: c.role,
    qosClass: FROM_REPORT[c.qosClass],
  }));
  if (report.qosBasis !== 'CONTAINERS' || listed.length !== ctx.containers.length) {
    const pod = readDefaultedPodResources(ctx.spec, ctx.gates.SidecarContainers);
    listed = computePodQOSDetail(pod, { PodLevelResources: false }).containers;
  }
  const out = new Map<RuleContainer, PodQOSClass>();
  ctx.containers.forEach((c, i) => {
    const entry = listed[i];
    if (entry !== undefined && entry.role === c.role) out.set(c, entry.qosClass);
  });
  return out;
}

/** Every container but `c` is Guaranteed (and there is one): `c` alone decides whether the pod is. */
export function everyOtherContainerGuaranteed(
  classes: ReadonlyMap<RuleContainer, PodQOSClass>,
  ctx: RuleContext,
  c: RuleContainer,
): boolean {
  const others = ctx.containers.filter((o) => o !== c);
  return others.length > 0 && others.every((o) => classes.get(o) === 'Guaranteed');
}
