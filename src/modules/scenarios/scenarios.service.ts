import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import type { AnalysisReport } from '../../engine';
import { AnalysisService } from '../analysis/analysis.service';
import type { AnalysisRequest } from '../analysis/analysis.service';
import { ApiKeysService } from '../auth/api-keys.service';
import type { Caller } from '../auth/caller';
import {
  checkPageSize,
  decodeRevisionCursor,
  decodeScenarioCursor,
  encodeRevisionCursor,
  encodeScenarioCursor,
  isUuid,
} from './cursor';
import type { ReportChange } from './revision-diff';
import { diffReports } from './revision-diff';
import { ScenarioLoaders } from './scenario-loaders';
import { ScenarioRepository } from './scenario.repository';
import type { RevisionBody, RevisionRecord, ScenarioRecord } from './scenario.types';
import { checkRevisionInput, checkScenarioFields, findUnstorableText } from './scenario-input';
import { checkSavable, readStoredReport, summarize } from './stored-report';

/** A manifest to save as a revision, with its analysis options (as for analyze). */
export type RevisionInput = AnalysisRequest;

export interface CreateScenarioRequest {
  name: string;
  description?: string | null;
  tags?: string[] | null;
  analysis: RevisionInput;
}

export interface ScenarioView {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  revisionCount: number;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    endCursor: string | null;
    hasPreviousPage: boolean;
    startCursor: string | null;
  };
}

/** Relay PageInfo for a forward page: a page that starts after a cursor has items before it. */
function pageInfoOf<T>(
  edges: { cursor: string; node: T }[],
  hasNextPage: boolean,
  after: string | null | undefined,
): Page<T>['pageInfo'] {
  return {
    hasNextPage,
    endCursor: edges.at(-1)?.cursor ?? null,
    hasPreviousPage: Boolean(after),
    startCursor: edges[0]?.cursor ?? null,
  };
}

export interface ScenarioPage extends Page<ScenarioView> {
  countAll: () => Promise<number>;
}

export interface RevisionPage extends Page<RevisionRecord> {
  totalCount: number;
}

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

export interface ScenarioListArgs {
  /** 1..100; null or absent: 20. */
  first?: number | null;
  after?: string | null;
  filter?: { nameContains?: string | null; tag?: string | null } | null;
}

const toView = (s: ScenarioRecord): ScenarioView => ({
  id: s.id,
  name: s.name,
  description: s.description,
  tags: s.tags,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  revisionCount: s.latestRevision,
});

const notFound = (id: string): AppError =>
  new AppError('NOT_FOUND', `No scenario with id "${id}".`);

/**
 * Scenario histories: analysis first (never inside a transaction), then one short transaction
 * per save. Every call is scoped by the caller's team.
 */
@Injectable()
export class ScenariosService {
  private readonly loaders = new WeakMap<object, ScenarioLoaders>();

  constructor(
    private readonly analysis: AnalysisService,
    private readonly repo: ScenarioRepository,
    private readonly keys: ApiKeysService,
  ) {}

  async create(
    caller: Caller,
    input: CreateScenarioRequest,
    prefix: { fields: string; analysis: string },
  ): Promise<{ scenario: ScenarioView; revision: RevisionRecord }> {
    const fields = checkScenarioFields(input, prefix.fields);
    const rev = await this.analyse(input.analysis, prefix.analysis);
    const teamId = await this.keys.teamIdOf(caller);
    const created = await this.repo.createScenario(teamId, fields, rev);
    return { scenario: toView(created.scenario), revision: created.revision };
  }

  async addRevision(
    caller: Caller,
    scenarioId: string,
    input: RevisionInput,
    prefix: string,
  ): Promise<RevisionRecord> {
    if (!isUuid(scenarioId)) {
      throw notFound(scenarioId);
    }
    const rev = await this.analyse(input, prefix);
    const teamId = await this.keys.teamIdOf(caller);
    const saved = await this.repo.addRevision(teamId, scenarioId.toLowerCase(), rev);
    if (!saved) {
      throw notFound(scenarioId);
    }
    return saved;
  }

