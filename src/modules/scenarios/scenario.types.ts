// Plain application types: what the repository returns and the services and transports use.
// Prisma's row types never leave scenario.repository.ts.

export interface ScenarioRecord {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  /** The atomic revision counter: the number of the latest revision, and the revision count. */
  latestRevision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A revision without its (large) manifest and report. */
export interface RevisionRecord {
  id: string;
  scenarioId: string;
  number: number;
  createdAt: Date;
  kubernetesVersion: string;
  errorCount: number;
  warningCount: number;
}

export interface RevisionBody {
  scenarioId: string;
  number: number;
  manifest: string;
  report: unknown;
  reportSchemaVersion: number;
}

export interface RevisionSummary {
  workloadCount: number;
  errorCount: number;
  warningCount: number;
  infoCount: number;
  findingCount: number;
  qosClasses: string[];
  podReadyAtSeconds: number | null;
  terminationSeconds: number | null;
  manifestSha256: string;
}

/** Everything a new revision stores. */
export interface NewRevision {
  manifest: string;
  kubernetesVersion: string;
  timing: unknown;
  report: unknown;
  reportSchemaVersion: number;
  summary: RevisionSummary;
}

export interface ScenarioListQuery {
  first: number;
  after: { createdAt: Date; id: string } | null;
  nameContains: string | null;
  tag: string | null;
  /** Read each scenario's latest revision in the same statement (when the caller shows it). */
  withLatestRevision?: boolean;
  /** Unfiltered lists only: read the team's scenario count in the same statement. */
  withTeamCount?: boolean;
}

export interface ListedPage {
  rows: ListedScenario[];
  /** The team's scenario count when `withTeamCount` was asked for, else null. */
  teamCount: number | null;
}

/** A listed scenario; `latest` is its latest revision when asked for and found. */
export interface ListedScenario extends ScenarioRecord {
  latest: RevisionRecord | null;
}

export interface RevisionKey {
  scenarioId: string;
  number: number;
}

/** A claimed Idempotency-Key: the save that completes it names it with its token. */
export interface IdempotencyClaim {
  key: string;
  token: string;
}

/** What claiming an Idempotency-Key found. */
export type IdempotencyLookup =
  /** Ours now: go on and save (the save completes the key in the same statement). */
  | { state: 'claimed'; claim: IdempotencyClaim }
  /** The key was used (within its lifetime) for another request. */
  | { state: 'reused'; operation: string }
  /** The same request is being saved by another call right now. */
  | { state: 'in-flight' }
  /** Saved before: the stored answer. */
  | { state: 'done'; statusCode: number; scenarioId: string; revisionNumber: number };

/** Options of a save: the claimed key it completes, the revision the caller expects to follow. */
export interface SaveOptions {
  claim?: IdempotencyClaim | null;
  /** Append only while the scenario's latest revision is this one. */
  expectedRevision?: number | null;
}

export type AppendOutcome =
  | { kind: 'saved'; revision: RevisionRecord }
  | { kind: 'not-found' }
  | { kind: 'conflict'; currentRevision: number }
  /** The key's claim was taken over (the call took longer than the claim's lease): nothing saved. */
  | { kind: 'claim-lost' };
