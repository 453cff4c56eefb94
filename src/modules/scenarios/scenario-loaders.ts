import DataLoader from 'dataloader';
import type { ScenarioRepository } from './scenario.repository';
import type { RevisionBody, RevisionKey, RevisionRecord } from './scenario.types';

const keyOf = (k: RevisionKey): string => `${k.scenarioId}:${k.number}`;

/**
 * Per-request batching: however many scenarios a list shows, their latest revisions are one
 * query and their reports (and the previous reports for `changes`) one more (no N+1).
 */
export class ScenarioLoaders {
  readonly revisions: DataLoader<RevisionKey, RevisionRecord | null, string>;
  readonly bodies: DataLoader<RevisionKey, RevisionBody | null, string>;

  constructor(repo: ScenarioRepository, teamId: () => Promise<string>) {
    this.revisions = new DataLoader(
      async (keys) => {
        const rows = await repo.findRevisions(await teamId(), keys);
        const byKey = new Map(rows.map((r) => [keyOf(r), r]));
        return keys.map((k) => byKey.get(keyOf(k)) ?? null);
      },
      { cacheKeyFn: keyOf, maxBatchSize: 500 },
    );
    this.bodies = new DataLoader(
      async (keys) => {
        const rows = await repo.findRevisionBodies(await teamId(), keys);
        const byKey = new Map(rows.map((r) => [keyOf(r), r]));
        return keys.map((k) => byKey.get(keyOf(k)) ?? null);
      },
      { cacheKeyFn: keyOf, maxBatchSize: 500 },
    );
  }
}
