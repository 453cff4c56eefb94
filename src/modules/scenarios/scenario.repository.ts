import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { AppError } from '../../common/errors/app-error';
import { isDatabaseBusy, isDatabaseUnavailable } from '../../common/errors/normalise-error';
import { binaryArray, PG_OID } from '../../database/pg-binary-array';
import { PrismaService } from '../../database/prisma.service';
import type {
  AppendOutcome,
  IdempotencyClaim,
  IdempotencyLookup,
  ListedPage,
  ListedScenario,
  NewRevision,
  RevisionBody,
  RevisionKey,
  RevisionRecord,
  ScenarioListQuery,
  ScenarioRecord,
  SaveOptions,
} from './scenario.types';

const REVISION_META = {
  id: true,
  scenarioId: true,
  number: true,
  createdAt: true,
  kubernetesVersion: true,
  errorCount: true,
  warningCount: true,
} as const;

const SCENARIO_FIELDS = {
  id: true,
  name: true,
  description: true,
  tags: true,
  latestRevision: true,
  createdAt: true,
  updatedAt: true,
} as const;

interface ScenarioRow {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  latest_revision: number;
  created_at: Date;
  updated_at: Date;
}

const fromRow = (r: ScenarioRow): ScenarioRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  tags: r.tags,
  latestRevision: r.latest_revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** How long a claimed Idempotency-Key stays another call's (its lease) before it may be taken over. */
export const IDEMPOTENCY_LEASE_SECONDS = 60;
/** How long a completed Idempotency-Key (and its stored answer) is kept. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

// The hot save path is plain SQL through the pg pool the Prisma adapter uses: one statement per
// save (an implicit transaction), the report deflated by the service into a bytea column that
// PostgreSQL neither parses nor compresses. Prisma's default path costs several times more per save
// (bench/saves.ts prints both).
const REVISION_INSERT_COLUMNS = `"id", "scenario_id", "number", "manifest", "kubernetes_version", "timing", "report_deflated",
  "report_schema_version", "workload_count", "error_count", "warning_count", "info_count",
  "finding_count", "qos_classes", "pod_ready_at_seconds", "termination_seconds", "manifest_sha256"`;
const REVISION_RETURNING = `"id", "scenario_id", "number", "created_at", "kubernetes_version", "error_count", "warning_count"`;

/** The 14 values of a revision row after its id, scenario and number, from placeholder $<first>. */
function revisionValues(first: number): string {
  const p = (i: number): string => `$${first + i}`;
  return [
    p(0),
    p(1),
    `${p(2)}::jsonb`,
    `${p(3)}::bytea`,
    `${p(4)}::int`,
    `${p(5)}::int`,
    `${p(6)}::int`,
    `${p(7)}::int`,
    `${p(8)}::int`,
    `${p(9)}::int`,
    `${p(10)}::text[]`,
    `${p(11)}::float8`,
    `${p(12)}::float8`,
    p(13),
  ].join(', ');
}

/**
 * A report as stored: its JSON, raw DEFLATE at level 3 (about a quarter of the JSON, ~45 us for
 * 15 KB), which PostgreSQL keeps as is instead of parsing and compressing 15 KB per save.
 */
async function deflateReport(report: unknown): Promise<Buffer> {
  const json = Buffer.from(JSON.stringify(report), 'utf8');
  // A large report is compressed on libuv's thread pool, not on the event loop.
  return json.length < ASYNC_DEFLATE_BYTES
    ? deflateRawSync(json, { level: 3 })
    : deflateRawAsync(json, { level: 3 });
}

const ASYNC_DEFLATE_BYTES = 256 * 1024;
const deflateRawAsync = promisify(deflateRaw);

/** A text[] literal ({"a","b"}) of strings, for a text[] element of a text[] parameter. */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** A stored report: the deflated JSON of new revisions, or the json column of earlier ones. */
function storedReport(json: unknown, deflated: Buffer | null): unknown {
  return deflated === null
    ? json
    : (JSON.parse(inflateRawSync(deflated).toString('utf8')) as unknown);
}

function revisionParams(rev: NewRevision, reportDeflated: Buffer): unknown[] {
  const s = rev.summary;
  return [
    rev.manifest,
    rev.kubernetesVersion,
    rev.timing === null || rev.timing === undefined ? null : JSON.stringify(rev.timing),
    reportDeflated,
    rev.reportSchemaVersion,
    s.workloadCount,
    s.errorCount,
    s.warningCount,
    s.infoCount,
    s.findingCount,
    s.qosClasses,
    s.podReadyAtSeconds,
    s.terminationSeconds,
    s.manifestSha256,
  ];
}

interface RevisionRow {
  id: string;
  scenario_id: string;
  number: number;
  created_at: Date;
  kubernetes_version: string;
  error_count: number;
  warning_count: number;
}

const fromRevisionRow = (r: RevisionRow): RevisionRecord => ({
  id: r.id,
  scenarioId: r.scenario_id,
  number: r.number,
  createdAt: r.created_at,
  kubernetesVersion: r.kubernetes_version,
  errorCount: r.error_count,
  warningCount: r.warning_count,
});

