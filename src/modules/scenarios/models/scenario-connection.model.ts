import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Scenario } from './scenario.model';
import { ScenarioRevision } from './scenario-revision.model';

@ObjectType({ description: 'Where a page of a cursor-paginated list ends.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow endCursor.' })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item of this page; pass it as `after` for the next page.',
  })
  endCursor!: string | null;

  @Field(() => Boolean, {
    description:
      'Whether items come before startCursor: true when this page was asked for `after` a cursor (pages go forward only).',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the first item of this page; null for an empty page.',
  })
  startCursor!: string | null;
}

@ObjectType({ description: 'A scenario and its cursor.' })
export class ScenarioEdge {
  @Field(() => String, { description: 'Opaque cursor of this scenario.' })
  cursor!: string;

  @Field(() => Scenario, { description: 'The scenario.' })
  node!: Scenario;
}

@ObjectType({ description: "A page of the caller's team's scenarios, newest first." })
export class ScenarioConnection {
  @Field(() => [ScenarioEdge], { description: 'The scenarios of this page.' })
  edges!: ScenarioEdge[];

  @Field(() => PageInfo, { description: 'Where this page ends.' })
  pageInfo!: PageInfo;

  /** Set by the service: how to count the whole list, run only when totalCount is asked for. */
  countAll!: () => Promise<number>;
}

@ObjectType({ description: 'A revision and its cursor.' })
export class ScenarioRevisionEdge {
  @Field(() => String, { description: 'Opaque cursor of this revision.' })
  cursor!: string;

  @Field(() => ScenarioRevision, { description: 'The revision.' })
  node!: ScenarioRevision;
}

@ObjectType({ description: "A page of a scenario's revisions, newest first." })
export class ScenarioRevisionConnection {
  @Field(() => [ScenarioRevisionEdge], { description: 'The revisions of this page.' })
  edges!: ScenarioRevisionEdge[];

  @Field(() => PageInfo, { description: 'Where this page ends.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Number of revisions of the scenario.' })
  totalCount!: number;
}
