import { Field, Int, ObjectType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { engineDoc } from './engine-doc';
import { Finding, InjectedSidecar, Recommendation, SuppressedFinding } from './advice.model';
import { ContainerReport } from './container-report.model';
import { LifecycleReport } from './lifecycle-report.model';
import { ResourceReport } from './resource-report.model';

@ObjectType({ description: engineDoc('WorkloadReport') })
export class WorkloadReport implements engine.WorkloadReport {
  @Field({
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'kind'),
  })
  kind!: string;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'name'),
  })
  name!: string | null;

  @Field(() => String, {
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'namespace'),
    nullable: true,
  })
  namespace!: string | null;

  @Field(() => Int, {
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'replicas'),
  })
  replicas!: number;

  @Field(() => Int, { description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'document') })
  document!: number;

  @Field(() => [ContainerReport], {
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'containers'),
  })
  containers!: ContainerReport[];

  @Field(() => ResourceReport, {
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'resources'),
  })
  resources!: ResourceReport;

  @Field(() => LifecycleReport, {
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'lifecycle'),
  })
  lifecycle!: LifecycleReport;

  @Field(() => [Finding], {
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'findings'),
  })
  findings!: Finding[];

  @Field(() => [SuppressedFinding], {
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'suppressedFindings'),
  })
  suppressedFindings!: SuppressedFinding[];

  @Field(() => [Recommendation], {
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'recommendations'),
  })
  recommendations!: Recommendation[];

  @Field(() => [InjectedSidecar], {
    description: engineDoc<engine.WorkloadReport>('WorkloadReport', 'injectedSidecars'),
  })
  injectedSidecars!: InjectedSidecar[];
}