  /** False when the team has no such scenario (also another team's): nothing is deleted. */
  async delete(caller: Caller, id: string): Promise<boolean> {
    if (!isUuid(id)) {
      return false;
    }
    return this.repo.deleteScenario(await this.keys.teamIdOf(caller), id.toLowerCase());
  }

  async get(caller: Caller, id: string): Promise<ScenarioView | null> {
    if (!isUuid(id)) {
      return null;
    }
    const s = await this.repo.findScenario(await this.keys.teamIdOf(caller), id.toLowerCase());
    return s ? toView(s) : null;
  }

  async list(caller: Caller, args: ScenarioListArgs): Promise<ScenarioPage> {
    const first = checkPageSize(args.first ?? 20);
    const after = args.after ? decodeScenarioCursor(args.after) : null;
    const filter = {
      nameContains: args.filter?.nameContains || null,
      tag: args.filter?.tag || null,
    };
    for (const [k, v] of Object.entries(filter)) {
      if (v !== null) {
        const bad = findUnstorableText(v, `filter.${k}`);
        if (bad.length > 0) throw AppError.badInput(bad);
      }
    }
    const teamId = await this.keys.teamIdOf(caller);
    const rows = await this.repo.listScenarios(teamId, { first, after, ...filter });
    const page = rows.slice(0, first);
    const edges = page.map((s) => ({ cursor: encodeScenarioCursor(s), node: toView(s) }));
    return {
      edges,
      pageInfo: pageInfoOf(edges, rows.length > first, args.after),
      countAll: () => this.repo.countScenarios(teamId, filter),
    };
  }

  async revisions(
    caller: Caller,
    scenario: ScenarioView,
    args: { first?: number | null; after?: string | null },
  ): Promise<RevisionPage> {
    const first = checkPageSize(args.first ?? 20);
    const before = args.after ? decodeRevisionCursor(args.after) : null;
    const teamId = await this.keys.teamIdOf(caller);
    const rows = await this.repo.listRevisions(teamId, scenario.id, first, before);
    const edges = rows
      .slice(0, first)
      .map((r) => ({ cursor: encodeRevisionCursor(r.number), node: r }));
    return {
      edges,
      pageInfo: pageInfoOf(edges, rows.length > first, args.after),
      // Revision numbers have no gaps: the counter is the count.
      totalCount: scenario.revisionCount,
    };
  }

  async latestRevision(caller: Caller, scope: object, s: ScenarioView): Promise<RevisionRecord> {
    const rev = await this.loadersFor(caller, scope).revisions.load({
      scenarioId: s.id,
      number: s.revisionCount,
    });
    if (!rev) {
      // Deleted meanwhile (or a broken counter): not a client error, and never half-served.
      throw new Error(`scenario ${s.id} has no revision ${s.revisionCount}`);
    }
    return rev;
  }

  async manifest(caller: Caller, scope: object, r: RevisionRecord): Promise<string> {
    return (await this.body(caller, scope, r.scenarioId, r.number)).manifest;
  }

  async report(caller: Caller, scope: object, r: RevisionRecord): Promise<AnalysisReport> {
    const body = await this.body(caller, scope, r.scenarioId, r.number);
    return readStoredReport(body.report, body.reportSchemaVersion);
  }

  /** What differs from the previous revision (none for revision 1). */
  async changes(caller: Caller, scope: object, r: RevisionRecord): Promise<ReportChange[]> {
    if (r.number <= 1) {
      return [];
    }
    const [prev, cur] = await Promise.all([
      this.body(caller, scope, r.scenarioId, r.number - 1),
      this.body(caller, scope, r.scenarioId, r.number),
    ]);
    return diffReports(
      readStoredReport(prev.report, prev.reportSchemaVersion),
      readStoredReport(cur.report, cur.reportSchemaVersion),
    );
  }

  // ---- REST views (one call per route) ----

  async createDetailed(caller: Caller, input: CreateScenarioRequest): Promise<ScenarioDetails> {
    const { scenario, revision } = await this.create(caller, input, {
      fields: '',
      analysis: '',
    });
    return { ...scenario, latestRevision: await this.details(caller, {}, revision) };
  }

