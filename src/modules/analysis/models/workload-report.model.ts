import { Field, Int, ObjectType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { Finding, InjectedSidecar, Recommendation, SuppressedFinding } from './advice.model';
import { ContainerReport } from './container-report.model';
import { LifecycleReport } from './lifecycle-report.model';
import { ResourceReport } from './resource-report.model';

@ObjectType({ description: 'The analysis of one pod template found in the manifest.' })
export class WorkloadReport implements engine.WorkloadReport {
  @Field({
    description:
      'Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or CronJob.',
  })
  kind!: string;

  @Field(() => String, {
    nullable: true,
    description: 'metadata.name; null when the manifest sets none (a diagnostic says so).',
  })
  name!: string | null;

  @Field(() => String, {
    description: 'metadata.namespace, when the manifest sets it.',
    nullable: true,
  })
  namespace!: string | null;

  @Field(() => Int, {
    description:
      'Replicas of the workload (1 for a Pod or Job with no parallelism; per node for a DaemonSet).',
  })
  replicas!: number;

  @Field(() => Int, { description: 'Index of the YAML document the workload came from (0-based).' })
  document!: number;

  @Field(() => [ContainerReport], {
    description:
      'Init containers, sidecars and app containers, in the order the kubelet starts them.',
  })
  containers!: ContainerReport[];

  @Field(() => ResourceReport, {
    description:
      'Effective requests and limits, QoS class, and what the sidecars and init containers cost.',
  })
  resources!: ResourceReport;

  @Field(() => LifecycleReport, {
    description: 'Start-up, readiness, termination and Job completion as timelines.',
  })
  lifecycle!: LifecycleReport;

  @Field(() => [Finding], { description: 'Problems found by the rules, most severe first.' })
  findings!: Finding[];

  @Field(() => [SuppressedFinding], {
    description:
      'Findings exempted by a `sidecar-lens.io/ignore-<rule-id>` annotation on the object or its pod template, with the reason given there.',
  })
  suppressedFindings!: SuppressedFinding[];

  @Field(() => [Recommendation], {
    description: 'Whether each multi-container pattern used (or missing) here is the right tool.',
  })
  recommendations!: Recommendation[];

  @Field(() => [InjectedSidecar], {
    description:
      'Sidecars an admission webhook will add to this pod (from its annotations and labels).',
  })
  injectedSidecars!: InjectedSidecar[];
}
