import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiJsonResponse,
  ApiProblemResponses,
  RATE_LIMIT_HEADERS,
  schemaRef,
} from '../../openapi/decorators';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { EXAMPLE_MANIFEST, readManifestBody } from '../analysis/manifest-body';
import { parseCreateScenarioBody } from './scenario-input';
import type { RevisionDetails, ScenarioDetails, ScenarioListView } from './scenario-rest-views';
import { ScenarioRestViews } from './scenario-rest-views';
import type { Saved } from './scenarios.service';
import { ScenariosService } from './scenarios.service';
import { AppError } from '../../common/errors/app-error';
import { SingleQueryValue } from '../../common/single-query-value.pipe';

const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Makes the save safe to retry (IETF httpapi Idempotency-Key draft): the same key with the same request within 24 hours answers the stored answer (same status, same revision, header `Idempotent-Replayed: true`) and saves nothing; with another request 422 IDEMPOTENCY_KEY_REUSED; while the first is still being saved 409 IDEMPOTENCY_KEY_IN_USE. Keys are per team; 1..255 visible ASCII characters, e.g. a random UUID (a quoted structured-field string is accepted).',
  schema: { type: 'string', minLength: 1, maxLength: 257 },
};

/**
 * The Idempotency-Key header: one value. A repeated header is refused: Node joins repeated values
 * into one "a, b" string, so the raw header lines are counted, not `req.headers`.
 */
function idempotencyKeyOf(req: FastifyRequest): string | null {
  const raw = req.raw.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'idempotency-key') count++;
  }
  const value = req.headers['idempotency-key'];
  if (count > 1 || Array.isArray(value)) {
    throw AppError.badInput([{ field: 'Idempotency-Key', message: 'send the header once' }]);
  }
  return value ?? null;
}

/** Sends what a save answered: a replay says so in Idempotent-Replayed. */
function replayed<T>(reply: FastifyReply, saved: Saved<T>): T {
  if (saved.replayed) void reply.header('idempotent-replayed', 'true');
  return saved.value;
}

/** Scenario histories for scripts and CI; the GraphQL API has the same operations. */
@ApiTags('scenarios')
@ApiProblemResponses(400, 401, 429, 503)
@Controller('v1/scenarios')
export class ScenariosController {
  private readonly views: ScenarioRestViews;