interface ListedRow extends ScenarioRow {
  r_id?: string | null;
  r_created_at?: Date;
  r_kubernetes_version?: string;
  r_error_count?: number;
  r_warning_count?: number;
}

const fromListedRow = (r: ListedRow): ListedScenario => ({
  id: r.id,
  name: r.name,
  description: r.description,
  tags: r.tags,
  latestRevision: r.latest_revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  latest: !r.r_id
    ? null
    : {
        id: r.r_id,
        scenarioId: r.id,
        number: r.latest_revision,
        createdAt: r.r_created_at!,
        kubernetesVersion: r.r_kubernetes_version!,
        errorCount: r.r_error_count!,
        warningCount: r.r_warning_count!,
      },
});

/**
 * The CTEs that tie a save to its claimed key: "k" locks the key row while it is still this
 * call's, the save's first write runs only when it is, and "d" stores the answer from the saved
 * revision "r". One statement: the revision and the completed key commit together or not at all.
 */
function claimSql(teamParam: number, first: number): { lock: string; guard: string; done: string } {
  return {
    lock: `"k" AS (
      SELECT 1 FROM "idempotency_key"
      WHERE "team_id" = $${teamParam}::uuid AND "key" = $${first} AND "lock_token" = $${first + 1}::uuid
      FOR UPDATE), `,
    guard: ` AND EXISTS (SELECT 1 FROM "k")`,
    done: `, "d" AS (
      UPDATE "idempotency_key" SET "status_code" = 201, "scenario_id" = "r"."scenario_id",
        "revision_number" = "r"."number", "lock_token" = NULL, "locked_until" = NULL
      FROM "r" WHERE "idempotency_key"."team_id" = $${teamParam}::uuid AND "idempotency_key"."key" = $${first})`,
  };
}

// SQLSTATEs that mean "busy, try again": a lock wait or a statement that took too long.
const BUSY_CODES = new Set(['55P03', '57014', '40001', '40P01']);

/** The SQLSTATE behind a Prisma error raised through the pg adapter, if any. */
function sqlState(e: unknown): string | null {
  const err = e as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { code?: unknown } } };
    cause?: { code?: unknown };
  };
  const code = err?.meta?.driverAdapterError?.cause?.code ?? err?.cause?.code ?? err?.code;
  return typeof code === 'string' ? code : null;
}

/** A save that could not get its turn is retryable, never an internal error. */
function busyToAppError(e: unknown): never {
  const code = sqlState(e);
  if (code !== null && BUSY_CODES.has(code)) {
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'The scenario is busy (another save is holding it); nothing was saved. Try again.',
      [],
      1,
    );
  }
  throw e;
}

interface PendingAppend {
  teamId: string;
  scenarioId: string;
  rev: NewRevision;
  reportDeflated: Buffer;
  opts: SaveOptions;
  resolve: (o: AppendOutcome) => void;
  reject: (e: unknown) => void;
}

interface PendingClaim {
  teamId: string;
  key: string;
  operation: string;
  fingerprint: string;
  token: string;
  resolve: (claimed: boolean) => void;
  reject: (e: unknown) => void;
}

/**
 * Group-commit limits: saves per statement, and group statements writing at once (2: more only
 * adds lock and CPU contention on a small database server; bench/saves.ts).
 */
/**
 * A function that runs `fn` once on the next tick (process.nextTick), however many times it is
 * called before then.
 */
function onceNextTick(fn: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    process.nextTick(() => {
      scheduled = false;
      fn();
    });
  };
}

const MAX_APPEND_BATCH = 64;
const MAX_APPEND_STATEMENTS = 2;
/** Queued saves are shared among free group statements only when each gets at least this many. */
const MIN_SPLIT_GROUP = 4;

/**
 * Many appends (distinct scenarios) in one statement, one array parameter per column (the
 * manifests and the deflated reports in binary format, binaryArray), zipped by unnest: the
 * scenario rows are locked in id order, skipping rows another transaction holds; each save's
 * counter update, revision and completed key follow as in the one-save statement. One row per
 * input (`ord`): the revision, or `locked` (the row was ours, a condition failed) or neither
 * (not ours). A group without Idempotency-Keys runs the statement without the key CTEs ("k",
 * "d"): a smaller plan to start and run.
 */
