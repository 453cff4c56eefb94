import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiJsonResponse, ApiProblemResponses } from '../../openapi/decorators';
import { CatalogService } from './catalog.service';
import type { RuleCatalog } from './catalog.service';

@ApiTags('catalog')
@Controller('v1')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('rules')
  @ApiOperation({
    summary: 'List the rules',
    description:
      'Every rule the analysis can report, with its id, default severity, documentation and whether it can fix: the same list as the GraphQL rules query. Needs no database.',
  })
  @ApiJsonResponse(200, 'RuleCatalog', 'The rules, sorted by id.')
  // 400 (a malformed URL) and 503 (under pressure or shutting down) can answer any route.
  @ApiProblemResponses(400, 401, 429, 503)
  rules(): RuleCatalog {
    return { rules: this.catalog.rules() };
  }
}
