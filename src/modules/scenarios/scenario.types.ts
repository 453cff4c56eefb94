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
}

export interface RevisionKey {
  scenarioId: string;
  number: number;
}
