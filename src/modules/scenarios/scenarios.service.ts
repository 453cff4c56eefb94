import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../../common/errors/app-error';
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
import { PRELOADED_LATEST_REVISION } from './preloaded-revision';
import type { WithPreloadedRevision } from './preloaded-revision';
import { ScenarioRepository } from './scenario.repository';
import type {
  IdempotencyClaim,
  NewRevision,
  RevisionBody,
  RevisionKey,
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
import { checkSavable, holdsKubernetesObject, summarize } from './stored-report';

/** A manifest to save as a revision, with its analysis options (as for analyze). */
export type RevisionInput = AnalysisRequest;

/** How a save is made safe to retry and to race (REST headers, GraphQL arguments). */
export interface SaveControls {
  /** Idempotency-Key: the same key with the same request answers the stored answer. */
  idempotencyKey?: string | null;
  /** Append only while the scenario's latest revision is this number (409 CONFLICT otherwise). */
  expectedRevision?: number | null;
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

const keyOf = (k: RevisionKey): string => `${k.scenarioId}:${k.number}`;

/** Rows answered for keys, in the keys' order: null where none was found. */
function inKeyOrder<T extends RevisionKey>(keys: readonly RevisionKey[], rows: T[]): (T | null)[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(keyOf(k)) ?? null);
}

/** The caller's team has no scenario with this id (also when another team has). */
export const scenarioNotFound = (id: string): AppError =>
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
  constructor(
    private readonly analysis: AnalysisService,
    private readonly repo: ScenarioRepository,
    private readonly keys: ApiKeysService,
  ) {}

  async create(
    caller: Caller,
    input: CreateScenarioRequest,
    controls: SaveControls = {},
  ): Promise<{ scenario: ScenarioView; revision: RevisionRecord }> {
    return (await this.createSaved(caller, input, controls)).value;
  }

  /**
   * Creates a scenario and revision 1; with an Idempotency-Key, a retry gets the stored answer.
   * Input errors name the fields of the request (`name`, `analysis.manifest`, `idempotencyKey`).
   */
  async createSaved(
    caller: Caller,
    input: CreateScenarioRequest,
    controls: SaveControls = {},
  ): Promise<Saved<{ scenario: ScenarioView; revision: RevisionRecord }>> {
    const fields = checkScenarioFields(input, '');
    const key = checkIdempotencyKey(controls.idempotencyKey, 'idempotencyKey');
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
        const rev = await this.analyse(input.analysis, 'analysis');
        const created = await this.repo.createScenario(teamId, fields, rev, claim);
        if (!created) throw claimLost();
        return { scenario: toView(created.scenario), revision: created.revision };
      },
      async (done) => {
        const scenario = await this.repo.findScenario(teamId, done.scenarioId);
        const revision = scenario
          ? await this.revisionOf(teamId, done.scenarioId, done.revisionNumber)
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
    controls: SaveControls = {},
  ): Promise<RevisionRecord> {
    return (await this.addRevisionSaved(caller, scenarioId, input, controls)).value;
  }

  /**
   * Appends a revision; with `expectedRevision` only while the scenario is still at it, with an
   * Idempotency-Key a retry gets the stored answer. Input errors name the fields of the request
   * (`manifest`, `timing.containers[0].name`, `expectedRevision`, `idempotencyKey`).
   */
  async addRevisionSaved(
    caller: Caller,
    scenarioId: string,
    input: RevisionInput,
    controls: SaveControls = {},
  ): Promise<Saved<RevisionRecord>> {
    const key = checkIdempotencyKey(controls.idempotencyKey, 'idempotencyKey');
    const expectedRevision = checkExpectedRevision(controls.expectedRevision, 'expectedRevision');
    if (!isUuid(scenarioId)) {
      throw scenarioNotFound(scenarioId);
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
        const rev = await this.analyse(input, '');
        const outcome = await this.repo.addRevision(teamId, id, rev, { claim, expectedRevision });
        switch (outcome.kind) {
          case 'saved':
            return outcome.revision;
          case 'not-found':
            throw scenarioNotFound(scenarioId);
          case 'conflict':
            throw new AppError(
              'CONFLICT',
              `The scenario has moved on: its latest revision is ${outcome.currentRevision}, not ${expectedRevision}; nothing was saved. Read revision ${outcome.currentRevision}, then save with expectedRevision ${outcome.currentRevision}.`,
              [
                {
                  field: 'expectedRevision',
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
        const revision = await this.revisionOf(teamId, done.scenarioId, done.revisionNumber);
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

  /**
   * A page of the team's scenarios. `show` says what the caller will read of it: with
   * `latestRevision` each node carries its latest revision (read in the page's statement); with
   * `totalCount` the count comes with the page: the team's counter in the page's statement when
   * unfiltered, else a count(*) started with the page on another connection.
   */
  async list(
    caller: Caller,
    args: ScenarioListArgs,
    show: { latestRevision?: boolean; totalCount?: boolean } = {},
  ): Promise<ScenarioPage> {
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
    // Unfiltered, the page statement reads the team's counter too; filtered, count(*) runs
    // alongside the page on another connection.
    const unfiltered = filter.nameContains === null && filter.tag === null;
    const counting =
      show.totalCount && !unfiltered ? this.repo.countScenarios(teamId, filter) : null;
    // Read by countAll; if the page fails first, nobody does, and the rejection is not unhandled.
    counting?.catch(() => undefined);
    const { rows, teamCount } = await this.repo.listScenarios(teamId, {
      first,
      after,
      ...filter,
      withLatestRevision: show.latestRevision === true,
      withTeamCount: show.totalCount === true && unfiltered,
    });
    const edges: ScenarioPage['edges'] = [];
    for (let i = 0; i < rows.length && i < first; i++) {
      const s = rows[i]!;
      const node: ScenarioView & WithPreloadedRevision = toView(s);
      if (s.latest) node[PRELOADED_LATEST_REVISION] = s.latest;
      edges.push({ cursor: encodeScenarioCursor(s), node });
    }
    return {
      edges,
      pageInfo: pageInfoOf(edges, rows.length > first, args.after),
      countAll: () =>
        teamCount !== null
          ? Promise.resolve(teamCount)
          : (counting ?? this.repo.countScenarios(teamId, filter)),
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

  /** One revision of one of the caller's team's scenarios, or null (also another team's). */
  async revision(caller: Caller, id: string, number: number): Promise<RevisionRecord | null> {
    if (!isUuid(id)) {
      return null;
    }
    return this.revisionOf(await this.keys.teamIdOf(caller), id.toLowerCase(), number);
  }

  /** Revisions by key, in the keys' order (null: not the team's); one query for all (batching). */
  async revisionsByKeys(
    caller: Caller,
    keys: readonly RevisionKey[],
  ): Promise<(RevisionRecord | null)[]> {
    const rows = await this.repo.findRevisions(await this.keys.teamIdOf(caller), keys);
    return inKeyOrder(keys, rows);
  }

  /** The manifests and stored reports of revisions by key, in the keys' order; one query for all. */
  async bodies(caller: Caller, keys: readonly RevisionKey[]): Promise<(RevisionBody | null)[]> {
    const rows = await this.repo.findRevisionBodies(await this.keys.teamIdOf(caller), keys);
    return inKeyOrder(keys, rows);
  }

  // ---- internals ----

  private async revisionOf(
    teamId: string,
    scenarioId: string,
    number: number,
  ): Promise<RevisionRecord | null> {
    const [rev] = await this.repo.findRevisions(teamId, [{ scenarioId, number }]);
    return rev ?? null;
  }

  /**
   * Validates, analyses (outside any transaction) and prepares a revision for storage; input
   * errors name its fields under `at`, where the request carries it (`analysis` when creating).
   */
  private async analyse(input: RevisionInput, at: '' | 'analysis'): Promise<NewRevision> {
    checkRevisionInput(input, at);
    const field = at ? `${at}.manifest` : 'manifest';
    const report = await this.analysis.analyze(
      {
        manifest: input.manifest,
        kubernetesVersion: input.kubernetesVersion,
        timing: input.timing,
        severityOverrides: input.severityOverrides,
      },
      at,
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
}
