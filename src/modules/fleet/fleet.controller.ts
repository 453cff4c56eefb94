import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiResponse,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { AppError } from '../../common/errors/app-error';
import type { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { ApiJsonResponse, ApiProblemResponses, schemaRef } from '../../openapi/decorators';
import type {
  FleetJobCreated,
  FleetJobList,
  FleetJobPage,
  FleetJobView,
  FleetReportFormat,
} from './fleet.service';
import { FLEET_FORMAT_MEDIA, FleetService } from './fleet.service';

const FORMATS = Object.keys(FLEET_FORMAT_MEDIA) as FleetReportFormat[];

const one = (v: unknown): string | undefined =>
  Array.isArray(v) ? String(v.at(-1)) : v === undefined ? undefined : String(v);

const numberOf = (field: string, v: unknown): number | undefined => {
  const s = one(v);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) {
    throw AppError.badInput([{ field, message: `must be a number (got "${s.slice(0, 30)}")` }]);
  }
  return n;
};

/** Fleet reports for scripts and CI; the GraphQL API has the same operations. */
@ApiTags('fleet')
@ApiBearerAuth()
@ApiProblemResponses(400, 401, 429, 503)
@Controller('v1/fleet-reports')
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Upload a cluster dump for a fleet report',
    description:
      'Body: `kubectl get pods,deployments,statefulsets,daemonsets,jobs,cronjobs -A -o yaml` output. As application/octet-stream it is streamed (up to 100 MiB, never held whole); as application/yaml up to 3 MiB (text/plain, which a browser sends cross-site without a preflight, is refused with 415). Answers 202 with the job and a Location to follow its progress.',
  })
  @ApiConsumes('application/octet-stream', 'application/yaml')
  @ApiQuery({ name: 'name', required: false, description: 'Upload name, cited by diagnostics.' })
  @ApiQuery({ name: 'kubernetesVersion', required: false })
  @ApiQuery({ name: 'teamLabel', required: false, description: 'Repeatable; first set wins.' })
  @ApiQuery({ name: 'nodes', required: false })
  @ApiQuery({ name: 'cpuPrice', required: false, description: 'Per vCPU-hour.' })
  @ApiQuery({ name: 'memoryPrice', required: false, description: 'Per GiB-hour.' })
  @ApiQuery({ name: 'hours', required: false, description: 'Hours per month.' })
  @ApiQuery({ name: 'currency', required: false })
  @ApiJsonResponse(202, 'FleetJobCreated', 'The job (status queued, done/total chunks).', {
    Location: {
      description: 'The job: /v1/fleet-reports/{id}.',
      required: true,
      schema: { type: 'string' },
    },
  })
  @ApiProblemResponses(413, 415)
  async create(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentCaller() caller: Caller,
    @Query() query: Record<string, unknown>,
  ): Promise<FleetJobCreated> {
    const body: unknown = req.body;
    if (!(body instanceof Readable) && typeof body !== 'string') {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the dump as the body: application/octet-stream (streamed, up to 100 MiB) or application/yaml.',
      );
    }
    const labels = query.teamLabel;
    const job = await this.fleet.submit(
      caller,
      body,
      {
        kubernetesVersion: one(query.kubernetesVersion),
        teamLabels:
          labels === undefined
            ? undefined
            : (Array.isArray(labels) ? labels : [labels]).map(String),
        nodes: numberOf('nodes', query.nodes),
        cpuPrice: numberOf('cpuPrice', query.cpuPrice),
        memoryPrice: numberOf('memoryPrice', query.memoryPrice),
        hours: numberOf('hours', query.hours),
        currency: one(query.currency),
      },
      one(query.name),
    );
    const self = `/v1/fleet-reports/${job.id}`;
    void reply.header('location', self);
    return { ...job, links: { self, report: `${self}/report` } };
  }

  @Get()
  @ApiOperation({ summary: "The team's fleet reports, newest first (cursor-paginated)" })
  @ApiQuery({ name: 'first', required: false, description: '1..100, default 20.' })
  @ApiQuery({ name: 'after', required: false, description: 'endCursor of the previous page.' })
  @ApiJsonResponse(200, 'FleetJobList', 'A page of jobs, newest first.')
  async list(
    @CurrentCaller() caller: Caller,
    @Query('first') first?: string,
    @Query('after') after?: string,
  ): Promise<FleetJobList> {
    const page: FleetJobPage = await this.fleet.list(
      caller,
      first === undefined ? 20 : (numberOf('first', first) ?? 20),
      one(after),
    );
    return {
      items: page.items.map((e) => e.node),
      endCursor: page.items.at(-1)?.cursor ?? null,
      hasNextPage: page.hasNextPage,
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A fleet report job: status and progress (done/total chunks)' })
  @ApiParam({ name: 'id', description: 'Job id.' })
  @ApiJsonResponse(200, 'FleetJobView', 'The job with its progress.')
  @ApiProblemResponses(404)
  async get(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<FleetJobView> {
    const job = await this.fleet.get(caller, id);
    if (!job) throw new AppError('NOT_FOUND', `No fleet report ${id.slice(0, 60)} in your team.`);
    return job;
  }

  @Get(':id/report')
  @ApiOperation({
    summary: 'The finished report',
    description: '202 with the job and its progress while it is not done yet.',
  })
  @ApiParam({ name: 'id', description: 'Job id.' })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  @ApiResponse({
    status: 200,
    description: 'The report in the format asked for (default json).',
    content: Object.fromEntries(
      FORMATS.map((f) => [FLEET_FORMAT_MEDIA[f].split(';')[0], { schema: { type: 'string' } }]),
    ),
  })
  @ApiResponse({
    status: 202,
    description: 'Not done yet: the job and its progress; ask again after Retry-After seconds.',
    headers: {
      'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', minimum: 0 } },
    },
    content: { 'application/json': { schema: schemaRef('FleetJobView') } },
  })
  @ApiProblemResponses(404)
  async report(
    @Param('id') id: string,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('format') formatQuery?: string,
  ): Promise<string | FleetJobView> {
    const format = (one(formatQuery) ?? 'json') as FleetReportFormat;
    if (!FORMATS.includes(format)) {
      throw AppError.badInput([
        { field: 'format', message: `must be one of ${FORMATS.join(', ')}` },
      ]);
    }
    const { job, text } = await this.fleet.report(caller, id, format);
    if (text === null) {
      void reply.code(202).header('retry-after', '2');
      return job;
    }
    void reply.type(FLEET_FORMAT_MEDIA[format]);
    return text;
  }
}
