import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../../common/errors/app-error';
import type { AnalysisReport } from '../../engine';
import { portableReport } from '../../engine';
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
import type {
  IdempotencyClaim,
  NewRevision,
  RevisionBody,
  RevisionRecord,
  ScenarioRecord,
} from './scenario.types';
import {
  checkExpectedRevision,
  checkIdempotencyKey,
  checkRevisionInput,
  checkScenarioFields,
  findUnstorableText,
  noKubernetesObject,
} from './scenario-input';
import { checkSavable, holdsKubernetesObject, readStoredReport, summarize } from './stored-report';

/** A manifest to save as a revision, with its analysis options (as for analyze). */
export type RevisionInput = AnalysisRequest;

/** How a save is made safe to retry and to race (REST headers, GraphQL arguments). */
export interface SaveControls {
  /** Idempotency-Key: the same key with the same request answers the stored answer. */
  idempotencyKey?: string | null;
  /** Append only while the scenario's latest revision is this number (409 CONFLICT otherwise). */
  expectedRevision?: number | null;
  /** Field names for errors: the transport's own (REST: Idempotency-Key header). */
  fields?: { idempotencyKey?: string; expectedRevision?: string };
}

/** A save's answer, and whether it is the stored answer of an earlier call with the same key. */
export interface Saved<T> {
  value: T;
  replayed: boolean;
}

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

const claimLost = (): AppError =>
  new AppError(
    'IDEMPOTENCY_KEY_IN_USE',
    "This save took longer than its Idempotency-Key is held for, and a retry took the key over; nothing was saved by this call. Retry after Retry-After seconds to get the retry's answer.",
    [],
    1,
  );

const savedThenDeleted = (): AppError =>
  new AppError(
    'NOT_FOUND',
    'The request under this Idempotency-Key was saved, but its scenario (or revision) has been deleted since.',
  );

const notFound = (id: string): AppError =>
  new AppError('NOT_FOUND', `No scenario with id "${id}".`);

/** JSON with object keys sorted and undefined as null: the same request always reads the same. */
function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The request's fingerprint: SHA-256 of its canonical form (the same over REST and GraphQL). */
function fingerprintOf(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request), 'utf8').digest('hex');
}

