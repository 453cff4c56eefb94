import { Field, InputType } from '@nestjs/graphql';

@InputType({ description: 'Narrows the scenario list; all given conditions must hold.' })
export class ScenarioFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive substring of the name.',
  })
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: 'Scenarios carrying exactly this tag.' })
  tag?: string | null;
}
