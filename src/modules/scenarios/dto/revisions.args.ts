import { ArgsType, Field, Int } from '@nestjs/graphql';

@ArgsType()
export class RevisionsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 1..100.' })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'endCursor of the previous page; omit for the newest revisions.',
  })
  after?: string | null;
}