const analysisOf = (input: RevisionInput) => ({
  manifest: input.manifest,
  kubernetesVersion: input.kubernetesVersion ?? null,
  timing: input.timing ?? null,
  severityOverrides: input.severityOverrides ?? null,
});

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
    controls: SaveControls = {},
  ): Promise<{ scenario: ScenarioView; revision: RevisionRecord }> {
    return (await this.createSaved(caller, input, prefix, controls)).value;
  }

  /** Creates a scenario and revision 1; with an Idempotency-Key, a retry gets the stored answer. */
  async createSaved(
    caller: Caller,
    input: CreateScenarioRequest,
    prefix: { fields: string; analysis: string },
    controls: SaveControls = {},
  ): Promise<Saved<{ scenario: ScenarioView; revision: RevisionRecord }>> {
    const fields = checkScenarioFields(input, prefix.fields);
    const key = checkIdempotencyKey(
      controls.idempotencyKey,
      controls.fields?.idempotencyKey ?? 'idempotencyKey',
    );
    const teamId = await this.keys.teamIdOf(caller);
    const request = {
      operation: 'createScenario',
      ...fields,
      analysis: analysisOf(input.analysis),
    };
    return this.keyed(
      teamId,
      key,
      request,
      async (claim) => {
        const rev = await this.analyse(input.analysis, prefix.analysis);
        const created = await this.repo.createScenario(teamId, fields, rev, claim);
        if (!created) throw claimLost();
        return { scenario: toView(created.scenario), revision: created.revision };
      },
      async (done) => {
        const scenario = await this.repo.findScenario(teamId, done.scenarioId);
        const revision = scenario
          ? await this.loadersFor(caller, {}).revisions.load({
              scenarioId: done.scenarioId,
              number: done.revisionNumber,
            })
          : null;
        if (!scenario || !revision) throw savedThenDeleted();
        return { scenario: toView(scenario), revision };
      },
    );
  }

  async addRevision(
    caller: Caller,
    scenarioId: string,
    input: RevisionInput,
    prefix: string,
    controls: SaveControls = {},
  ): Promise<RevisionRecord> {
    return (await this.addRevisionSaved(caller, scenarioId, input, prefix, controls)).value;
  }

  /**
   * Appends a revision; with `expectedRevision` only while the scenario is still at it, with an
   * Idempotency-Key a retry gets the stored answer.
   */
  async addRevisionSaved(
    caller: Caller,
    scenarioId: string,
    input: RevisionInput,
    prefix: string,
    controls: SaveControls = {},
  ): Promise<Saved<RevisionRecord>> {
    const key = checkIdempotencyKey(
      controls.idempotencyKey,
      controls.fields?.idempotencyKey ?? 'idempotencyKey',
    );
    const expectedRevision = checkExpectedRevision(
      controls.expectedRevision,
      controls.fields?.expectedRevision ?? 'expectedRevision',
    );
    if (!isUuid(scenarioId)) {
      throw notFound(scenarioId);
    }
    const id = scenarioId.toLowerCase();
    const teamId = await this.keys.teamIdOf(caller);
    const request = {
      operation: 'addRevision',
      scenarioId: id,
      expectedRevision,
      analysis: analysisOf(input),
    };
    return this.keyed(
      teamId,
      key,
      request,
      async (claim) => {
        const rev = await this.analyse(input, prefix);
        const outcome = await this.repo.addRevision(teamId, id, rev, { claim, expectedRevision });
        switch (outcome.kind) {
          case 'saved':
            return outcome.revision;
          case 'not-found':
            throw notFound(scenarioId);
          case 'conflict':
            throw new AppError(
              'CONFLICT',
              `The scenario has moved on: its latest revision is ${outcome.currentRevision}, not ${expectedRevision}; nothing was saved. Read revision ${outcome.currentRevision}, then save with expectedRevision ${outcome.currentRevision}.`,
              [
                {
                  field: controls.fields?.expectedRevision ?? 'expectedRevision',
                  message: `the latest revision is ${outcome.currentRevision}`,
                },
              ],
              undefined,
              { currentRevision: outcome.currentRevision },
            );
          case 'claim-lost':
            throw claimLost();
        }
      },
      async (done) => {
        const revision = await this.loadersFor(caller, {}).revisions.load({
          scenarioId: done.scenarioId,
          number: done.revisionNumber,
        });
        if (!revision) throw savedThenDeleted();
        return revision;
      },
    );
  }

  /**
   * Runs a save under an Idempotency-Key (IETF httpapi Idempotency-Key draft): the same key and
   * request again answer the stored answer; another request under the key is refused (422); the
   * same request while the first is still being saved is 409. The key is released when the save
   * fails before anything is written, so a corrected request may use it.
   */
  private async keyed<T>(
    teamId: string,
    key: string | null,
    request: { operation: string },
    save: (claim: IdempotencyClaim | null) => Promise<T>,
    replay: (done: { scenarioId: string; revisionNumber: number }) => Promise<T>,
  ): Promise<Saved<T>> {
    if (key === null) {
      return { value: await save(null), replayed: false };
    }
    const { operation } = request;
    const found = await this.repo.claimIdempotencyKey(
      teamId,
      key,
      operation,
      fingerprintOf(request),
      randomUUID(),
    );
    switch (found.state) {
      case 'done':
        return { value: await replay(found), replayed: true };
      case 'reused':
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          `This Idempotency-Key was already used in the last 24 hours for another request (${found.operation === operation ? `${operation} with other input` : found.operation}); nothing was saved. Use a new key for a new request.`,
        );
      case 'in-flight':
        throw new AppError(
          'IDEMPOTENCY_KEY_IN_USE',
          'A request with this Idempotency-Key is still being saved; nothing was saved twice. Retry after Retry-After seconds to get its answer.',
          [],
          1,
        );
      case 'claimed':
        break;
    }
    try {
      return { value: await save(found.claim), replayed: false };
    } catch (e) {
      // Nothing was saved (a save that commits completes the key in the same statement).
      await this.repo.releaseIdempotencyKey(teamId, found.claim).catch(() => undefined);
      throw e;
    }
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

  async createDetailed(
    caller: Caller,
    input: CreateScenarioRequest,
    controls: SaveControls = {},
  ): Promise<Saved<ScenarioDetails>> {
    const saved = await this.createSaved(caller, input, { fields: '', analysis: '' }, controls);
    const { scenario, revision } = saved.value;
    return {
      value: { ...scenario, latestRevision: await this.details(caller, {}, revision) },
      replayed: saved.replayed,
    };
  }

  async addRevisionDetailed(
    caller: Caller,
    scenarioId: string,
    input: RevisionInput,
    controls: SaveControls = {},
  ): Promise<Saved<RevisionDetails>> {
    const saved = await this.addRevisionSaved(caller, scenarioId, input, '', controls);
    return { value: await this.details(caller, {}, saved.value), replayed: saved.replayed };
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
  private async analyse(input: RevisionInput, prefix: string): Promise<NewRevision> {
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
    if (!holdsKubernetesObject(report)) {
      // `---`, `null`, comments only, `{}`, `[]`, documents without a kind: as an empty body.
      throw noKubernetesObject(field);
    }
    checkSavable(report, field);
    // Stored with the pictures' data, not the pictures: they are drawn when read.
    const stored = portableReport(report);
    // YAML escapes ("\0", "\uD800") can put text PostgreSQL refuses into the parsed values.
    const unstorable = findUnstorableText(stored, 'report');
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
      report: stored,
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
