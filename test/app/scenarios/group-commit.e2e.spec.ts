// Appends that arrive together are written in one statement (a group commit). Each save must
// still get its own answer: saved (gapless numbers), CONFLICT, not found, a completed key, and a
// save whose scenario row another transaction holds waits for it as a lone save does.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { Client } from 'pg';
import { ApiKeysService } from '../../../src/modules/auth/api-keys.service';
import { ScenarioRepository } from '../../../src/modules/scenarios/scenario.repository';
import type { NewRevision } from '../../../src/modules/scenarios/scenario.types';
import { bootApp, testDatabaseUrl } from '../../support/app';
import { storedRevision } from './scenario-fixtures';

// Revisions that differ in timing and summary columns, so that a grouped statement must keep
// each save's own values.
const rev = (n: number): NewRevision => {
  const base = storedRevision(n);
  return {
    ...base,
    timing: n % 2 === 0 ? { containers: [] } : null,
    summary: {
      ...base.summary,
      errorCount: n % 3,
      qosClasses: n % 2 === 0 ? ['Burstable', 'Guaranteed'] : [],
      podReadyAtSeconds: n % 2 === 0 ? 1.5 : null,
    },
  };
};

describe('group commit of concurrent appends', () => {
  let app: NestFastifyApplication;
  let db: Client;
  let repo: ScenarioRepository;
  let teamId: string;
  let otherTeam: string;

  beforeAll(async () => {
    app = await bootApp({ authMode: 'apikey', shedEventLoopDelayMs: 0 });
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    repo = app.get(ScenarioRepository);
    teamId = (await app.get(ApiKeysService).create(`group-${randomUUID()}`)).teamId;
    otherTeam = (await app.get(ApiKeysService).create(`group-${randomUUID()}`)).teamId;
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  const create = async (team = teamId): Promise<string> =>
    (await repo.createScenario(team, { name: 'g', description: null, tags: [] }, rev(0)))!.scenario
      .id;

  it('gives every save of a group its own, right answer', async () => {
    const scenarios = await Promise.all(Array.from({ length: 24 }, () => create()));
    const foreign = await create(otherTeam);
    const locked = scenarios[5]!;
    const blocker = new Client({ connectionString: testDatabaseUrl() });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM scenario WHERE id = $1 FOR UPDATE', [locked]);
    const key = randomUUID();
    const claim = await repo.claimIdempotencyKey(teamId, key, 'addRevision', 'f', randomUUID());
    if (claim.state !== 'claimed') throw new Error(claim.state);

    // Three saves per scenario, all at once, plus the odd ones: they queue behind the first
    // statements and go out in groups.
    const plain = scenarios.flatMap((id, i) => [0, 1, 2].map((k) => ({ id, n: i * 3 + k })));
    const pending = plain.map((p) => repo.addRevision(teamId, p.id, rev(p.n)));
    const stale = repo.addRevision(teamId, scenarios[1]!, rev(900), { expectedRevision: 7 });
    const missing = repo.addRevision(teamId, randomUUID(), rev(901));
    const otherTeams = repo.addRevision(teamId, foreign, rev(902));
    const keyed = repo.addRevision(teamId, scenarios[2]!, rev(903), { claim: claim.claim });
    setTimeout(() => void blocker.query('COMMIT'), 300);

    const before = { ...repo.groupCommits };
    const outcomes = await Promise.all(pending);
    expect(outcomes.every((o) => o.kind === 'saved')).toBe(true);
    expect(await stale).toMatchObject({ kind: 'conflict' });
    expect(await missing).toEqual({ kind: 'not-found' });
    expect(await otherTeams).toEqual({ kind: 'not-found' });
    const keyedOutcome = await keyed;
    expect(keyedOutcome.kind).toBe('saved');
    await blocker.end();
    // Groups were written (at least one statement carried several saves), none failed as a whole.
    // How many saves go in groups depends on when each save's report is compressed: a save of a
    // scenario already in the forming group is written alone, so at most one per scenario is
    // grouped at a time (24 here, less the locked one).
    const grouped = repo.groupCommits.saves - before.saves;
    const statements = repo.groupCommits.statements - before.statements;
    expect(statements).toBeGreaterThan(0);
    expect(grouped).toBeGreaterThan(statements);
    expect(repo.groupCommits.failed).toBe(before.failed);

    const state = await db.query<{ id: string; latest: number; n: number; max: number }>(
      `SELECT s.id, s.latest_revision AS latest, count(r.*)::int AS n, max(r.number) AS max
       FROM scenario s JOIN scenario_revision r ON r.scenario_id = s.id
       WHERE s.team_id = $1 GROUP BY s.id`,
      [teamId],
    );
    for (const row of state.rows) {
      expect(row.n).toBe(row.latest);
      expect(row.max).toBe(row.latest);
    }
    const total = state.rows.reduce((a, r) => a + r.n, 0);
    expect(total).toBe(24 + plain.length + 1);
    expect(
      (await db.query('SELECT latest_revision FROM scenario WHERE id = $1', [foreign])).rows,
    ).toEqual([{ latest_revision: 1 }]);

    // Each revision holds what its own save sent.
    const stored = await db.query<{
      manifest: string;
      report: unknown;
      report_deflated: Buffer;
      timing: unknown;
      qos_classes: string[];
      pod_ready_at_seconds: number | null;
      error_count: number;
      manifest_sha256: string;
    }>(
      `SELECT manifest, report, report_deflated, timing, qos_classes, pod_ready_at_seconds, error_count, manifest_sha256
       FROM scenario_revision r JOIN scenario s ON s.id = r.scenario_id
       WHERE s.team_id = $1 AND r.number > 1`,
      [teamId],
    );
    for (const r of stored.rows) {
      // Stored deflated (raw DEFLATE of the JSON), the json column left empty.
      expect(r.report).toBeNull();
      const { n } = JSON.parse(inflateRawSync(r.report_deflated).toString('utf8')) as { n: number };
      expect(r.manifest).toBe(`kind: Pod # ${n}`);
      expect(r.manifest_sha256).toBe(`sha-${n}`);
      expect(r.error_count).toBe(n % 3);
      expect(r.timing).toEqual(n % 2 === 0 ? { containers: [] } : null);
      expect(r.qos_classes).toEqual(n % 2 === 0 ? ['Burstable', 'Guaranteed'] : []);
      expect(r.pod_ready_at_seconds).toBe(n % 2 === 0 ? 1.5 : null);
    }
    const done = await db.query(
      'SELECT status_code, scenario_id, revision_number FROM idempotency_key WHERE team_id = $1 AND key = $2',
      [teamId, key],
    );
    expect(done.rows).toEqual([
      {
        status_code: 201,
        scenario_id: scenarios[2],
        revision_number: keyedOutcome.kind === 'saved' ? keyedOutcome.revision.number : -1,
      },
    ]);
  });

  it("a save waiting on a held scenario row holds up no other scenario's saves", async () => {
    const [held, a, b] = await Promise.all([create(), create(), create()]);
    const blocker = new Client({ connectionString: testDatabaseUrl() });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM scenario WHERE id = $1 FOR UPDATE', [held]);
      let heldDone = false;
      const waiting = [0, 1, 2].map((n) =>
        repo.addRevision(teamId, held, rev(n)).finally(() => {
          heldDone = true;
        }),
      );
      const others = await Promise.all(
        [a, b, a, b, a, b].map((id, n) => repo.addRevision(teamId, id, rev(n))),
      );
      expect(others.map((o) => o.kind)).toEqual(Array(6).fill('saved'));
      expect(heldDone).toBe(false);
      await blocker.query('COMMIT');
      const outcomes = await Promise.all(waiting);
      expect(outcomes.map((o) => (o.kind === 'saved' ? o.revision.number : o.kind)).sort()).toEqual(
        [2, 3, 4],
      );
    } finally {
      await blocker.end();
    }
  });
});
