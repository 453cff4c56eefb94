import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { enumFromUnion } from './enum-from-union';
import {
  ContainerRole,
  PodLevelResourcesStateKind,
  QosBasis,
  QosClass,
  ReplicaBasis,
  ResourcePhase,
} from './enums';

@ObjectType({
  description: 'An exact quantity: canonical Kubernetes string and exact decimal value.',
})
export class ResourceAmount implements engine.ResourceAmount {
  @Field({ description: 'Canonical Kubernetes quantity string: 1500m, 2Gi, 1.' })
  quantity!: string;

  @Field({
    description:
      'Exact decimal value in base units (cores for cpu, bytes for memory): 1.5, 2147483648.',
  })
  value!: string;
}

@ObjectType({ description: 'One resource of a resource list.' })
export class ResourceQuantity implements engine.ResourceQuantity {
  @Field({ description: 'cpu, memory, ephemeral-storage, hugepages-2Mi, nvidia.com/gpu, ...' })
  resource!: string;

  @Field({ description: 'Canonical Kubernetes quantity string: 1500m, 2Gi, 1.' })
  quantity!: string;

  @Field({
    description:
      'Exact decimal value in base units (cores for cpu, bytes for memory): 1.5, 2147483648.',
  })
  value!: string;
}

@ObjectType({
  description:
    'A resource the pod cgroup leaves unlimited because some container sets no limit while others do.',
})
export class UnboundedLimit implements engine.UnboundedLimit {
  @Field({ description: 'cpu or memory: the resources the pod cgroup limits.' })
  resource!: string;

  @Field(() => [String], { description: 'Containers with no (or a zero) limit for the resource.' })
  unlimitedContainers!: string[];

  @Field(() => [String], { description: 'Containers that do set a limit.' })
  limitedContainers!: string[];

  @Field({
    description: 'Why the pod has no limit for it: which containers set one and which do not.',
  })
  explanation!: string;
}

@ObjectType({
  description: "A request the API server fills in from the container's limit (SetDefaults_Pod).",
})
export class DefaultedRequest implements engine.DefaultedRequest {
  @Field({ description: 'Container whose request the API server fills in.' })
  container!: string;

  @Field(() => ContainerRole, { description: 'What the container is to the kubelet.' })
  role!: ContainerRole;

  @Field(() => Int, { description: 'Position in its own list.' })
  index!: number;

  @Field({ description: 'Resource name (cpu, memory, ...).' })
  resource!: string;

  @Field({ description: 'The limit as written in the manifest, now also the request.' })
  fromLimit!: string;
}

@ObjectType({
  description:
    'A resource value in the manifest that could not be read; it gets no number anywhere.',
})
export class ResourceInputIssue implements engine.ResourceInputIssue {
  @Field(() => String, {
    nullable: true,
    description: 'The container, or null for pod-level lists (overhead, spec.resources).',
  })
  container!: string | null;

  @Field(() => String, { description: 'requests, limits or overhead.' })
  field!: engine.ResourceField;

  @Field(() => String, {
    nullable: true,
    description: 'The resource, or null when the whole list is unreadable.',
  })
  resource!: string | null;

  @Field({ description: "Field path from the object's root." })
  path!: string;

  @Field({ description: 'What is wrong with the value and how it was treated.' })
  message!: string;
}

@ObjectType({ description: "One container's QoS class, as it counts towards the pod's." })
export class ContainerQos implements engine.ContainerQosReport {
  @Field({ description: 'Container name.' })
  container!: string;

  @Field(() => ContainerRole, { description: 'What the container is to the kubelet.' })
  role!: ContainerRole;

  @Field(() => QosClass, {
    description:
      'The QoS class this container alone would give (Guaranteed: requests equal limits for CPU and memory; BestEffort: neither set).',
  })
  qosClass!: QosClass;
}

@ObjectType({
  description:
    'Where an effective pod request comes from: the running phase or an init phase, and what init reserves but never uses while the app runs.',
})
export class ResourceBreakdown implements engine.ResourceBreakdown {
  @Field({ description: 'Resource name (cpu, memory, ephemeral-storage, extended resources).' })
  resource!: string;

  @Field(() => ResourcePhase, { description: 'Which phase decides the request.' })
  dominantPhase!: ResourcePhase;

  @Field(() => String, {
    nullable: true,
    description: 'For INIT: the init container (or sidecar start) whose phase peaks.',
  })
  dominantInitContainer!: string | null;

  @Field(() => [String], {
    description:
      'For INIT: the sidecars already running during that phase (only those declared before it).',
  })
  sidecarsDuringDominantPhase!: string[];

