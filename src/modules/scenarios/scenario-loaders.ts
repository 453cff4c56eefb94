import DataLoader from 'dataloader';
import type { AnalysisReport } from '../../engine';
import type { Caller } from '../auth/caller';
import { preloadedLatestRevision } from './preloaded-revision';
import type { ReportChange } from './revision-diff';
import { diffReports } from './revision-diff';
import type { RevisionBody, RevisionKey, RevisionRecord } from './scenario.types';
import type { ScenarioView, ScenariosService } from './scenarios.service';
import { readStoredReport } from './stored-report';

const keyOf = (k: RevisionKey): string => `${k.scenarioId}:${k.number}`;

/**
 * Per-request batching: however many scenarios a list shows, their latest revisions are one
 * query and their reports (and the previous reports for `changes`) one more (no N+1). The
 * batches are the service's use cases (`revisionsByKeys`, `bodies`); this is the read side of a
 * GraphQL request (one per request, see `scenarioLoaders`) or of one REST call.
 */
export class ScenarioLoaders {
  readonly revisions: DataLoader<RevisionKey, RevisionRecord | null, string>;
  readonly bodies: DataLoader<RevisionKey, RevisionBody | null, string>;

  constructor(service: ScenariosService, caller: Caller) {
    this.revisions = new DataLoader((keys) => service.revisionsByKeys(caller, keys), {
      cacheKeyFn: keyOf,
      maxBatchSize: 500,
    });
    this.bodies = new DataLoader((keys) => service.bodies(caller, keys), {
      cacheKeyFn: keyOf,
      maxBatchSize: 500,
    });
  }

  async latestRevision(s: ScenarioView): Promise<RevisionRecord> {
    const preloaded = preloadedLatestRevision(s);
    if (preloaded) return preloaded;
    const rev = await this.revisions.load({ scenarioId: s.id, number: s.revisionCount });
    if (!rev) {
      // Deleted meanwhile (or a broken counter): not a client error, and never half-served.
      throw new Error(`scenario ${s.id} has no revision ${s.revisionCount}`);
    }
    return rev;
  }

  async manifest(r: RevisionRecord): Promise<string> {
    return (await this.body(r.scenarioId, r.number)).manifest;
  }

  async report(r: RevisionRecord): Promise<AnalysisReport> {
    const body = await this.body(r.scenarioId, r.number);
    return readStoredReport(body.report, body.reportSchemaVersion);
  }

  /** What differs from the previous revision (none for revision 1). */
  async changes(r: RevisionRecord): Promise<ReportChange[]> {
    if (r.number <= 1) {
      return [];
    }
    const [prev, cur] = await Promise.all([
      this.body(r.scenarioId, r.number - 1),
      this.body(r.scenarioId, r.number),
    ]);
    return diffReports(
      readStoredReport(prev.report, prev.reportSchemaVersion),
      readStoredReport(cur.report, cur.reportSchemaVersion),
    );
  }

  private async body(scenarioId: string, number: number): Promise<RevisionBody> {
    const body = await this.bodies.load({ scenarioId, number });
    if (!body) {
      throw new Error(`revision ${number} of scenario ${scenarioId} is missing`);
    }
    return body;
  }
}

const perRequest = new WeakMap<object, ScenarioLoaders>();

/** The loaders of one GraphQL request (keyed by its request object: every field resolver shares them). */
export function scenarioLoaders(
  request: object,
  service: ScenariosService,
  caller: Caller,
): ScenarioLoaders {
  let loaders = perRequest.get(request);
  if (!loaders) {
    loaders = new ScenarioLoaders(service, caller);
    perRequest.set(request, loaders);
  }
  return loaders;
}
