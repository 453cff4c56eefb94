import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ScenarioFilter } from './scenario-filter.input';

@ArgsType()
export class ScenariosArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 1..100.' })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'endCursor of the previous page; omit for the first page.',
  })
  after?: string | null;

  @Field(() => ScenarioFilter, { nullable: true, description: 'Optional name and tag filter.' })
  filter?: ScenarioFilter | null;
}
