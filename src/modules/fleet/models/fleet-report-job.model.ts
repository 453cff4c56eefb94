import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../../scenarios/models/scenario-connection.model';

export enum FleetReportFormatEnum {
  JSON = 'json',
  MARKDOWN = 'markdown',
  HTML = 'html',
  SARIF = 'sarif',
  TABLE = 'table',
}

registerEnumType(FleetReportFormatEnum, {
  name: 'FleetReportFormat',
  description:
    'How the fleet report is rendered: JSON (schema versioned), Markdown, self-contained HTML with charts, SARIF 2.1.0, or the terminal table.',
  valuesMap: {
    JSON: { description: 'The report as JSON (schemaVersion names its version).' },
    MARKDOWN: { description: 'Markdown for a pull request or an issue.' },
    HTML: { description: 'A self-contained HTML page with charts.' },
    SARIF: { description: 'SARIF 2.1.0: every finding in one run.' },
    TABLE: { description: 'The terminal table of `sidecar-lens fleet`.' },
  },
});

@ObjectType({
  description:
    'A fleet report job: an uploaded cluster dump, cut into chunks that the workers of every replica take (pg-boss on PostgreSQL).',
})
export class FleetReportJob {
  @Field(() => ID, { description: 'The job id.' })
  id!: string;

  @Field(() => String, { description: 'queued, running, done or failed.' })
  status!: string;

  @Field(() => String, {
    description: 'The upload name given (diagnostics name it as their source).',
  })
  source!: string;

  @Field(() => Int, { description: 'Chunks analysed so far.' })
  done!: number;

  @Field(() => Int, { description: 'Chunks of the dump in all.' })
  total!: number;

  @Field(() => Int, { description: 'Objects read from the dump (before owner folding).' })
  objects!: number;

  @Field(() => String, { nullable: true, description: 'Why the job failed, if it did.' })
  error!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the dump was uploaded.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the report was done.' })
  finishedAt!: Date | null;
}

@ObjectType({ description: 'A fleet report job and its cursor.' })
export class FleetReportJobEdge {
  @Field(() => String, { description: 'Opaque cursor of this job.' })
  cursor!: string;

  @Field(() => FleetReportJob, { description: 'The job.' })
  node!: FleetReportJob;
}

@ObjectType({ description: "A page of the caller's team's fleet reports, newest first." })
export class FleetReportJobConnection {
  @Field(() => [FleetReportJobEdge], { description: 'The jobs of this page.' })
  edges!: FleetReportJobEdge[];

  @Field(() => PageInfo, { description: 'Where this page ends.' })
  pageInfo!: PageInfo;
}