  @Field(() => ResourceAmount, {
    nullable: true,
    description: 'App containers plus every sidecar, once init is over.',
  })
  runningSum!: ResourceAmount | null;

  @Field(() => ResourceAmount, { nullable: true, description: 'The largest init phase total.' })
  initPeak!: ResourceAmount | null;

  @Field(() => ResourceAmount, {
    nullable: true,
    description:
      "Init peak minus running sum, when positive: reserved for the pod's whole life, used only during init.",
  })
  idleWhileRunning!: ResourceAmount | null;

  @Field(() => ResourceAmount, {
    nullable: true,
    description: 'max(running sum, init peak): what the containers ask for together.',
  })
  containerAggregate!: ResourceAmount | null;

  @Field(() => ResourceAmount, {
    nullable: true,
    description:
      'The pod-level value (spec.resources) that replaces the container aggregate, when honoured.',
  })
  podLevelOverride!: ResourceAmount | null;

  @Field(() => ResourceAmount, { nullable: true, description: 'spec.overhead added on top.' })
  overhead!: ResourceAmount | null;

  @Field(() => ResourceAmount, { description: 'The effective pod request.' })
  effective!: ResourceAmount;

  @Field({
    description: 'How the effective request was computed, in one sentence with the numbers.',
  })
  explanation!: string;
}

@ObjectType({
  description: 'What the native sidecars cost: their share of the running-phase requests.',
})
export class SidecarShare implements engine.SidecarShare {
  @Field({ description: 'Resource name (cpu, memory, ...).' })
  resource!: string;

  @Field(() => ResourceAmount, { description: "Sum of the sidecars' requests." })
  sidecars!: ResourceAmount;

  @Field(() => ResourceAmount, { description: 'Requests of app containers plus sidecars.' })
  running!: ResourceAmount;

  @Field(() => Float, { description: 'sidecars / running, in percent (one decimal).' })
  percent!: number;

  @Field(() => [String], { description: 'The sidecars that request the resource.' })
  sidecarNames!: string[];
}

@ObjectType({
  description:
    'Replicas × effective pod requests and limits: what the workload as a whole reserves.',
})
export class WorkloadTotals implements engine.WorkloadTotals {
  @Field(() => ReplicaBasis, {
    description: 'How the pod count was read (one pod, replicas, parallelism, per node).',
  })
  basis!: ReplicaBasis;

  @Field(() => Int, {
    description: 'The multiplier used: replicas, Job parallelism, or 1 (per pod, per node).',
  })
  replicas!: number;

  @Field({
    description: 'What the multiplier means: "3 replicas", "parallelism 4", "per node", "1 pod".',
  })
  label!: string;

  @Field(() => [ResourceQuantity], {
    description: "The pod's effective requests times the pod count.",
  })
  requests!: ResourceQuantity[];

  @Field(() => [ResourceQuantity], {
    description:
      "The pod's effective limits times the pod count; resources without a limit left out.",
  })
  limits!: ResourceQuantity[];
}

@ObjectType({ description: 'Whether pod-level spec.resources applies on the target version.' })
export class PodLevelResourcesState implements engine.PodLevelResourcesState {
  @Field(() => PodLevelResourcesStateKind, {
    description: 'NOT_SET, HONOURED or IGNORED by the target version.',
  })
  state!: PodLevelResourcesStateKind;

  @Field({ description: 'Why, in one sentence (which version introduced or enabled the gate).' })
  explanation!: string;
}

export const PhaseKind = enumFromUnion<engine.PhaseResources['kind']>()({
  INIT: 'INIT',
  SIDECAR_START: 'SIDECAR_START',
  RUNNING: 'RUNNING',
});
export type PhaseKind = engine.PhaseResources['kind'];
registerEnumType(PhaseKind, {
  name: 'PhaseKind',
  description:
    'INIT: a regular init container beside the sidecars declared before it; SIDECAR_START: a sidecar starting beside those before it; RUNNING: app containers plus every sidecar.',
  valuesMap: {
    INIT: { description: 'A regular init container beside the sidecars declared before it.' },
    SIDECAR_START: { description: 'A sidecar starting, beside the sidecars declared before it.' },
    RUNNING: { description: 'App containers plus every sidecar, once init is over.' },
  },
});

@ObjectType({
  description:
    "One phase of the pod's life and what its containers request and limit together (before overhead and pod-level resources); the effective request is the per-resource maximum over the phases.",
})
export class PhaseResources implements engine.PhaseResources {
  @Field(() => PhaseKind, { description: 'Which phase this is.' })
  kind!: PhaseKind;

