import {
  Args,
  Context,
  ID,
  Info,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import { underPrefix, withFieldPaths } from '../../common/errors/field-paths';
import { AnalyzeInput, toAnalysisRequest } from '../analysis/dto/analyze.input';
import { AnalysisReport } from '../analysis/models/analysis-report.model';
import type { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { CreateScenarioInput } from './dto/create-scenario.input';
import { RevisionsArgs } from './dto/revisions.args';
import { ScenariosArgs } from './dto/scenarios.args';
import { RevisionChange } from './models/revision-change.model';
import { ScenarioConnection, ScenarioRevisionConnection } from './models/scenario-connection.model';
import { ScenarioRevision } from './models/scenario-revision.model';
import { Scenario } from './models/scenario.model';
import { selectsPath } from './list-selection';
import { scenarioLoaders } from './scenario-loaders';
import { ScenariosService } from './scenarios.service';

/** The mutations' input errors: fields of `input` under `input.`; the other arguments by name. */
const inputField = underPrefix('input.', ['idempotencyKey', 'expectedRevision']);

const IDEMPOTENCY_KEY_DESCRIPTION =
  'Makes the save safe to retry (the semantics of the IETF httpapi Idempotency-Key draft): the same key with the same input within 24 hours answers the saved result again and saves nothing; with other input the error code is IDEMPOTENCY_KEY_REUSED; while the first is still being saved, IDEMPOTENCY_KEY_IN_USE (retryable). Keys are per team: 1..255 visible ASCII characters, e.g. a random UUID.';

@Resolver(() => Scenario)
export class ScenariosResolver {
  constructor(private readonly service: ScenariosService) {}

  @Query(() => Scenario, {
    nullable: true,
    description:
      "A saved scenario of the caller's team, or null (also when it belongs to another team).",
  })
  scenario(
    @Args('id', { type: () => ID, description: 'The scenario id.' }) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<Scenario | null> {
    return this.service.get(caller, id);
  }

  @Query(() => ScenarioConnection, {
    description: "The caller's team's scenarios, newest first, cursor-paginated (first: 1..100).",
  })
  scenarios(
    @Args() args: ScenariosArgs,
    @CurrentCaller() caller: Caller,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ScenarioConnection> {
    return this.service.list(caller, args, {
      latestRevision: selectsPath(info, ['edges', 'node', 'latestRevision']),
      totalCount: selectsPath(info, ['totalCount']),
    });
  }

  @Mutation(() => Scenario, {
    description:
      'Create a scenario and analyse its first revision; both are saved in one transaction.',
  })
  createScenario(
    @Args('input', { description: 'Name, description, tags and the manifest of revision 1.' })
    input: CreateScenarioInput,
    @CurrentCaller() caller: Caller,
    @Args('idempotencyKey', {
      type: () => String,
      nullable: true,
      description: IDEMPOTENCY_KEY_DESCRIPTION,
    })
    idempotencyKey?: string | null,
  ): Promise<Scenario> {
    return withFieldPaths(
      this.service.create(
        caller,
        { ...input, analysis: toAnalysisRequest(input.analysis) },
        { idempotencyKey },
      ),
      inputField,
    ).then((created) => created.scenario);
  }

  @Mutation(() => ScenarioRevision, {
    description:
      "Analyse a new version of a scenario's manifest and append it as the next revision. A manifest that holds no Kubernetes object (empty, `---`, `null`, comments only, `{}`, `[]`, documents without a kind) or is not one (syntax error, too large) is refused with BAD_USER_INPUT; other errors are saved.",
  })
  addRevision(
    @Args('scenarioId', { type: () => ID, description: 'The scenario to append to.' })
    scenarioId: string,
    @Args('input', { description: 'The new manifest and the assumptions to analyse it under.' })
    input: AnalyzeInput,
    @CurrentCaller() caller: Caller,
    @Args('expectedRevision', {
      type: () => Int,
      nullable: true,
      description:
        "Optimistic concurrency: the scenario's latest revision number you saw. When the scenario has moved on, nothing is saved and the error's code is CONFLICT with extensions.currentRevision.",
    })
    expectedRevision?: number | null,
    @Args('idempotencyKey', {
      type: () => String,
      nullable: true,
      description: IDEMPOTENCY_KEY_DESCRIPTION,
    })
    idempotencyKey?: string | null,
  ): Promise<ScenarioRevision> {
    return withFieldPaths(
      this.service.addRevision(caller, scenarioId, toAnalysisRequest(input), {
        idempotencyKey,
        expectedRevision,
      }),
      inputField,
    );
  }

  @Mutation(() => Boolean, {
    description:
      "Delete a scenario and all its revisions. true when deleted; false when the caller's team has no such scenario (also when it belongs to another team).",
  })
  deleteScenario(
    @Args('id', { type: () => ID, description: 'The scenario id.' }) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<boolean> {
    return this.service.delete(caller, id);
  }

  @ResolveField('latestRevision', () => ScenarioRevision, {
    description: 'The newest revision.',
  })
  latestRevision(
    @Parent() scenario: Scenario,
    @CurrentCaller() caller: Caller,
    @Context('req') req: FastifyRequest,
  ): Promise<ScenarioRevision> {
    return scenarioLoaders(req, this.service, caller).latestRevision(scenario);
  }

  @ResolveField('revisions', () => ScenarioRevisionConnection, {
    description: 'Newest first, cursor-paginated (first: 1..100).',
  })
  revisions(
    @Parent() scenario: Scenario,
    @Args() args: RevisionsArgs,
    @CurrentCaller() caller: Caller,
  ): Promise<ScenarioRevisionConnection> {
    return this.service.revisions(caller, scenario, args);
  }
}

@Resolver(() => ScenarioRevision)
export class ScenarioRevisionResolver {
  constructor(private readonly service: ScenariosService) {}

  @ResolveField('manifest', () => String, {
    description: 'The submitted manifest text, byte-exact.',
  })
  manifest(
    @Parent() revision: ScenarioRevision,
    @CurrentCaller() caller: Caller,
    @Context('req') req: FastifyRequest,
  ): Promise<string> {
    return scenarioLoaders(req, this.service, caller).manifest(revision);
  }

  @ResolveField('report', () => AnalysisReport, {
    description:
      'The analysis report as saved with the revision (checked against its schema version).',
  })
  report(
    @Parent() revision: ScenarioRevision,
    @CurrentCaller() caller: Caller,
    @Context('req') req: FastifyRequest,
  ): Promise<AnalysisReport> {
    return scenarioLoaders(req, this.service, caller).report(revision);
  }

  @ResolveField('changes', () => [RevisionChange], {
    description:
      'What changed against the previous revision: effective requests and limits, QoS, time to Ready, termination time, findings added and removed, containers added, removed or changing role. Empty for revision 1.',
  })
  changes(
    @Parent() revision: ScenarioRevision,
    @CurrentCaller() caller: Caller,
    @Context('req') req: FastifyRequest,
  ): Promise<RevisionChange[]> {
    return scenarioLoaders(req, this.service, caller).changes(revision);
  }
}

@Resolver(() => ScenarioConnection)
export class ScenarioConnectionResolver {
  @ResolveField('totalCount', () => Int, {
    description:
      'Number of scenarios matching the filter (all pages), counted only when asked for.',
  })
  totalCount(@Parent() connection: ScenarioConnection): Promise<number> {
    return connection.countAll();
  }
}