  async addRevisionDetailed(
    caller: Caller,
    scenarioId: string,
    input: RevisionInput,
  ): Promise<RevisionDetails> {
    const rev = await this.addRevision(caller, scenarioId, input, '');
    return this.details(caller, {}, rev);
  }

  async getDetailed(caller: Caller, id: string): Promise<ScenarioDetails> {
    const s = await this.get(caller, id);
    if (!s) {
      throw notFound(id);
    }
    const scope = {};
    const latest = await this.latestRevision(caller, scope, s);
    return { ...s, latestRevision: await this.details(caller, scope, latest) };
  }

  /** One revision of one of the caller's team's scenarios, with its manifest, report and changes. */
  async revisionDetailed(caller: Caller, id: string, number: number): Promise<RevisionDetails> {
    const scope = {};
    const rev = isUuid(id)
      ? await this.loadersFor(caller, scope).revisions.load({
          scenarioId: id.toLowerCase(),
          number,
        })
      : null;
    if (!rev) {
      throw new AppError('NOT_FOUND', `No revision ${number} of a scenario with id "${id}".`);
    }
    return this.details(caller, scope, rev);
  }

  async listDetailed(caller: Caller, args: ScenarioListArgs): Promise<ScenarioListView> {
    const page = await this.list(caller, args);
    const scope = {};
    const [items, totalCount] = await Promise.all([
      Promise.all(
        page.edges.map(async (e) => ({
          ...e.node,
          latestRevision: await this.latestRevision(caller, scope, e.node),
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

  async deleteOrFail(caller: Caller, id: string): Promise<void> {
    if (!(await this.delete(caller, id))) {
      throw notFound(id);
    }
  }

  // ---- internals ----

  private async details(
    caller: Caller,
    scope: object,
    r: RevisionRecord,
  ): Promise<RevisionDetails> {
    const [manifest, report, changes] = await Promise.all([
      this.manifest(caller, scope, r),
      this.report(caller, scope, r),
      this.changes(caller, scope, r),
    ]);
    return { ...r, manifest, report, changes };
  }

  private async body(
    caller: Caller,
    scope: object,
    scenarioId: string,
    number: number,
  ): Promise<RevisionBody> {
    const body = await this.loadersFor(caller, scope).bodies.load({ scenarioId, number });
    if (!body) {
      throw new Error(`revision ${number} of scenario ${scenarioId} is missing`);
    }
    return body;
  }

  /** Validates, analyses (outside any transaction) and prepares a revision for storage. */
  private async analyse(input: RevisionInput, prefix: string) {
    checkRevisionInput(input, prefix);
    const field = prefix ? `${prefix}.manifest` : 'manifest';
    const report = await this.analysis.analyze(
      {
        manifest: input.manifest,
        kubernetesVersion: input.kubernetesVersion,
        timing: input.timing,
        severityOverrides: input.severityOverrides,
      },
      prefix,
    );
    checkSavable(report, field);
    // YAML escapes ("\0", "\uD800") can put text PostgreSQL refuses into the parsed values.
    const unstorable = findUnstorableText(report, 'report');
    if (unstorable.length > 0) {
      throw AppError.badInput([
        {
          field,
          message: `a string value ${unstorable[0]!.message.replace(/^contains/, 'contains')} (written as an escape in the YAML); remove it`,
        },
      ]);
    }
    return {
      manifest: input.manifest,
      kubernetesVersion: report.kubernetesVersion,
      // The timing assumptions as given (null: the documented defaults); JSON, no class instances.
      timing: input.timing ? (JSON.parse(JSON.stringify(input.timing)) as unknown) : null,
      report,
      reportSchemaVersion: report.schemaVersion,
      summary: summarize(input.manifest, report),
    };
  }

  private loadersFor(caller: Caller, scope: object): ScenarioLoaders {
    let l = this.loaders.get(scope);
    if (!l) {
      l = new ScenarioLoaders(this.repo, () => this.keys.teamIdOf(caller));
      this.loaders.set(scope, l);
    }
    return l;
  }
}
