import { Field, Int, ObjectType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { engineDoc } from './engine-doc';
import { Diagnostic } from './diagnostic.model';
import { WorkloadReport } from './workload-report.model';

@ObjectType({
  description: engineDoc('AnalysisReport'),
})
export class AnalysisReport implements engine.AnalysisReport {
  @Field(() => [WorkloadReport], {
    description: engineDoc<engine.AnalysisReport>('AnalysisReport', 'workloads'),
  })
  workloads!: WorkloadReport[];

  @Field(() => [Diagnostic], {
    description: engineDoc<engine.AnalysisReport>('AnalysisReport', 'diagnostics'),
  })
  diagnostics!: Diagnostic[];

  @Field({ description: engineDoc<engine.AnalysisReport>('AnalysisReport', 'kubernetesVersion') })
  kubernetesVersion!: string;

  @Field(() => Int, {
    description: engineDoc<engine.AnalysisReport>('AnalysisReport', 'schemaVersion'),
  })
  schemaVersion!: number;
}
