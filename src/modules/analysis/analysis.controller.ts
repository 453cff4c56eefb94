import {
  applyDecorators,
  Controller,
  Header,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiJsonResponse, ApiProblemResponses, ApiTextResponse } from '../../openapi/decorators';
import type { FastifyRequest } from 'fastify';
import type { AnalysisReport } from '../../engine';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config';
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
  constructor(
    private readonly analysis: AnalysisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('analyze')
  @HttpCode(200)
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary: 'Analyse a manifest (nothing is saved)',
    description: `${BODY_DESCRIPTION} Returns the report of the GraphQL analyze query. The lifecycle pictures (svg, mermaid, mermaidTermination) and the findings' fixed manifests cost most of an analysis and of its answer: they are computed only when asked for, with pictures=true and fixes=true. An answer larger than MAX_RESPONSE_BYTES (default 4 MiB) is refused with 413 before it is sent: leave out pictures=true, analyse fewer objects per request, or select fields with the GraphQL analyze query.`,
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
    'AnalyzeAnswer',
    'The analysis report (workloads, diagnostics, kubernetesVersion); the lifecycle pictures only with pictures=true, each fixedManifest null unless fixes=true.',
  )
  @ApiQuery({
    name: 'pictures',
    required: false,
    schema: { type: 'boolean', default: false },
    description:
      "true: each workload's lifecycle comes with its pictures (svg, mermaid, mermaidTermination), which are otherwise not drawn at all. They are about three quarters of a report (500 small pods: 6.4 MB with, 1.6 MB without). /v1/analyze/timeline.svg and timeline.mmd draw one workload's.",
  })
  @ApiQuery({
    name: 'fixes',
    required: false,
    schema: { type: 'boolean', default: false },
    description:
      'true: each finding a rule can fix mechanically carries the fixed manifest (fixedManifest, the whole document as YAML, formatting and comments kept); otherwise fixedManifest is null and no fix is computed.',
  })
  @ApiProblemResponses(400, 401, 413, 415, 429, 503)
  async analyze(
    @Req() req: FastifyRequest,
    @Query('kubernetesVersion', SingleQueryValue) kubernetesVersion?: string,
    @Query('pictures', SingleQueryValue) pictures?: string,
    @Query('fixes', SingleQueryValue) fixes?: string,
  ): Promise<Buffer> {
    const withPictures = booleanParameter('pictures', pictures, false);
    const withFixes = booleanParameter('fixes', fixes, false);
    const answer = await this.analysis.analyzeToJson(
      { ...requestOf(req, kubernetesVersion), includeFixes: withFixes },
      { pictures: withPictures, maxBytes: this.config.maxResponseBytes },
    );
    if (!answer.ok) {
      throw tooLarge(answer.bytes, this.config.maxResponseBytes, answer.atLeast ? 'at least ' : '');
    }
    // Serialised where the analysis ran (a worker thread for a large manifest): only written here.
    return Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength);
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
    const report = await this.analysis.analyze(
      { ...requestOf(req, kubernetesVersion), includeFixes: false },
      '',
    );
    return boundedAnswer(
      pickWorkload(report, workload).lifecycle.svg,
      this.config.maxResponseBytes,
    );
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
    const report = await this.analysis.analyze(
      { ...requestOf(req, kubernetesVersion), includeFixes: false },
      '',
    );
    const { lifecycle } = pickWorkload(report, workload);
    return boundedAnswer(
      `${lifecycle.mermaid}\n\n${lifecycle.mermaidTermination}\n`,
      this.config.maxResponseBytes,
    );
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

/**
 * The answer, or 413 naming MAX_RESPONSE_BYTES when it is larger: a small request must not make
 * the service hold (and a slow client keep) an unbounded answer.
 */
function boundedAnswer(body: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > maxBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The picture would be ${bytes} bytes, more than the ${maxBytes} bytes one response may carry (MAX_RESPONSE_BYTES). Analyse a workload with fewer containers.`,
    );
  }
  return body;
}

function tooLarge(bytes: number, maxBytes: number, atLeast: string): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `The answer would be ${atLeast}${bytes} bytes, more than the ${maxBytes} bytes one response may carry (MAX_RESPONSE_BYTES). Ask without pictures=true (the lifecycle pictures are most of a report), analyse fewer objects per request, or select only the fields you need with the GraphQL analyze query.`,
  );
}

function booleanParameter(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw AppError.badInput([{ field: name, message: 'must be true or false' }]);
}
