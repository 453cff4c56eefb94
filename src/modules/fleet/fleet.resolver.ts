import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { CreateFleetReportInput } from './dto/fleet-report.input';
import {
  FleetReportFormatEnum,
  FleetReportJob,
  FleetReportJobConnection,
} from './models/fleet-report-job.model';
import { FleetService } from './fleet.service';

@Resolver(() => FleetReportJob)
export class FleetResolver {
  constructor(private readonly fleet: FleetService) {}

  @Mutation(() => FleetReportJob, {
    description:
      'Upload a cluster dump for a fleet report; answers at once with the job (follow done/total, then read report).',
  })
  createFleetReport(
    @Args('input', { description: 'The dump and the report options.' })
    input: CreateFleetReportInput,
    @CurrentCaller() caller: Caller,
  ): Promise<FleetReportJob> {
    const { dump, name, ...options } = input;
    return this.fleet.submit(caller, dump, options, name ?? undefined);
  }

  @Query(() => FleetReportJob, {
    nullable: true,
    description: "A fleet report job of the caller's team, or null.",
  })
  fleetReport(
    @Args('id', { type: () => ID, description: 'The job id.' }) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<FleetReportJob | null> {
    return this.fleet.get(caller, id);
  }

  @Query(() => FleetReportJobConnection, {
    description:
      "The caller's team's fleet reports, newest first, cursor-paginated (first: 1..100).",
  })
  async fleetReports(
    @CurrentCaller() caller: Caller,
    @Args('first', {
      type: () => Int,
      nullable: true,
      defaultValue: 20,
      description: 'Page size, 1..100.',
    })
    first: number,
    @Args('after', {
      type: () => String,
      nullable: true,
      description: 'endCursor of the previous page; omit for the first page.',
    })
    after?: string | null,
  ): Promise<FleetReportJobConnection> {
    const page = await this.fleet.list(caller, first, after);
    return {
      edges: page.items,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.items[0]?.cursor ?? null,
        endCursor: page.items.at(-1)?.cursor ?? null,
      },
    };
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The report in a format once the job is done; null before.',
  })
  async report(
    @Parent() job: FleetReportJob,
    @CurrentCaller() caller: Caller,
    @Args('format', {
      description: 'The format (default JSON).',
      type: () => FleetReportFormatEnum,
      defaultValue: FleetReportFormatEnum.JSON,
    })
    format: FleetReportFormatEnum,
  ): Promise<string | null> {
    if (job.status !== 'done') return null;
    return (await this.fleet.report(caller, job.id, format)).text;
  }
}