  constructor(scenarios: ScenariosService) {
    this.views = new ScenarioRestViews(scenarios);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a scenario with its first revision',
    description:
      'Analyses the manifest and saves the scenario and revision 1 in one transaction. A manifest that holds no Kubernetes object (empty, `---`, `null`, comments only, `{}`, `[]`, documents without a kind) or is not one (syntax error, too large) is refused with 400; other errors are saved. Send an `Idempotency-Key` to make a retry safe.',
  })
  @ApiBody({ schema: schemaRef('CreateScenarioBody') })
  @ApiJsonResponse(
    201,
    'ScenarioDetails',
    'The scenario and its first revision (manifest, report).',
    {
      Location: {
        description: 'The new scenario: /v1/scenarios/{id}.',
        schema: { type: 'string' },
      },
    },
  )
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiProblemResponses(409, 413, 415, 422)
  async create(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentCaller() caller: Caller,
  ): Promise<ScenarioDetails> {
    const saved = await this.views.create(caller, parseCreateScenarioBody(req.body), {
      idempotencyKey: idempotencyKeyOf(req),
    });
    void reply.header('location', `/v1/scenarios/${saved.value.id}`);
    return replayed(reply, saved);
  }

  @Post(':id/revisions')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Append a revision',
    description:
      'Body: the manifest as YAML (application/yaml; not text/plain, which a browser sends cross-site without a preflight: 415) or JSON (a Kubernetes object, or {"manifest": "...", "kubernetesVersion": "1.33"}). Refused with 400 like an empty body when it holds no Kubernetes object. `expectedRevision` makes it conditional, an `Idempotency-Key` makes a retry safe.',
  })
  @ApiParam({ name: 'id', description: 'Scenario id.' })
  @ApiQuery({
    name: 'kubernetesVersion',
    required: false,
    description: '1.28 .. newest (default).',
  })
  @ApiQuery({
    name: 'expectedRevision',
    required: false,
    description:
      "Optimistic concurrency: the scenario's latest revision number you saw; when the scenario has moved on, 409 CONFLICT with `currentRevision` and nothing saved.",
    schema: { type: 'integer', minimum: 1 },
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiConsumes('application/yaml', 'application/json')
  @ApiBody({ schema: { type: 'string', example: EXAMPLE_MANIFEST } })
  @ApiJsonResponse(201, 'RevisionDetails', 'The new revision with its report and changes.', {
    Location: {
      description: 'The new revision: /v1/scenarios/{id}/revisions/{number}.',
      required: true,
      schema: { type: 'string' },
    },
  })
  @ApiProblemResponses(404, 409, 413, 415, 422)
  async addRevision(
    @Param('id') id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentCaller() caller: Caller,
    @Query('kubernetesVersion', SingleQueryValue) kubernetesVersion?: string,
    @Query('expectedRevision', SingleQueryValue) expectedRevision?: string,
  ): Promise<RevisionDetails> {
    const body = readManifestBody(req);
    const saved = await this.views.addRevision(
      caller,
      id,
      {
        manifest: body.manifest,
        kubernetesVersion: kubernetesVersion ?? body.kubernetesVersion,
        timing: body.timing,
        severityOverrides: body.severityOverrides,
      },
      {
        idempotencyKey: idempotencyKeyOf(req),
        expectedRevision:
          expectedRevision === undefined ? null : revisionNumberOf(expectedRevision),
      },
    );
    void reply.header(
      'location',
      `/v1/scenarios/${saved.value.scenarioId}/revisions/${saved.value.number}`,
    );
    return replayed(reply, saved);
  }

  @Get(':id/revisions/:number')
  @ApiOperation({ summary: 'One revision of a scenario (manifest, report, changes)' })
  @ApiParam({ name: 'id', description: 'Scenario id.' })
  @ApiParam({
    name: 'number',
    description: 'Revision number, 1 .. revisionCount.',
    schema: { type: 'integer', minimum: 1 },
  })
  @ApiJsonResponse(200, 'RevisionDetails', 'The revision with its manifest, report and changes.')
  @ApiProblemResponses(404)
  revision(
    @Param('id') id: string,
    @Param('number') number: string,
    @CurrentCaller() caller: Caller,
  ): Promise<RevisionDetails> {
    if (!/^[1-9]\d{0,8}$/.test(number)) {
      throw AppError.badInput([
        {
          field: 'number',
          message: `must be a revision number 1, 2, ... (got "${number.slice(0, 20)}")`,
        },
      ]);
    }
    return this.views.revision(caller, id, Number(number));
  }

  @Get()
  @ApiOperation({ summary: "List the team's scenarios, newest first" })
  @ApiQuery({ name: 'first', required: false, description: 'Page size 1..100 (default 20).' })
  @ApiQuery({ name: 'after', required: false, description: 'nextCursor of the previous page.' })
  @ApiQuery({ name: 'nameContains', required: false, description: 'Case-insensitive.' })
  @ApiQuery({ name: 'tag', required: false })
  @ApiJsonResponse(
    200,
    'ScenarioListView',
    'A page of scenarios with their latest revision; `nextCursor` is null on the last page.',
  )
  list(
    @CurrentCaller() caller: Caller,
    @Query('first', SingleQueryValue) first?: string,
    @Query('after', SingleQueryValue) after?: string,
    @Query('nameContains', SingleQueryValue) nameContains?: string,
    @Query('tag', SingleQueryValue) tag?: string,
  ): Promise<ScenarioListView> {
    return this.views.list(caller, {
      first: first === undefined ? 20 : pageSizeOf(first),
      after,
      filter: { nameContains, tag },
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A scenario with its latest revision' })
  @ApiParam({ name: 'id', description: 'Scenario id.' })
  @ApiJsonResponse(
    200,
    'ScenarioDetails',
    'The scenario and its latest revision (manifest, report, changes).',
  )
  @ApiProblemResponses(404)
  get(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<ScenarioDetails> {
    return this.views.get(caller, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a scenario and all its revisions' })
  @ApiParam({ name: 'id', description: 'Scenario id.' })
  @ApiNoContentResponse({ description: 'Deleted.', headers: RATE_LIMIT_HEADERS })
  @ApiProblemResponses(404)
  delete(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.views.delete(caller, id);
  }
}

/** The `expectedRevision` query parameter as a number; anything but a revision number is refused. */
function revisionNumberOf(value: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value)) {
    throw AppError.badInput([
      {
        field: 'expectedRevision',
        message: `must be a revision number 1, 2, ... (got "${value.slice(0, 20)}")`,
      },
    ]);
  }
  return Number(value);
}

/** The `first` query parameter as a number; anything but digits is refused with what was sent. */
function pageSizeOf(first: string): number {
  if (!/^\d{1,4}$/.test(first)) {
    throw AppError.badInput([
      {
        field: 'first',
        message: `must be a whole number from 1 to 100 (got "${first.slice(0, 20)}")`,
      },
    ]);
  }
  return Number(first);
}