function appendBatchSql(keyed: boolean): string {
  return `WITH "input" AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[],
    $7::bytea[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[], $14::text[],
    $15::float8[], $16::float8[], $17::text[], $18::uuid[]${keyed ? ', $19::text[], $20::uuid[]' : ''})
    WITH ORDINALITY AS x("scenario_id", "team_id", "expected", "manifest", "kubernetes_version",
    "timing", "report_deflated", "report_schema_version", "workload_count", "error_count",
    "warning_count", "info_count", "finding_count", "qos_classes", "pod_ready_at_seconds",
    "termination_seconds", "manifest_sha256", "id", ${keyed ? '"key", "token", ' : ''}"ord")
), "l" AS (
  SELECT sc."id" FROM "scenario" sc
  JOIN "input" i ON sc."id" = i."scenario_id" AND sc."team_id" = i."team_id"
  ORDER BY sc."id" FOR UPDATE OF sc SKIP LOCKED
), ${
    keyed
      ? `"k" AS (
  SELECT ik."team_id", ik."key" FROM "idempotency_key" ik
  JOIN "input" i ON ik."team_id" = i."team_id" AND ik."key" = i."key" AND ik."lock_token" = i."token"
  FOR UPDATE OF ik
), `
      : ''
  }"s" AS (
  UPDATE "scenario" sc SET "latest_revision" = sc."latest_revision" + 1, "updated_at" = now()
  FROM "input" i
  WHERE sc."id" = i."scenario_id" AND sc."team_id" = i."team_id"
    AND sc."id" IN (SELECT "id" FROM "l")
    AND (i."expected" IS NULL OR sc."latest_revision" = i."expected")${
      keyed
        ? `
    AND (i."key" IS NULL OR EXISTS (
      SELECT 1 FROM "k" WHERE "k"."team_id" = i."team_id" AND "k"."key" = i."key"))`
        : ''
    }
  RETURNING i."ord", sc."id", sc."latest_revision"
), "r" AS (
  INSERT INTO "scenario_revision" (${REVISION_INSERT_COLUMNS})
  SELECT i."id", s."id", s."latest_revision", i."manifest", i."kubernetes_version",
    i."timing"::jsonb, i."report_deflated", i."report_schema_version", i."workload_count",
    i."error_count", i."warning_count", i."info_count", i."finding_count", i."qos_classes"::text[],
    i."pod_ready_at_seconds", i."termination_seconds", i."manifest_sha256"
  FROM "s" JOIN "input" i ON i."ord" = s."ord"
  RETURNING ${REVISION_RETURNING}
)${
    keyed
      ? `, "d" AS (
  UPDATE "idempotency_key" ik SET "status_code" = 201, "scenario_id" = r."scenario_id",
    "revision_number" = r."number", "lock_token" = NULL, "locked_until" = NULL
  FROM "r" JOIN "s" ON s."id" = r."scenario_id" JOIN "input" i ON i."ord" = s."ord"
  WHERE ik."team_id" = i."team_id" AND ik."key" = i."key"
)`
      : ''
  }
SELECT (i."ord" - 1)::int AS "ord", (l."id" IS NOT NULL) AS "locked", r."id", r."scenario_id", r."number",
  r."created_at", r."kubernetes_version", r."error_count", r."warning_count"
FROM "input" i
LEFT JOIN "l" ON l."id" = i."scenario_id"
LEFT JOIN "r" ON r."id" = i."id"`;
}

const APPEND_BATCH_SQL = appendBatchSql(false);
const APPEND_BATCH_KEYED_SQL = appendBatchSql(true);

/**
 * Scenarios and their revisions. Every method is scoped by the caller's team: another team's
 * scenario is indistinguishable from one that does not exist.
 */
