// The parts of the GraphQL report the web view reads (src/schema.gql is the contract).
export type Severity = 'ERROR' | 'WARNING' | 'INFO';
export type Role = 'INIT' | 'SIDECAR' | 'APP';

export interface Quantity {
  resource: string;
  quantity: string;
  value?: string;
}
export interface Amount {
  quantity: string;
}
export interface TimelineEvent {
  atSeconds: number;
  container: string | null;
  type: string;
  detail: string | null;
}
export interface Diagnostic {
  severity: Severity;
  reason: string;
  path: string | null;
  line: number | null;
  column: number | null;
  message: string;
  document: number | null;
}
export interface Container {
  name: string;
  role: Role;
  index: number;
  image: string | null;
  legacySidecar: boolean;
  pattern: string | null;
  path: string;
  [extra: string]: unknown;
}
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string | null;
  line: number | null;
  column: number | null;
  container: string | null;
  remediation: string;
  docsUrl: string | null;
  fixedManifest?: string | null;
  [extra: string]: unknown;
}
/** A finding exempted by a `sidecar-lens.io/ignore-<rule-id>` annotation, with the reason given. */
export interface SuppressedFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string | null;
  line: number | null;
  column: number | null;
  container: string | null;
  docsUrl: string | null;
  suppression: { annotation: string; justification: string; path: string };
}
export interface Recommendation {
  pattern: string;
  verdict: 'ADOPT' | 'RECONSIDER' | 'KEEP';
  container: string | null;
  reasons: string[];
}
export interface ContainerAssumptions {
  name: string;
  role: Role;
  startSeconds: number;
  runSeconds: number | null;
  postStartSeconds: number | null;
  postStartSource: string | null;
  preStopSeconds: number | null;
  preStopSource: string | null;
  shutdownSeconds: number;
  startupProbeSucceedsAfterSeconds: number;
  readinessProbeSucceedsAfterSeconds: number;
  exitCode: number;
}
export interface Assumptions {
  defaultStartSeconds: number;
  defaultRunSeconds: number;
  defaultShutdownSeconds: number;
  terminationGracePeriodSeconds: number;
  terminationGracePeriodSource: string;
  containers: ContainerAssumptions[];
}
export interface Lifecycle {
  podInitializedAtSeconds: number | null;
  podReadyAtSeconds: number | null;
  terminationCompletesAtSeconds: number | null;
  terminationGracePeriodSeconds: number;
  jobCompletesAtSeconds: number | null;
  sidecarsHonoured: boolean;
  notes: string[];
  startup: TimelineEvent[];
  termination: TimelineEvent[];
  job: {
    phase: string;
    reason: string;
    neverCompletes: boolean;
    completesAtSeconds: number | null;
    legacySidecars: string[];
    stoppedByApp: string[];
    events: TimelineEvent[];
  } | null;
  warnings: { code: string; container: string | null; message: string }[];
  worstCase: {
    podInitializedAtSeconds: number | null;
    podReadyAtSeconds: number | null;
    containers: {
      name: string;
      role: Role;
      startupProbeBudgetSeconds: number | null;
      latestStartedAtSeconds: number | null;
      latestReadyAtSeconds: number | null;
    }[];
  };
  assumptions: Assumptions;
}
export interface Breakdown {
  resource: string;
  dominantPhase: 'INIT' | 'RUNNING';
  dominantInitContainer: string | null;
  sidecarsDuringDominantPhase: string[];
  explanation: string;
  runningSum: Amount | null;
  initPeak: Amount | null;
  idleWhileRunning: Amount | null;
  effective: Amount;
  overhead: Amount | null;
  podLevelOverride: Amount | null;
}
export interface Resources {
  requests: Quantity[];
  limits: Quantity[];
  unboundedLimits: string[];
  qosClass: 'GUARANTEED' | 'BURSTABLE' | 'BEST_EFFORT';
  qosExplanation: string;
  qosBasis: string;
  qosDowngradedBySidecars: string[];
  complete: boolean;
  containerQos: { container: string; role: Role; qosClass: string }[];
  defaultedRequests: { container: string; role: Role; resource: string; fromLimit: string }[];
  unboundedLimitDetails: { resource: string; explanation: string }[];
  requestBreakdown: Breakdown[];
  sidecarShare: {
    resource: string;
    percent: number;
    sidecarNames: string[];
    sidecars: Amount;
    running: Amount;
  }[];
  workloadTotals: {
    label: string;
    replicas: number;
    requests: Quantity[];
    limits: Quantity[];
  } | null;
  podLevelResources: { state: string; explanation: string };
  overhead: Quantity[];
  inputIssues: { container: string | null; field: string; message: string; path: string }[];
  phases?: Phase[];
}
export interface Phase {
  kind: 'INIT' | 'SIDECAR_START' | 'RUNNING';
  container: string | null;
  sidecars: string[];
  requests: Quantity[];
  limits: Quantity[];
  unlimited: string[];
}
export interface Workload {
  kind: string;
  name: string | null;
  namespace: string | null;
  replicas: number;
  document: number;
  containers: Container[];
  injectedSidecars: {
    injector: string;
    container: string;
    mode: string;
    annotation: string;
    message: string;
    path: string;
  }[];
  resources: Resources;
  lifecycle: Lifecycle;
  findings: Finding[];
  /** Absent in reports saved before exemptions existed. */
  suppressedFindings?: SuppressedFinding[];
  recommendations: Recommendation[];
}
export interface Report {
  kubernetesVersion: string;
  schemaVersion: number;
  diagnostics: Diagnostic[];
  workloads: Workload[];
}

/** TimingInput of the API: only what the user typed. */
export interface ContainerTiming {
  name: string;
  startSeconds?: number;
  runSeconds?: number;
  postStartSeconds?: number;
  preStopSeconds?: number;
  shutdownSeconds?: number;
  startupProbeSucceedsAfterSeconds?: number;
  readinessProbeSucceedsAfterSeconds?: number;
  exitCode?: number;
}
export interface Timing {
  defaultStartSeconds?: number;
  defaultRunSeconds?: number;
  defaultShutdownSeconds?: number;
  containers?: ContainerTiming[];
}

export interface RevisionSummary {
  id: string;
  number: number;
  createdAt: string;
  kubernetesVersion: string;
  errorCount: number;
  warningCount: number;
  manifest: string;
  changes: { field: string; before: string | null; after: string | null }[];
  report: unknown;
}
export interface ScenarioSummary {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  revisionCount: number;
  updatedAt: string;
}
