import { applyDecorators, Controller, Header, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiJsonResponse, ApiProblemResponses, ApiTextResponse } from '../../openapi/decorators';
import type { FastifyRequest } from 'fastify';
import type { AnalysisReport } from '../../engine';
import { AppError } from '../../common/errors/app-error';
import { AnalysisService } from './analysis.service';
import { EXAMPLE_MANIFEST, readManifestBody } from './manifest-body';
import { SingleQueryValue } from '../../common/single-query-value.pipe';

const BODY_DESCRIPTION =
  'The manifest as YAML (application/yaml or text/plain) or JSON (a Kubernetes object, or an envelope {"manifest": "...", "kubernetesVersion": "1.33", "timing": {...}, "severityOverrides": {...}}).';

/** A route that answers one workload's timelines as a picture (documented alike in OpenAPI). */
function TimelineRoute(mediaType: string, summary: string, description: string) {
  return applyDecorators(
    HttpCode(200),
    Header('content-type', `${mediaType}; charset=utf-8`),
    ApiOperation({ summary, description: `${BODY_DESCRIPTION} ${description}` }),
    ApiConsumes('application/yaml', 'text/plain', 'application/json'),
    ApiBody({ schema: { type: 'string', example: EXAMPLE_MANIFEST } }),
    ApiQuery({ name: 'kubernetesVersion', required: false }),
    ApiQuery({
      name: 'workload',
      required: false,
      description: 'Index of the workload in the report (default 0).',
    }),
    ApiTextResponse(mediaType, summary),
    ApiProblemResponses(400, 401, 413, 415, 429, 503),
  );
}

@ApiTags('analysis')
@Controller('v1')
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @Post('analyze')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Analyse a manifest (nothing is saved)',
    description: `${BODY_DESCRIPTION} Returns the same report as the GraphQL analyze query.`,
  })
  @ApiConsumes('application/yaml', 'text/plain', 'application/json')
  @ApiBody({ schema: { type: 'string', example: EXAMPLE_MANIFEST } })
  @ApiQuery({
    name: 'kubernetesVersion',
    required: false,
    description: 'Target cluster version, 1.28 .. newest (default).',
  })
  @ApiJsonResponse(
    200,
    'AnalysisReport',
    'The analysis report (workloads, diagnostics, kubernetesVersion).',
  )
  @ApiProblemResponses(400, 401, 413, 415, 429, 503)
  analyze(
    @Req() req: FastifyRequest,
    @Query('kubernetesVersion', SingleQueryValue) kubernetesVersion?: string,
  ): Promise<AnalysisReport> {
    return this.analysis.analyze(requestOf(req, kubernetesVersion), '');
  }

  @Post('analyze/timeline.svg')
  @TimelineRoute(
    'image/svg+xml',
    'The lifecycle timelines of one workload as a standalone SVG',
    'Start-up and termination lanes per container, probe windows, SIGTERM/SIGKILL marks; embeddable in a portal or a pull request.',
  )
  async timelineSvg(
    @Req() req: FastifyRequest,
    @Query('kubernetesVersion', SingleQueryValue) kubernetesVersion?: string,
    @Query('workload', SingleQueryValue) workload?: string,
  ): Promise<string> {
    const report = await this.analysis.analyze(requestOf(req, kubernetesVersion), '');
    return pickWorkload(report, workload).lifecycle.svg;
  }

  @Post('analyze/timeline.mmd')
  @TimelineRoute(
    'text/plain',
    'The lifecycle timelines of one workload as Mermaid gantt text',
    "Start-up (and a Job's run to completion), then termination, as two Mermaid gantt charts.",
  )
  async timelineMermaid(
    @Req() req: FastifyRequest,
    @Query('kubernetesVersion', SingleQueryValue) kubernetesVersion?: string,
    @Query('workload', SingleQueryValue) workload?: string,
  ): Promise<string> {
    const report = await this.analysis.analyze(requestOf(req, kubernetesVersion), '');
    const { lifecycle } = pickWorkload(report, workload);
    return `${lifecycle.mermaid}\n\n${lifecycle.mermaidTermination}\n`;
  }
}

function requestOf(req: FastifyRequest, kubernetesVersion: string | undefined) {
  const body = readManifestBody(req);
  return {
    manifest: body.manifest,
    kubernetesVersion: kubernetesVersion ?? body.kubernetesVersion,
    timing: body.timing,
    severityOverrides: body.severityOverrides,
  };
}

function pickWorkload(
  report: AnalysisReport,
  workload: string | undefined,
): AnalysisReport['workloads'][number] {
  const index = workload === undefined ? 0 : /^\d{1,6}$/.test(workload) ? Number(workload) : NaN;
  if (!Number.isInteger(index)) {
    throw AppError.badInput([
      { field: 'workload', message: 'must be a workload index (0, 1, ...)' },
    ]);
  }
  const found = report.workloads[index];
  if (!found) {
    const reasons = report.diagnostics.filter((d) => d.severity === 'ERROR').map((d) => d.message);
    throw AppError.badInput([
      {
        field: 'workload',
        message: `the manifest has ${report.workloads.length} workload(s)${reasons.length ? `: ${reasons.slice(0, 3).join('; ')}` : ''}`,
      },
    ]);
  }
  return found;
}
