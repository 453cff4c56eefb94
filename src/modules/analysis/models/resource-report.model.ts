import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { engineDoc } from './engine-doc';
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
  description: engineDoc('ResourceAmount'),
})
export class ResourceAmount implements engine.ResourceAmount {
  @Field({ description: engineDoc<engine.ResourceAmount>('ResourceAmount', 'quantity') })
  quantity!: string;

  @Field({
    description: engineDoc<engine.ResourceAmount>('ResourceAmount', 'value'),
  })
  value!: string;
}

@ObjectType({ description: engineDoc('ResourceQuantity') })
export class ResourceQuantity implements engine.ResourceQuantity {
  @Field({ description: engineDoc<engine.ResourceQuantity>('ResourceQuantity', 'resource') })
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
  description: engineDoc('UnboundedLimit'),
})
export class UnboundedLimit implements engine.UnboundedLimit {
  @Field({ description: engineDoc<engine.UnboundedLimit>('UnboundedLimit', 'resource') })
  resource!: string;

  @Field(() => [String], {
    description: engineDoc<engine.UnboundedLimit>('UnboundedLimit', 'unlimitedContainers'),
  })
  unlimitedContainers!: string[];

  @Field(() => [String], {
    description: engineDoc<engine.UnboundedLimit>('UnboundedLimit', 'limitedContainers'),
  })
  limitedContainers!: string[];

  @Field({
    description: engineDoc<engine.UnboundedLimit>('UnboundedLimit', 'explanation'),
  })
  explanation!: string;
}

@ObjectType({
  description: engineDoc('DefaultedRequest'),
})
export class DefaultedRequest implements engine.DefaultedRequest {
  @Field({ description: engineDoc<engine.DefaultedRequest>('DefaultedRequest', 'container') })
  container!: string;

  @Field(() => ContainerRole, {
    description: engineDoc<engine.DefaultedRequest>('DefaultedRequest', 'role'),
  })
  role!: ContainerRole;

  @Field(() => Int, {
    description: engineDoc<engine.DefaultedRequest>('DefaultedRequest', 'index'),
  })
  index!: number;

  @Field({ description: engineDoc<engine.DefaultedRequest>('DefaultedRequest', 'resource') })
  resource!: string;

  @Field({ description: engineDoc<engine.DefaultedRequest>('DefaultedRequest', 'fromLimit') })
  fromLimit!: string;
}

@ObjectType({
  description: engineDoc('ResourceInputIssue'),
})
export class ResourceInputIssue implements engine.ResourceInputIssue {
  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.ResourceInputIssue>('ResourceInputIssue', 'container'),
  })
  container!: string | null;

  @Field(() => String, {
    description: engineDoc<engine.ResourceInputIssue>('ResourceInputIssue', 'field'),
  })
  field!: engine.ResourceField;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.ResourceInputIssue>('ResourceInputIssue', 'resource'),
  })
  resource!: string | null;

  @Field({ description: engineDoc<engine.ResourceInputIssue>('ResourceInputIssue', 'path') })
  path!: string;

  @Field({ description: engineDoc<engine.ResourceInputIssue>('ResourceInputIssue', 'message') })
  message!: string;
}

@ObjectType({ description: engineDoc('ContainerQosReport') })
export class ContainerQos implements engine.ContainerQosReport {
  @Field({ description: engineDoc<engine.ContainerQosReport>('ContainerQosReport', 'container') })
  container!: string;

  @Field(() => ContainerRole, {
    description: engineDoc<engine.ContainerQosReport>('ContainerQosReport', 'role'),
  })
  role!: ContainerRole;

  @Field(() => QosClass, {
    description: engineDoc<engine.ContainerQosReport>('ContainerQosReport', 'qosClass'),
  })
  qosClass!: QosClass;
}

@ObjectType({
  description: engineDoc('ResourceBreakdown'),
})
export class ResourceBreakdown implements engine.ResourceBreakdown {
  @Field({ description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'resource') })
  resource!: string;

  @Field(() => ResourcePhase, {
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'dominantPhase'),
  })
  dominantPhase!: ResourcePhase;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'dominantInitContainer'),
  })
  dominantInitContainer!: string | null;

  @Field(() => [String], {
    description: engineDoc<engine.ResourceBreakdown>(
      'ResourceBreakdown',
      'sidecarsDuringDominantPhase',
    ),
  })
  sidecarsDuringDominantPhase!: string[];

  @Field(() => ResourceAmount, {
    nullable: true,
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'runningSum'),
  })
  runningSum!: ResourceAmount | null;

  @Field(() => ResourceAmount, {
    nullable: true,
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'initPeak'),
  })
  initPeak!: ResourceAmount | null;

  @Field(() => ResourceAmount, {
    nullable: true,
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'idleWhileRunning'),
  })
  idleWhileRunning!: ResourceAmount | null;

  @Field(() => ResourceAmount, {
    nullable: true,
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'containerAggregate'),
  })
  containerAggregate!: ResourceAmount | null;

  @Field(() => ResourceAmount, {
    nullable: true,
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'podLevelOverride'),
  })
  podLevelOverride!: ResourceAmount | null;

  @Field(() => ResourceAmount, {
    nullable: true,
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'overhead'),
  })
  overhead!: ResourceAmount | null;

  @Field(() => ResourceAmount, {
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'effective'),
  })
  effective!: ResourceAmount;

  @Field({
    description: engineDoc<engine.ResourceBreakdown>('ResourceBreakdown', 'explanation'),
  })
  explanation!: string;
}

@ObjectType({
  description: engineDoc('SidecarShare'),
})
export class SidecarShare implements engine.SidecarShare {
  @Field({ description: engineDoc<engine.SidecarShare>('SidecarShare', 'resource') })
  resource!: string;

