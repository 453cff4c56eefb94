import { Field, Int, ObjectType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { Diagnostic } from './diagnostic.model';
import { WorkloadReport } from './workload-report.model';

@ObjectType({
  description:
    'The analysis of a manifest: one report per pod template, and the problems with the input.',
})
export class AnalysisReport implements engine.AnalysisReport {
  @Field(() => [WorkloadReport], {
    description: 'One entry per pod template found in the manifest, in document order.',
  })
  workloads!: WorkloadReport[];

  @Field(() => [Diagnostic], {
    description:
      'Problems with the input itself: YAML/JSON syntax, unknown kinds, Kubernetes API validation.',
  })
  diagnostics!: Diagnostic[];

  @Field({ description: 'The Kubernetes version the rules followed.' })
  kubernetesVersion!: string;

  @Field(() => Int, {
    description: "Version of the report's shape; bumped when its meaning changes.",
  })
  schemaVersion!: number;
}
