import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AnalysisReport } from '../../engine';
import { AnalysisService } from './analysis.service';
import { MANIFEST_MEDIA_TYPES, readManifestBody } from './manifest-body';

@ApiTags('analysis')
@Controller('v1')
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @Post('analyze')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Analyse a manifest (nothing is saved)',
    description:
      'Body: the manifest as YAML (application/yaml or text/plain) or JSON (a Kubernetes object, or {"manifest": "...", "kubernetesVersion": "1.33"}). Returns the same report as the GraphQL analyze query.',
  })
  @ApiConsumes('application/yaml', 'text/plain', 'application/json')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n  - name: app\n    image: nginx\n',
    },
  })
  @ApiQuery({
    name: 'kubernetesVersion',
    required: false,
    description: 'Target cluster version, 1.28 .. newest (default).',
  })
  @ApiOkResponse({
    description: 'The analysis report (workloads, diagnostics, kubernetesVersion).',
  })
  async analyze(
    @Req() req: FastifyRequest,
    @Query('kubernetesVersion') kubernetesVersion?: string,
  ): Promise<AnalysisReport> {
    const body = readManifestBody(req);
    return this.analysis.analyze({
      manifest: body.manifest,
      kubernetesVersion: kubernetesVersion ?? body.kubernetesVersion,
    });
  }
}

export { MANIFEST_MEDIA_TYPES };
