import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    "A named manifest of the caller's team whose revisions (manifest, assumptions, report) are kept, newest first.",
})
export class Scenario {
  @Field(() => ID, { description: 'Opaque id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'Name given by the team, 1..200 characters.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Free text, at most 2000 characters.' })
  description!: string | null;

  @Field(() => [String], { description: 'Up to 20 tags of at most 50 characters each.' })
  tags!: string[];

  @Field(() => GraphQLISODateTime, { description: 'When the scenario was created.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When its last revision was added.' })
  updatedAt!: Date;

  @Field(() => Int, {
    description: 'Number of revisions, which is also the number of the latest one (no gaps).',
  })
  revisionCount!: number;
}
