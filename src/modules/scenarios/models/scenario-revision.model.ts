import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'One saved version of a scenario: the manifest as submitted, the assumptions, and the analysis report at that time.',
})
export class ScenarioRevision {
  @Field(() => ID, { description: 'Opaque id (a UUID).' })
  id!: string;

  @Field(() => ID, { description: 'The scenario this revision belongs to.' })
  scenarioId!: string;

  @Field(() => Int, {
    description: '1, 2, 3, ... per scenario: no gaps, no duplicates, also under concurrent writes.',
  })
  number!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the revision was saved.' })
  createdAt!: Date;

  @Field(() => String, { description: 'The Kubernetes version the analysis followed.' })
  kubernetesVersion!: string;

  @Field(() => Int, { description: 'ERROR diagnostics and findings in the report.' })
  errorCount!: number;

  @Field(() => Int, { description: 'WARNING diagnostics and findings in the report.' })
  warningCount!: number;
}