@Injectable()
export class ScenarioRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The scenario and revision 1 in one statement (so in one transaction); with a claimed key, the
   * key's stored answer too. Null only when the claim was lost (nothing written).
   */
  async createScenario(
    teamId: string,
    fields: { name: string; description: string | null; tags: string[] },
    rev: NewRevision,
    claim: IdempotencyClaim | null = null,
  ): Promise<{ scenario: ScenarioRecord; revision: RevisionRecord } | null> {
    const keyed = claim ? claimSql(1, 19) : { lock: '', guard: '', done: '' };
    const rows = await this.prisma.pool
      .query<
        ScenarioRow & {
          r_id: string;
          r_created_at: Date;
          r_kubernetes_version: string;
          r_error_count: number;
          r_warning_count: number;
        }
      >({
        // A named statement: parsed and planned once per connection.
        name: claim ? 'scenario-create-keyed' : 'scenario-create',
        text: `WITH ${keyed.lock}"s" AS (
          INSERT INTO "scenario" ("id", "team_id", "name", "description", "tags", "latest_revision")
          SELECT gen_random_uuid(), $1::uuid, $2, $3, $4::text[], 1 WHERE true${keyed.guard}
          RETURNING "id", "name", "description", "tags", "latest_revision", "created_at", "updated_at"
        ), "r" AS (
          INSERT INTO "scenario_revision" (${REVISION_INSERT_COLUMNS})
          SELECT gen_random_uuid(), "s"."id", 1, ${revisionValues(5)} FROM "s"
          RETURNING ${REVISION_RETURNING}
        )${keyed.done}
        SELECT "s".*, "r"."id" AS "r_id", "r"."created_at" AS "r_created_at",
          "r"."kubernetes_version" AS "r_kubernetes_version", "r"."error_count" AS "r_error_count",
          "r"."warning_count" AS "r_warning_count"
        FROM "s", "r"`,
        values: [
          teamId,
          fields.name,
          fields.description,
          fields.tags,
          ...revisionParams(rev, await deflateReport(rev.report)),
          ...(claim ? [claim.key, claim.token] : []),
        ],
      })
      .catch(busyToAppError);
    const row = rows.rows[0];
    if (!row) return null;
    return {
      scenario: fromRow(row),
      revision: {
        id: row.r_id,
        scenarioId: row.id,
        number: 1,
        createdAt: row.r_created_at,
        kubernetesVersion: row.r_kubernetes_version,
        errorCount: row.r_error_count,
        warningCount: row.r_warning_count,
      },
    };
  }

  /**
   * Appends the next revision: the counter on the scenario row is incremented (the row lock
   * serialises concurrent writers) and the revision inserted from its new value in one statement,
   * so numbers have no gap and no duplicate. With `expectedRevision` only while the scenario is
   * still at that revision; with a claimed key, the key's stored answer in the same statement.
   * Nothing is written unless the outcome is `saved`.
   *
   * Saves that arrive while others are being written are grouped (at most one per scenario) into
   * one statement, a group commit; a save that arrives alone is written at once.
   */
  async addRevision(
    teamId: string,
    scenarioId: string,
    rev: NewRevision,
    opts: SaveOptions = {},
  ): Promise<AppendOutcome> {
    const reportDeflated = await deflateReport(rev.report);
    return new Promise((resolve, reject) => {
      this.appendQueue.push({ teamId, scenarioId, rev, reportDeflated, opts, resolve, reject });
      this.schedulePump();
    });
  }

  private appendQueue: PendingAppend[] = [];
  private appendsRunning = 0;
  /** Saves written in groups, the group statements, and those that failed as a whole. */
  readonly groupCommits = { saves: 0, statements: 0, failed: 0 };

  private pumpAppends(): void {
    while (this.appendsRunning < MAX_APPEND_STATEMENTS && this.appendQueue.length > 0) {
      // With more than one group statement free, the queue is shared among them: the groups
      // then come back at different times, and one group's next saves are prepared while
      // another is being written (one large group would leave the database idle meanwhile).
      const free = MAX_APPEND_STATEMENTS - this.appendsRunning;
      const limit =
        this.appendQueue.length >= MIN_SPLIT_GROUP * free
          ? Math.min(MAX_APPEND_BATCH, Math.ceil(this.appendQueue.length / free))
          : MAX_APPEND_BATCH;
      const batch: PendingAppend[] = [];
      const rest: PendingAppend[] = [];
      const scenarios = new Set<string>();
      for (const p of this.appendQueue) {
        if (scenarios.has(p.scenarioId)) {
          // Another save of the same scenario is in this group: this one is written alone, now
          // (the scenario's row orders them); a hot scenario never queues here.
          void this.appendAlone(p);
        } else if (batch.length < limit) {
          batch.push(p);
          scenarios.add(p.scenarioId);
        } else {
          rest.push(p);
        }
      }
      this.appendQueue = rest;
      this.appendsRunning++;
      void this.appendBatch(batch).finally(() => {
        this.appendsRunning--;
        this.schedulePump();
      });
    }
  }

  /**
   * Groups are formed once the saves queued by the current event have all arrived: the pump runs
   * after the promise jobs of this tick (process.nextTick), so the callers that a finished group
   * resumed (each preparing its next save) form one group, not a first save alone and the rest
   * behind it. A save that arrives alone is still written at once, in the same tick.
   */
  private readonly schedulePump = onceNextTick(() => this.pumpAppends());

  private appendAlone(p: PendingAppend): Promise<void> {
    return this.appendOne(p.teamId, p.scenarioId, p.rev, p.reportDeflated, p.opts).then(
      p.resolve,
      p.reject,
    );
  }

  /**
   * Appends (distinct scenarios) in one statement. It never waits on a scenario row: rows another
   * transaction holds are skipped (SKIP LOCKED, so groups never deadlock either), and those saves
   * are then written alone, outside the group's turn, waiting as a lone save does; a held row
   * never holds up the saves of other scenarios.
   */
  private async appendBatch(batch: PendingAppend[]): Promise<void> {
    let rows: (Partial<RevisionRow> & { ord: number; locked: boolean })[];
    try {
      const keyed = batch.some((p) => p.opts.claim);
      const column = <T>(f: (p: PendingAppend) => T): T[] => batch.map(f);
      const summary = <T>(f: (s: NewRevision['summary']) => T): T[] =>
        batch.map((p) => f(p.rev.summary));
      const res = await this.prisma.pool.query<
        Partial<RevisionRow> & { ord: number; locked: boolean }
      >({
        name: keyed ? 'scenario-append-batch-keyed' : 'scenario-append-batch',
        text: keyed ? APPEND_BATCH_KEYED_SQL : APPEND_BATCH_SQL,
        values: [
          column((p) => p.scenarioId),
          column((p) => p.teamId),
          column((p) => p.opts.expectedRevision ?? null),
          binaryArray(
            PG_OID.text,
            column((p) => p.rev.manifest),
          ),
          column((p) => p.rev.kubernetesVersion),
          column((p) =>
            p.rev.timing === null || p.rev.timing === undefined
              ? null
              : JSON.stringify(p.rev.timing),
          ),
          binaryArray(
            PG_OID.bytea,
            column((p) => p.reportDeflated),
          ),
          column((p) => p.rev.reportSchemaVersion),
          summary((s) => s.workloadCount),
          summary((s) => s.errorCount),
          summary((s) => s.warningCount),
          summary((s) => s.infoCount),
          summary((s) => s.findingCount),
          // Each row's own text[], as an array literal inside the text[] parameter.
          summary((s) => textArrayLiteral(s.qosClasses)),
          summary((s) => s.podReadyAtSeconds),
          summary((s) => s.terminationSeconds),
          summary((s) => s.manifestSha256),
          // The revisions' ids (random, as gen_random_uuid makes them).
          column(() => randomUUID()),
          ...(keyed
            ? [column((p) => p.opts.claim?.key ?? null), column((p) => p.opts.claim?.token ?? null)]
            : []),
        ],
      });
      rows = res.rows;
      this.groupCommits.statements++;
    } catch (e) {
      this.groupCommits.failed++;
      if (isDatabaseBusy(e) || isDatabaseUnavailable(e)) {
        // No connection within the acquire timeout, or the database is down or busy: this
        // group's saves and those queued behind it get that answer (retryable) now, instead of
        // a second wait on top of the first.
        const queued = this.appendQueue;
        this.appendQueue = [];
        for (const p of [...batch, ...queued]) p.reject(e);
        return;
      }
      // The group failed as a whole otherwise: each save on its own, with its own answer.
      for (const p of batch) void this.appendAlone(p);
      return;
    }
    const byOrd = new Map(rows.map((r) => [r.ord, r]));
    batch.forEach((p, ord) => {
      const row = byOrd.get(ord);
      if (row?.id) {
        this.groupCommits.saves++;
        p.resolve({ kind: 'saved', revision: fromRevisionRow(row as RevisionRow) });
      } else if (row?.locked) {
        // The row was ours and a condition failed: tell which.
        void this.whyNotSaved(p.teamId, p.scenarioId, p.opts.claim ?? null).then(
          p.resolve,
          p.reject,
        );
      } else {
        // Its row was held by another transaction (or there is no such scenario): alone.
        void this.appendAlone(p);
      }
    });
  }

  private async appendOne(
    teamId: string,
    scenarioId: string,
    rev: NewRevision,
    reportDeflated: Buffer,
    opts: SaveOptions = {},
  ): Promise<AppendOutcome> {
    const claim = opts.claim ?? null;
    const keyed = claim ? claimSql(2, 18) : { lock: '', guard: '', done: '' };
    // The connection's lock_timeout (DB_LOCK_TIMEOUT_MS) bounds the wait for the scenario row
    // (another save holds it for milliseconds); longer means trouble, and the caller gets a
    // retryable error, not a hang.
    const res = await this.prisma.pool
      .query<RevisionRow>({
        name: claim ? 'scenario-append-keyed' : 'scenario-append',
        text: `WITH ${keyed.lock}"s" AS (
          UPDATE "scenario" SET "latest_revision" = "latest_revision" + 1, "updated_at" = now()
          WHERE "id" = $1::uuid AND "team_id" = $2::uuid
            AND ($3::int IS NULL OR "latest_revision" = $3::int)${keyed.guard}
          RETURNING "id", "latest_revision"
        ), "r" AS (
          INSERT INTO "scenario_revision" (${REVISION_INSERT_COLUMNS})
          SELECT gen_random_uuid(), "s"."id", "s"."latest_revision", ${revisionValues(4)} FROM "s"
          RETURNING ${REVISION_RETURNING}
        )${keyed.done}
        SELECT * FROM "r"`,
        values: [
          scenarioId,
          teamId,
          opts.expectedRevision ?? null,
          ...revisionParams(rev, reportDeflated),
          ...(claim ? [claim.key, claim.token] : []),
        ],
      })
      .catch(busyToAppError);
    const row = res.rows[0];
    if (row) {
      return { kind: 'saved', revision: fromRevisionRow(row) };
    }
    return this.whyNotSaved(teamId, scenarioId, claim);
  }

  /** Why an append wrote nothing (the same answer a moment later would be as right). */
  private async whyNotSaved(
    teamId: string,
    scenarioId: string,
    claim: IdempotencyClaim | null,
  ): Promise<AppendOutcome> {
    if (claim && !(await this.holdsClaim(teamId, claim))) {
      return { kind: 'claim-lost' };
    }
    const current = await this.prisma.pool.query<{ latest_revision: number }>(
      `SELECT "latest_revision" FROM "scenario" WHERE "id" = $1::uuid AND "team_id" = $2::uuid`,
      [scenarioId, teamId],
    );
    const latest = current.rows[0]?.latest_revision;
    return latest === undefined
      ? { kind: 'not-found' }
      : { kind: 'conflict', currentRevision: latest };
  }

  // ---- Idempotency keys (docs/adr/0007-idempotent-saves.md) ----

  /**
   * Claims a key for a request with this fingerprint: a new key, one past its lifetime, or the same
   * request's key whose call stopped (lease over) become this call's; otherwise what the key holds.
   */
  async claimIdempotencyKey(
    teamId: string,
    key: string,
    operation: string,
    fingerprint: string,
    token: string,
  ): Promise<IdempotencyLookup> {
    this.purgeExpiredKeys();
    // $1..$7 of the single-key claim and take-over statements.
    const claimValues = [
      teamId,
      key,
      operation,
      fingerprint,
      token,
      IDEMPOTENCY_LEASE_SECONDS,
      IDEMPOTENCY_TTL_SECONDS,
    ];
    for (let attempt = 0; attempt < 3; attempt++) {
      // A new key: claims that arrive together are inserted in one statement (DO NOTHING never
      // waits on a row another save has locked); a retry after a release inserts alone.
      const inserted =
        attempt === 0
          ? await this.insertClaim({ teamId, key, operation, fingerprint, token })
          : (
              await this.prisma.pool.query({
                name: 'idempotency-key-claim',
                text: `INSERT INTO "idempotency_key" ("team_id", "key", "operation", "fingerprint", "lock_token", "locked_until", "expires_at")
                 VALUES ($1::uuid, $2, $3, $4, $5::uuid, now() + make_interval(secs => $6), now() + make_interval(secs => $7))
                 ON CONFLICT ("team_id", "key") DO NOTHING
                 RETURNING 1`,
                values: claimValues,
              })
            ).rowCount === 1;
      if (inserted) {
        return { state: 'claimed', claim: { key, token } };
      }
      // A plain read: a live key is answered without waiting on the row (the save that
      // completes it locks it for the length of its statement).
      const found = await this.prisma.pool.query<{
        operation: string;
        fingerprint: string;
        status_code: number | null;
        scenario_id: string | null;
        revision_number: number | null;
        expired: boolean;
        stale: boolean;
      }>(
        `SELECT "operation", "fingerprint", "status_code", "scenario_id", "revision_number",
           "expires_at" <= now() AS "expired",
           ("status_code" IS NULL AND "locked_until" <= now()) AS "stale"
         FROM "idempotency_key" WHERE "team_id" = $1::uuid AND "key" = $2`,
        [teamId, key],
      );
      const row = found.rows[0];
      if (row && !row.expired) {
        if (row.fingerprint !== fingerprint) {
          return { state: 'reused', operation: row.operation };
        }
        if (row.status_code !== null && row.scenario_id !== null && row.revision_number !== null) {
          return {
            state: 'done',
            statusCode: row.status_code,
            scenarioId: row.scenario_id,
            revisionNumber: row.revision_number,
          };
        }
        if (!row.stale) {
          return { state: 'in-flight' };
        }
      }
      // Expired, or the same request's claim whose call stopped: take it over.
      const claimed = await this.prisma.pool.query({
        name: 'idempotency-key-take-over',
        text: `UPDATE "idempotency_key" SET
           "operation" = $3, "fingerprint" = $4, "lock_token" = $5::uuid,
           "locked_until" = now() + make_interval(secs => $6), "status_code" = NULL,
           "scenario_id" = NULL, "revision_number" = NULL, "created_at" = now(),
           "expires_at" = now() + make_interval(secs => $7)
         WHERE "team_id" = $1::uuid AND "key" = $2
           AND ("expires_at" <= now()
                OR ("status_code" IS NULL AND "locked_until" <= now() AND "fingerprint" = $4))
         RETURNING 1`,
        values: claimValues,
      });
      if (claimed.rowCount === 1) {
        return { state: 'claimed', claim: { key, token } };
      }
      // Someone else claimed or completed it meanwhile: read again.
    }
    return { state: 'in-flight' };
  }

  private claimQueue: PendingClaim[] = [];
  private claimsRunning = 0;

  /** Inserts a new key's claim (grouped with the claims that arrive meanwhile); false if the key exists. */
  private insertClaim(c: Omit<PendingClaim, 'resolve' | 'reject'>): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.claimQueue.push({ ...c, resolve, reject });
      this.scheduleClaims();
    });
  }

  private pumpClaims(): void {
    while (this.claimsRunning < MAX_APPEND_STATEMENTS && this.claimQueue.length > 0) {
      const batch = this.claimQueue.splice(0, MAX_APPEND_BATCH);
      this.claimsRunning++;
      void this.claimBatch(batch).finally(() => {
        this.claimsRunning--;
        this.scheduleClaims();
      });
    }
  }

  /** As schedulePump: the claims queued by the same event are inserted together. */
  private readonly scheduleClaims = onceNextTick(() => this.pumpClaims());

  private async claimBatch(batch: PendingClaim[]): Promise<void> {
    try {
      const res = await this.prisma.pool.query<{ lock_token: string }>({
        name: 'idempotency-key-claim-batch',
        text: `INSERT INTO "idempotency_key" ("team_id", "key", "operation", "fingerprint", "lock_token", "locked_until", "expires_at")
          SELECT "team_id", "key", "operation", "fingerprint", "token",
            now() + make_interval(secs => $2), now() + make_interval(secs => $3)
          FROM json_to_recordset($1::json) AS x("team_id" uuid, "key" text, "operation" text, "fingerprint" text, "token" uuid)
          ON CONFLICT ("team_id", "key") DO NOTHING
          RETURNING "lock_token"`,
        values: [
          JSON.stringify(
            batch.map((c) => ({
              team_id: c.teamId,
              key: c.key,
              operation: c.operation,
              fingerprint: c.fingerprint,
              token: c.token,
            })),
          ),
          IDEMPOTENCY_LEASE_SECONDS,
          IDEMPOTENCY_TTL_SECONDS,
        ],
      });
      const won = new Set(res.rows.map((r) => r.lock_token));
      for (const c of batch) c.resolve(won.has(c.token));
    } catch (e) {
      for (const c of batch) c.reject(e);
    }
  }

  /** Gives a claimed key up (the request failed before anything was saved). */
  async releaseIdempotencyKey(teamId: string, claim: IdempotencyClaim): Promise<void> {
    await this.prisma.pool.query(
      `DELETE FROM "idempotency_key" WHERE "team_id" = $1::uuid AND "key" = $2 AND "lock_token" = $3::uuid`,
      [teamId, claim.key, claim.token],
    );
  }

  private async holdsClaim(teamId: string, claim: IdempotencyClaim): Promise<boolean> {
    const res = await this.prisma.pool.query(
      `SELECT 1 FROM "idempotency_key" WHERE "team_id" = $1::uuid AND "key" = $2 AND "lock_token" = $3::uuid`,
      [teamId, claim.key, claim.token],
    );
    return res.rowCount === 1;
  }

  private lastPurge = 0;

  /** At most once a minute per process, a bounded batch of expired keys is deleted. */
  private purgeExpiredKeys(): void {
    const now = Date.now();
    if (now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    this.prisma.pool
      .query(
        `DELETE FROM "idempotency_key" WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM "idempotency_key" WHERE "expires_at" <= now() LIMIT 1000))`,
      )
      .catch(() => undefined); // best effort: expired keys are ignored when claimed anyway
  }

  /** Deletes the scenario and (ON DELETE CASCADE) its revisions; false when there is none. */
  async deleteScenario(teamId: string, id: string): Promise<boolean> {
    const res = await this.prisma.scenario.deleteMany({ where: { id, teamId } });
    return res.count === 1;
  }

  async findScenario(teamId: string, id: string): Promise<ScenarioRecord | null> {
    return this.prisma.scenario.findFirst({ where: { id, teamId }, select: SCENARIO_FIELDS });
  }

  /**
   * A newest-first page (keyset on (created_at, id), served by the (team_id, created_at DESC,
   * id DESC) index), first + 1 rows so the caller knows whether more follow. With
   * `withLatestRevision`, each row's latest revision comes in the same statement (one primary-key
   * probe per listed row, after the LIMIT): no second round trip, no second parse of 100 ids. With
   * `withTeamCount` (no filter), the team's trigger-kept scenario count too, from the team row the
   * page hangs off (a page past the end is one row of nulls, so the count still comes). One
   * statement, one round trip, one backend to be scheduled on a busy machine. A named statement
   * per query shape: parsed and planned once per connection.
   */
  async listScenarios(teamId: string, q: ScenarioListQuery): Promise<ListedPage> {
    const params: unknown[] = [teamId];
    const filter = this.filterSql(q, params);
    const counted = q.withTeamCount === true && filter === '';
    let after = '';
    if (q.after) {
      params.push(q.after.createdAt, q.after.id);
      after = ` AND (s."created_at", s."id") < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(q.first + 1);
    const rev = q.withLatestRevision === true;
    const name = `scenario-list-${rev ? 'r' : ''}${counted ? 'c' : ''}${q.nameContains ? 'n' : ''}${q.tag ? 't' : ''}${q.after ? 'a' : ''}`;
    const page = `SELECT s."id", s."name", s."description", s."tags", s."latest_revision", s."created_at", s."updated_at"${
      rev
        ? `, r."id" AS "r_id", r."created_at" AS "r_created_at", r."kubernetes_version" AS "r_kubernetes_version",
         r."error_count" AS "r_error_count", r."warning_count" AS "r_warning_count"`
        : ''
    }
       FROM "scenario" s${
         rev
           ? `
       LEFT JOIN "scenario_revision" r ON r."scenario_id" = s."id" AND r."number" = s."latest_revision"`
           : ''
       }
       WHERE s."team_id" = $1::uuid${filter}${after}
       ORDER BY s."created_at" DESC, s."id" DESC
       LIMIT $${params.length}::int`;
    const text = counted
      ? `SELECT t."scenario_count" AS "team_count", p.*
       FROM "team" t LEFT JOIN (${page}) p ON true
       WHERE t."id" = $1::uuid
       ORDER BY p."created_at" DESC, p."id" DESC`
      : page;
    const res = await this.prisma.pool.query<ListedRow & { team_count?: number }>({
      name,
      text,
      values: params,
    });
    const rows: ListedScenario[] = [];
    for (const row of res.rows) if (row.id !== null) rows.push(fromListedRow(row));
    return { rows, teamCount: counted ? (res.rows[0]?.team_count ?? 0) : null };
  }

  async countScenarios(
    teamId: string,
    q: Pick<ScenarioListQuery, 'nameContains' | 'tag'>,
  ): Promise<number> {
    if (!q.nameContains && !q.tag) {
      // Kept by triggers on "scenario": one row read, however many scenarios the team has.
      const team = await this.prisma.pool.query<{ n: number }>({
        name: 'scenario-count-team',
        text: `SELECT "scenario_count" AS "n" FROM "team" WHERE "id" = $1::uuid`,
        values: [teamId],
      });
      return team.rows[0]?.n ?? 0;
    }
    const params: unknown[] = [teamId];
    const filter = this.filterSql(q, params);
    const rows = await this.prisma.pool.query<{ n: number }>({
      name: `scenario-count-${q.nameContains ? 'n' : ''}${q.tag ? 't' : ''}`,
      text: `SELECT count(*)::int AS "n" FROM "scenario" s WHERE s."team_id" = $1::uuid${filter}`,
      values: params,
    });
    return rows.rows[0]?.n ?? 0;
  }

  /** The filter's SQL, its values appended to `params`. */
  private filterSql(q: Pick<ScenarioListQuery, 'nameContains' | 'tag'>, params: unknown[]): string {
    let sql = '';
    if (q.nameContains) {
      // A substring match scans the team's rows: ~20 ms for 100k rows (bench/list-scenarios.ts), no index needed.
      params.push(q.nameContains);
      sql += ` AND strpos(lower(s."name"), lower($${params.length})) > 0`;
    }
    if (q.tag) {
      params.push(q.tag);
      sql += ` AND s."tags" @> ARRAY[$${params.length}]::text[]`;
    }
    return sql;
  }

  /** Revisions (without manifest and report) by (scenario, number), in one query. */
  async findRevisions(teamId: string, keys: readonly RevisionKey[]): Promise<RevisionRecord[]> {
    if (keys.length === 0) return [];
    const res = await this.prisma.pool.query<RevisionRow>(
      `SELECT r."id", r."scenario_id", r."number", r."created_at", r."kubernetes_version",
         r."error_count", r."warning_count"
       FROM unnest($2::uuid[], $3::int[]) AS k("scenario_id", "number")
       JOIN "scenario_revision" r ON r."scenario_id" = k."scenario_id" AND r."number" = k."number"
       JOIN "scenario" s ON s."id" = r."scenario_id" AND s."team_id" = $1::uuid`,
      [teamId, keys.map((k) => k.scenarioId), keys.map((k) => k.number)],
    );
    return res.rows.map(fromRevisionRow);
  }

  /** Manifests and reports by (scenario, number), in one query. */
  async findRevisionBodies(teamId: string, keys: readonly RevisionKey[]): Promise<RevisionBody[]> {
    if (keys.length === 0) return [];
    const res = await this.prisma.pool.query<{
      scenario_id: string;
      number: number;
      manifest: string;
      report: unknown;
      report_deflated: Buffer | null;
      report_schema_version: number;
    }>(
      `SELECT r."scenario_id", r."number", r."manifest", r."report", r."report_deflated", r."report_schema_version"
       FROM unnest($2::uuid[], $3::int[]) AS k("scenario_id", "number")
       JOIN "scenario_revision" r ON r."scenario_id" = k."scenario_id" AND r."number" = k."number"
       JOIN "scenario" s ON s."id" = r."scenario_id" AND s."team_id" = $1::uuid`,
      [teamId, keys.map((k) => k.scenarioId), keys.map((k) => k.number)],
    );
    return res.rows.map((r) => ({
      scenarioId: r.scenario_id,
      number: r.number,
      manifest: r.manifest,
      report: storedReport(r.report, r.report_deflated),
      reportSchemaVersion: r.report_schema_version,
    }));
  }

  /** A newest-first page of a scenario's revisions (first + 1 rows), below `beforeNumber`. */
  async listRevisions(
    teamId: string,
    scenarioId: string,
    first: number,
    beforeNumber: number | null,
  ): Promise<RevisionRecord[]> {
    return this.prisma.scenarioRevision.findMany({
      where: {
        scenarioId,
        scenario: { teamId },
        ...(beforeNumber !== null ? { number: { lt: beforeNumber } } : {}),
      },
      orderBy: { number: 'desc' },
      take: first + 1,
      select: REVISION_META,
    });
  }
}