  @Field(() => ResourceAmount, {
    description: engineDoc<engine.SidecarShare>('SidecarShare', 'sidecars'),
  })
  sidecars!: ResourceAmount;

  @Field(() => ResourceAmount, {
    description: engineDoc<engine.SidecarShare>('SidecarShare', 'running'),
  })
  running!: ResourceAmount;

  @Field(() => Float, { description: engineDoc<engine.SidecarShare>('SidecarShare', 'percent') })
  percent!: number;

  @Field(() => [String], {
    description: engineDoc<engine.SidecarShare>('SidecarShare', 'sidecarNames'),
  })
  sidecarNames!: string[];
}

@ObjectType({
  description: engineDoc('WorkloadTotals'),
})
export class WorkloadTotals implements engine.WorkloadTotals {
  @Field(() => ReplicaBasis, {
    description: engineDoc<engine.WorkloadTotals>('WorkloadTotals', 'basis'),
  })
  basis!: ReplicaBasis;

  @Field(() => Int, {
    description: engineDoc<engine.WorkloadTotals>('WorkloadTotals', 'replicas'),
  })
  replicas!: number;

  @Field({
    description: engineDoc<engine.WorkloadTotals>('WorkloadTotals', 'label'),
  })
  label!: string;

  @Field(() => [ResourceQuantity], {
    description: engineDoc<engine.WorkloadTotals>('WorkloadTotals', 'requests'),
  })
  requests!: ResourceQuantity[];

  @Field(() => [ResourceQuantity], {
    description: engineDoc<engine.WorkloadTotals>('WorkloadTotals', 'limits'),
  })
  limits!: ResourceQuantity[];
}

@ObjectType({ description: engineDoc('PodLevelResourcesState') })
export class PodLevelResourcesState implements engine.PodLevelResourcesState {
  @Field(() => PodLevelResourcesStateKind, {
    description: engineDoc<engine.PodLevelResourcesState>('PodLevelResourcesState', 'state'),
  })
  state!: PodLevelResourcesStateKind;

  @Field({
    description: engineDoc<engine.PodLevelResourcesState>('PodLevelResourcesState', 'explanation'),
  })
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
  description: engineDoc('PhaseResources'),
})
export class PhaseResources implements engine.PhaseResources {
  @Field(() => PhaseKind, {
    description: engineDoc<engine.PhaseResources>('PhaseResources', 'kind'),
  })
  kind!: PhaseKind;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.PhaseResources>('PhaseResources', 'container'),
  })
  container!: string | null;

  @Field(() => [String], {
    description: engineDoc<engine.PhaseResources>('PhaseResources', 'sidecars'),
  })
  sidecars!: string[];

  @Field(() => [ResourceQuantity], {
    description: engineDoc<engine.PhaseResources>('PhaseResources', 'requests'),
  })
  requests!: ResourceQuantity[];

  @Field(() => [ResourceQuantity], {
    description: engineDoc<engine.PhaseResources>('PhaseResources', 'limits'),
  })
  limits!: ResourceQuantity[];

  @Field(() => [String], {
    description: engineDoc<engine.PhaseResources>('PhaseResources', 'unlimited'),
  })
  unlimited!: string[];
}

@ObjectType({
  description: engineDoc('ResourceReport'),
})
export class ResourceReport implements engine.ResourceReport {
  @Field(() => [ResourceQuantity], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'requests'),
  })
  requests!: ResourceQuantity[];

  @Field(() => [ResourceQuantity], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'limits'),
  })
  limits!: ResourceQuantity[];

  @Field(() => [String], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'unboundedLimits'),
  })
  unboundedLimits!: string[];

  @Field(() => QosClass, {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'qosClass'),
  })
  qosClass!: QosClass;

  @Field(() => [UnboundedLimit], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'unboundedLimitDetails'),
  })
  unboundedLimitDetails!: UnboundedLimit[];

  @Field(() => [DefaultedRequest], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'defaultedRequests'),
  })
  defaultedRequests!: DefaultedRequest[];

  @Field(() => [String], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'unknownResources'),
  })
  unknownResources!: string[];

  @Field({
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'complete'),
  })
  complete!: boolean;

  @Field(() => [ResourceInputIssue], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'inputIssues'),
  })
  inputIssues!: ResourceInputIssue[];

  @Field({ description: engineDoc<engine.ResourceReport>('ResourceReport', 'qosExplanation') })
  qosExplanation!: string;

  @Field(() => QosBasis, {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'qosBasis'),
  })
  qosBasis!: QosBasis;

  @Field(() => [ContainerQos], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'containerQos'),
  })
  containerQos!: ContainerQos[];

  @Field(() => [String], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'qosDowngradedBySidecars'),
  })
  qosDowngradedBySidecars!: string[];

  @Field(() => [ResourceBreakdown], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'requestBreakdown'),
  })
  requestBreakdown!: ResourceBreakdown[];

  @Field(() => [SidecarShare], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'sidecarShare'),
  })
  sidecarShare!: SidecarShare[];

  @Field(() => [PhaseResources], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'phases'),
  })
  phases!: PhaseResources[];

  @Field(() => WorkloadTotals, {
    nullable: true,
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'workloadTotals'),
  })
  workloadTotals!: WorkloadTotals | null;

  @Field(() => [ResourceQuantity], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'schedulerScoringRequests'),
  })
  schedulerScoringRequests!: ResourceQuantity[];

  @Field(() => PodLevelResourcesState, {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'podLevelResources'),
  })
  podLevelResources!: PodLevelResourcesState;

  @Field(() => [ResourceQuantity], {
    description: engineDoc<engine.ResourceReport>('ResourceReport', 'overhead'),
  })
  overhead!: ResourceQuantity[];
}
