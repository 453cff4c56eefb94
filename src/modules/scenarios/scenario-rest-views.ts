import { AppError } from '../../common/errors/app-error';
import { withFieldPaths } from '../../common/errors/field-paths';
import type { FieldPathMap } from '../../common/errors/field-paths';
import type { AnalysisReport } from '../../engine';
import type { Caller } from '../auth/caller';
import type { ReportChange } from './revision-diff';
import { ScenarioLoaders } from './scenario-loaders';
import type { RevisionRecord } from './scenario.types';
import { scenarioNotFound } from './scenarios.service';
import type {
  CreateScenarioRequest,
  RevisionInput,
  SaveControls,
  Saved,
  ScenarioListArgs,
  ScenariosService,
  ScenarioView,
} from './scenarios.service';

/** A revision with its manifest, report and changes (REST). */
export interface RevisionDetails extends RevisionRecord {
  manifest: string;
  report: AnalysisReport;
  changes: ReportChange[];
}

export interface ScenarioDetails extends ScenarioView {
  latestRevision: RevisionDetails;
}

export interface ScenarioSummaryView extends ScenarioView {
  latestRevision: RevisionRecord;
}

export interface ScenarioListView {
  items: ScenarioSummaryView[];
  nextCursor: string | null;
  totalCount: number;
}

/**
 * REST field names: the Idempotency-Key is a header, and the body of `POST /v1/scenarios` carries
 * the first revision's manifest and version at its top level (the use case's `analysis.*`).
 */
const restField: FieldPathMap = (field) =>
  field === 'idempotencyKey'
    ? 'Idempotency-Key'
    : field.startsWith('analysis.')
      ? field.slice('analysis.'.length)
      : field;

/**
 * The REST bodies of the scenario routes (one call per route), composed from the service's use
 * cases; each call batches its reads through its own loaders.
 */
export class ScenarioRestViews {
  constructor(private readonly service: ScenariosService) {}

  async create(
    caller: Caller,
    input: CreateScenarioRequest,
    controls: SaveControls = {},
  ): Promise<Saved<ScenarioDetails>> {
    const saved = await withFieldPaths(
      this.service.createSaved(caller, input, controls),
      restField,
    );
    const { scenario, revision } = saved.value;
    const loaders = this.loaders(caller);
    return {
      value: { ...scenario, latestRevision: await details(loaders, revision) },
      replayed: saved.replayed,
    };
  }

  async addRevision(
    caller: Caller,
    scenarioId: string,
    input: RevisionInput,
    controls: SaveControls = {},
  ): Promise<Saved<RevisionDetails>> {
    const saved = await withFieldPaths(
      this.service.addRevisionSaved(caller, scenarioId, input, controls),
      restField,
    );
    return { value: await details(this.loaders(caller), saved.value), replayed: saved.replayed };
  }

  async get(caller: Caller, id: string): Promise<ScenarioDetails> {
    const s = await this.service.get(caller, id);
    if (!s) {
      throw scenarioNotFound(id);
    }
    const loaders = this.loaders(caller);
    const latest = await loaders.latestRevision(s);
    return { ...s, latestRevision: await details(loaders, latest) };
  }

  /** One revision of one of the caller's team's scenarios, with its manifest, report and changes. */
  async revision(caller: Caller, id: string, number: number): Promise<RevisionDetails> {
    const rev = await this.service.revision(caller, id, number);
    if (!rev) {
      throw new AppError('NOT_FOUND', `No revision ${number} of a scenario with id "${id}".`);
    }
    return details(this.loaders(caller), rev);
  }

  async list(caller: Caller, args: ScenarioListArgs): Promise<ScenarioListView> {
    const page = await this.service.list(caller, args, { latestRevision: true, totalCount: true });
    const loaders = this.loaders(caller);
    const [items, totalCount] = await Promise.all([
      Promise.all(
        page.edges.map(async (e) => ({
          ...e.node,
          latestRevision: await loaders.latestRevision(e.node),
        })),
      ),
      page.countAll(),
    ]);
    return {
      items,
      nextCursor: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
      totalCount,
    };
  }

  /** 404 when the team has no such scenario (also another team's). */
  async delete(caller: Caller, id: string): Promise<void> {
    if (!(await this.service.delete(caller, id))) {
      throw scenarioNotFound(id);
    }
  }

  private loaders(caller: Caller): ScenarioLoaders {
    return new ScenarioLoaders(this.service, caller);
  }
}

async function details(loaders: ScenarioLoaders, r: RevisionRecord): Promise<RevisionDetails> {
  const [manifest, report, changes] = await Promise.all([
    loaders.manifest(r),
    loaders.report(r),
    loaders.changes(r),
  ]);
  return { ...r, manifest, report, changes };
}
