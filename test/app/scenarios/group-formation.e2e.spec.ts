// How saves are grouped (src/modules/scenarios/scenario.repository.ts): the saves queued by one
// event form groups once they have all arrived, shared between the two group statements, and a
// save that arrives alone is written at once.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PrismaService } from '../../../src/database/prisma.service';
import { ScenarioRepository } from '../../../src/modules/scenarios/scenario.repository';
import { testDatabaseUrl } from '../../support/app';
import { storedRevision } from './scenario-fixtures';

const rev = (n: number) => storedRevision(n);

describe('group formation of concurrent saves', () => {
  let pool: pg.Pool;
  let repo: ScenarioRepository;
  let teamId: string;
  const scenarios: string[] = [];

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 4 });
    repo = new ScenarioRepository({
      pool,
      transactionOptions: { maxWait: 2000, timeout: 5000 },
    } as unknown as PrismaService);
    teamId = (
      await pool.query<{ id: string }>(
        'INSERT INTO "team" ("id", "name") VALUES (gen_random_uuid(), $1) RETURNING "id"',
        [`groups-${randomUUID()}`],
      )
    ).rows[0]!.id;
    for (let i = 0; i < 32; i++) {
      const created = await repo.createScenario(
        teamId,
        { name: `g${i}`, description: null, tags: [] },
        rev(0),
      );
      scenarios.push(created!.scenario.id);
    }
  });
  afterAll(async () => {
    await pool.query('DELETE FROM "team" WHERE "id" = $1', [teamId]);
    await pool.end();
  });

  it('writes 32 saves issued together in two group statements', async () => {
    const before = { ...repo.groupCommits };
    const outcomes = await Promise.all(
      scenarios.map((id, i) => repo.addRevision(teamId, id, rev(i))),
    );
    expect(outcomes.every((o) => o.kind === 'saved')).toBe(true);
    expect(repo.groupCommits.saves - before.saves).toBe(32);
    expect(repo.groupCommits.statements - before.statements).toBe(2);
    const numbers = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "scenario_revision" r JOIN "scenario" s ON s.id = r.scenario_id
       WHERE s.team_id = $1 AND r.number = 2`,
      [teamId],
    );
    expect(numbers.rows[0]!.n).toBe(32);
  });

  it('writes a save that arrives alone at once, in a statement of its own', async () => {
    const before = { ...repo.groupCommits };
    const outcome = await repo.addRevision(teamId, scenarios[0]!, rev(100));
    expect(outcome).toMatchObject({ kind: 'saved', revision: { number: 3 } });
    expect(repo.groupCommits.statements - before.statements).toBe(1);
  });

  it('keeps a few saves issued together in one group', async () => {
    const before = { ...repo.groupCommits };
    const outcomes = await Promise.all(
      scenarios.slice(0, 5).map((id, i) => repo.addRevision(teamId, id, rev(200 + i))),
    );
    expect(outcomes.every((o) => o.kind === 'saved')).toBe(true);
    expect(repo.groupCommits.statements - before.statements).toBe(1);
  });
});
