import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { PrismaService } from '../../database/prisma.service';
import { Prisma } from '../../generated/prisma/client';
import type {
  NewRevision,
  RevisionBody,
  RevisionKey,
  RevisionRecord,
  ScenarioListQuery,
  ScenarioRecord,
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

const revisionData = (rev: NewRevision) => ({
  manifest: rev.manifest,
  kubernetesVersion: rev.kubernetesVersion,
  timing:
    rev.timing === null || rev.timing === undefined
      ? Prisma.DbNull
      : (rev.timing as Prisma.InputJsonValue),
  report: rev.report as Prisma.InputJsonValue,
  reportSchemaVersion: rev.reportSchemaVersion,
  ...rev.summary,
});

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

/**
 * Scenarios and their revisions. Every method is scoped by the caller's team: another team's
 * scenario is indistinguishable from one that does not exist.
 */
@Injectable()
export class ScenarioRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The scenario and revision 1, in one transaction (a nested write). */
  async createScenario(
    teamId: string,
    fields: { name: string; description: string | null; tags: string[] },
    rev: NewRevision,
  ): Promise<{ scenario: ScenarioRecord; revision: RevisionRecord }> {
    const row = await this.prisma.scenario.create({
      data: {
        teamId,
        name: fields.name,
        description: fields.description,
        tags: fields.tags,
        latestRevision: 1,
        revisions: { create: { number: 1, ...revisionData(rev) } },
      },
      select: { ...SCENARIO_FIELDS, revisions: { select: REVISION_META } },
    });
    const { revisions, ...scenario } = row;
    return { scenario, revision: revisions[0]! };
  }

  /**
   * Appends the next revision: the counter on the scenario row is incremented atomically (the row
   * lock serialises concurrent writers) in the same transaction as the insert, so numbers have no
   * gap and no duplicate. Null when the team has no such scenario (nothing written).
   */
  async addRevision(
    teamId: string,
    scenarioId: string,
    rev: NewRevision,
  ): Promise<RevisionRecord | null> {
    return this.prisma
      .$transaction(async (tx) => {
        // The connection's lock_timeout (DB_LOCK_TIMEOUT_MS) bounds the wait for the scenario row
        // (another save holds it for milliseconds); longer means trouble, and the caller gets a
        // retryable error, not a hang.
        const counted = await tx.$queryRaw<{ latest_revision: number }[]>`
        UPDATE "scenario" SET "latest_revision" = "latest_revision" + 1, "updated_at" = now()
        WHERE "id" = ${scenarioId}::uuid AND "team_id" = ${teamId}::uuid
        RETURNING "latest_revision"`;
        const number = counted[0]?.latest_revision;
        if (number === undefined) {
          return null;
        }
        return tx.scenarioRevision.create({
          data: { scenarioId, number, ...revisionData(rev) },
          select: REVISION_META,
        });
      }, this.prisma.transactionOptions)
      .catch(busyToAppError);
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
   * id DESC) index), first + 1 rows so the caller knows whether more follow.
   */
  async listScenarios(teamId: string, q: ScenarioListQuery): Promise<ScenarioRecord[]> {
    const rows = await this.prisma.$queryRaw<ScenarioRow[]>`
      SELECT "id", "name", "description", "tags", "latest_revision", "created_at", "updated_at"
      FROM "scenario"
      WHERE "team_id" = ${teamId}::uuid ${this.filterSql(q)}
      ${q.after ? Prisma.sql`AND ("created_at", "id") < (${q.after.createdAt}::timestamptz, ${q.after.id}::uuid)` : Prisma.empty}
      ORDER BY "created_at" DESC, "id" DESC
      LIMIT ${q.first + 1}`;
    return rows.map(fromRow);
  }

  async countScenarios(
    teamId: string,
    q: Pick<ScenarioListQuery, 'nameContains' | 'tag'>,
  ): Promise<number> {
    const rows = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS "n" FROM "scenario" WHERE "team_id" = ${teamId}::uuid ${this.filterSql(q)}`;
    return rows[0]?.n ?? 0;
  }

  private filterSql(q: Pick<ScenarioListQuery, 'nameContains' | 'tag'>): Prisma.Sql {
    const parts: Prisma.Sql[] = [];
    if (q.nameContains) {
      // A substring match scans the team's rows: ~20 ms for 100k rows (bench/list-scenarios.ts), no index needed.
      parts.push(Prisma.sql`AND strpos(lower("name"), lower(${q.nameContains})) > 0`);
    }
    if (q.tag) {
      parts.push(Prisma.sql`AND "tags" @> ARRAY[${q.tag}]::text[]`);
    }
    return parts.length > 0 ? Prisma.join(parts, ' ') : Prisma.empty;
  }

  /** Revisions (without manifest and report) by (scenario, number), in one query. */
  async findRevisions(teamId: string, keys: readonly RevisionKey[]): Promise<RevisionRecord[]> {
    if (keys.length === 0) return [];
    return this.prisma.scenarioRevision.findMany({
      where: {
        scenario: { teamId },
        OR: keys.map((k) => ({ scenarioId: k.scenarioId, number: k.number })),
      },
      select: REVISION_META,
    });
  }

  /** Manifests and reports by (scenario, number), in one query. */
  async findRevisionBodies(teamId: string, keys: readonly RevisionKey[]): Promise<RevisionBody[]> {
    if (keys.length === 0) return [];
    return this.prisma.scenarioRevision.findMany({
      where: {
        scenario: { teamId },
        OR: keys.map((k) => ({ scenarioId: k.scenarioId, number: k.number })),
      },
      select: {
        scenarioId: true,
        number: true,
        manifest: true,
        report: true,
        reportSchemaVersion: true,
      },
    });
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