  @Field(() => String, {
    nullable: true,
    description: 'The init container or sidecar whose start defines the phase; null for RUNNING.',
  })
  container!: string | null;

  @Field(() => [String], {
    description: 'The sidecars running during the phase (a starting sidecar included).',
  })
  sidecars!: string[];

  @Field(() => [ResourceQuantity], { description: "Sum of the phase's containers' requests." })
  requests!: ResourceQuantity[];

  @Field(() => [ResourceQuantity], {
    description: "Sum of the phase's declared limits (see unlimited).",
  })
  limits!: ResourceQuantity[];

  @Field(() => [String], {
    description: 'cpu/memory that some container of the phase sets no (or a zero) limit for.',
  })
  unlimited!: string[];
}

@ObjectType({
  description: 'Effective requests and limits, QoS, and where every number comes from.',
})
export class ResourceReport implements engine.ResourceReport {
  @Field(() => [ResourceQuantity], {
    description:
      'Effective pod requests, exactly as the scheduler computes them (init peak vs. app + sidecars, overhead, pod-level resources).',
  })
  requests!: ResourceQuantity[];

  @Field(() => [ResourceQuantity], {
    description:
      'Effective pod limits, exactly as Kubernetes computes them; a resource some container leaves unlimited is listed in unboundedLimits.',
  })
  limits!: ResourceQuantity[];

  @Field(() => [String], {
    description:
      'cpu/memory that some container leaves without a limit while others set one: the pod cgroup gets no limit.',
  })
  unboundedLimits!: string[];

  @Field(() => QosClass, {
    description: "The pod's QoS class as the kubelet computes it (status.qosClass).",
  })
  qosClass!: QosClass;

  @Field(() => [UnboundedLimit], {
    description: 'The containers behind each entry of unboundedLimits.',
  })
  unboundedLimitDetails!: UnboundedLimit[];

  @Field(() => [DefaultedRequest], {
    description:
      'Requests the API server fills in from limits (SetDefaults_Pod); the numbers above include them.',
  })
  defaultedRequests!: DefaultedRequest[];

  @Field(() => [String], {
    description:
      'Resources whose value is unknown because a quantity could not be read: they get no number anywhere.',
  })
  unknownResources!: string[];

  @Field({
    description:
      'False when some resource value could not be read (see inputIssues); the numbers given are still exact.',
  })
  complete!: boolean;

  @Field(() => [ResourceInputIssue], {
    description: 'Every resource value that could not be read, with its path.',
  })
  inputIssues!: ResourceInputIssue[];

  @Field({ description: 'Why the pod gets its QoS class.' })
  qosExplanation!: string;

  @Field(() => QosBasis, {
    description: 'Whether spec.resources or the containers decided the QoS class.',
  })
  qosBasis!: QosBasis;

  @Field(() => [ContainerQos], {
    description: "Each container's class (empty when spec.resources decides).",
  })
  containerQos!: ContainerQos[];

  @Field(() => [String], {
    description: 'Sidecars that alone turn an otherwise Guaranteed pod Burstable.',
  })
  qosDowngradedBySidecars!: string[];

  @Field(() => [ResourceBreakdown], {
    description:
      'Per requested resource: which phase dominates, the running sum, the init peak and the idle reserve.',
  })
  requestBreakdown!: ResourceBreakdown[];

  @Field(() => [SidecarShare], {
    description: "The sidecars' share of the running-phase requests, per resource.",
  })
  sidecarShare!: SidecarShare[];

  @Field(() => [PhaseResources], {
    description:
      'Each init phase (an init container beside the sidecars declared before it, a sidecar start) and the running set, with their requests and limits.',
  })
  phases!: PhaseResources[];

  @Field(() => WorkloadTotals, {
    nullable: true,
    description: 'Replicas × effective requests and limits.',
  })
  workloadTotals!: WorkloadTotals | null;

  @Field(() => [ResourceQuantity], {
    description:
      'Scheduler scoring view, labelled as such: requests with 100m cpu / 200Mi memory for every container that sets none. Used only to score nodes; the fit check uses requests.',
  })
  schedulerScoringRequests!: ResourceQuantity[];

  @Field(() => PodLevelResourcesState, {
    description: 'Whether pod-level spec.resources is set and honoured on the target version.',
  })
  podLevelResources!: PodLevelResourcesState;

  @Field(() => [ResourceQuantity], {
    description:
      'spec.overhead (RuntimeClass), included in requests and in existing non-zero limits.',
  })
  overhead!: ResourceQuantity[];
}
