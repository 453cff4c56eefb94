// Types of the lifecycle simulation. TimelineEvent, TimelineEventType, TimingInput and
// ContainerTimingInput are the GraphQL contract's (test/contract/api-contract.graphql); everything else
// is an addition the contract allows.

import type { ContainerRole } from '../report';

/** The contract's TimelineEventType enum. */
export type TimelineEventType =
  | 'CONTAINER_STARTED'
  | 'STARTUP_PROBE_SUCCEEDED'
  | 'CONTAINER_READY'
  | 'CONTAINER_EXITED'
  | 'POD_INITIALIZED'
  | 'POD_READY'
  | 'TERMINATION_STARTED'
  | 'PRESTOP_STARTED'
  | 'PRESTOP_FINISHED'
  | 'SIGTERM_SENT'
  | 'SIGKILL_SENT'
  | 'POD_TERMINATED';

export interface TimelineEvent {
  atSeconds: number;
  /** null for pod-level events. */
  container: string | null;
  type: TimelineEventType;
  detail: string | null;
}

/** Per-container timing assumptions (the contract's ContainerTimingInput, plus extensions). */
export interface ContainerTimingInput {
  name: string;
  startSeconds?: number | null;
  runSeconds?: number | null;
  preStopSeconds?: number | null;
  shutdownSeconds?: number | null;
  /** Seconds until the startup probe first succeeds, counted from process start. */
  startupProbeSucceedsAfterSeconds?: number | null;
  /** Extension: how long the postStart hook runs. */
  postStartSeconds?: number | null;
  /** Extension: seconds from process start until the readiness probe first succeeds. */
  readinessProbeSucceedsAfterSeconds?: number | null;
  /** Extension: exit code of a regular init container or of a Job's app container (default 0). */
  exitCode?: number | null;
  /**
   * Extension: the exit code once the container exits after its stop signal (SIGTERM, or
   * lifecycle.stopSignal), before SIGKILL. Default 128 + the signal's number (143 for SIGTERM):
   * the process does not handle the signal. 0 for an app that handles SIGTERM and exits cleanly.
   */
  sigtermExitCode?: number | null;
}

/** The contract's TimingInput. */
export interface TimingInput {
  defaultStartSeconds?: number | null;
  defaultRunSeconds?: number | null;
  defaultShutdownSeconds?: number | null;
  containers?: ContainerTimingInput[] | null;
}

/** Where an assumed duration came from. */
export type AssumptionSource = 'INPUT' | 'DEFAULT' | 'SPEC';

/** The timing actually used for one container, echoed in the report. */
export interface ContainerAssumptions {
  name: string;
  role: ContainerRole;
  startSeconds: number;
  /** Regular init containers and a Job's app containers only; null where the container runs until stopped. */
  runSeconds: number | null;
  postStartSeconds: number | null;
  postStartSource: AssumptionSource | null;
  preStopSeconds: number | null;
  preStopSource: AssumptionSource | null;
  shutdownSeconds: number;
  startupProbeSucceedsAfterSeconds: number;
  readinessProbeSucceedsAfterSeconds: number;
  exitCode: number;
  /** Exit code after the stop signal (SIGKILL gives 137 instead). */
  sigtermExitCode: number;
}

export interface LifecycleAssumptions {
  defaultStartSeconds: number;
  defaultRunSeconds: number;
  defaultShutdownSeconds: number;
  terminationGracePeriodSeconds: number;
  /** Where the grace period came from: the spec, metadata.deletionGracePeriodSeconds, or the API default. */
  terminationGracePeriodSource: 'SPEC' | 'DELETION_GRACE_PERIOD' | 'DEFAULT';
  containers: ContainerAssumptions[];
}

/** A finding-like warning; the rules engine turns these into findings. */
export type LifecycleWarningCode =
  | 'STARTUP_PROBE_BUDGET_EXCEEDED'
  | 'INIT_CONTAINER_FAILS'
  | 'APP_CONTAINER_FAILS'
  | 'SIDECAR_NEVER_STARTS'
  | 'SIDECAR_DROPPED_BY_VERSION'
  | 'INITIALIZATION_HANGS'
  | 'LEGACY_SIDECAR_BLOCKS_JOB_COMPLETION'
  | 'TERMINATION_SIGKILL'
  | 'POD_NEVER_READY';

export interface LifecycleWarning {
  code: LifecycleWarningCode;
  /** null when the warning is about the pod as a whole. */
  container: string | null;
  message: string;
}

/** Worst case within the probe budgets: every container succeeds at the last moment it may. */
export interface WorstCaseContainer {
  name: string;
  role: ContainerRole;
  /** The startup-probe budget (initialDelaySeconds + failureThreshold × periodSeconds), null without a startup probe. */
  startupProbeBudgetSeconds: number | null;
  /** For a regular init container: when it has exited 0 (the next one may start). */
  latestStartedAtSeconds: number | null;
  latestReadyAtSeconds: number | null;
}

export interface WorstCase {
  podInitializedAtSeconds: number | null;
  podReadyAtSeconds: number | null;
  containers: WorstCaseContainer[];
}

/** Run to completion of a Job (or CronJob) pod (kubelet_pods.go getPhase; docs: Jobs with sidecar containers; docs/kubernetes-behaviour.md#jobs). */
export interface JobCompletion {
  /** Seconds from pod start until the pod is Succeeded or Failed; null when it never completes. */
  completesAtSeconds: number | null;
  neverCompletes: boolean;
  /** Why it never completes, or how it completes. */
  reason: string;
  /** The pod phase at the end: Succeeded or Failed; Running or Pending when it never completes. */
  phase: 'Succeeded' | 'Failed' | 'Running' | 'Pending';
  /** Legacy sidecars (app containers doing a sidecar's job) found. */
  legacySidecars: string[];
  /** Legacy sidecars the app stops itself (/quitquitquit and similar). */
  stoppedByApp: string[];
  events: TimelineEvent[];
}

/** The kubelet's next actions for a live pod (computePodActions, kuberuntime_manager.go computeInitContainerActions; docs/kubernetes-behaviour.md#start-up). */
export interface PodActions {
  killPod: boolean;
  createSandbox: boolean;
  initContainersToStart: number[];
  containersToStart: number[];
  containersToKill: string[];
}

export type RuntimeContainerState = 'running' | 'exited' | 'created' | 'unknown';
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

export interface RuntimeContainerStatus {
  name: string;
  state: RuntimeContainerState;
  exitCode?: number | null;
  /** The runtime's reason, e.g. OOMKilled (an OOM-killed init container counts as failed). */
  reason?: string | null;
  /** The image the container runs; a running container whose image differs from the spec's has changed. */
  image?: string | null;
  /** The container's spec hash no longer matches (its definition changed): it is killed and restarted. */
  specChanged?: boolean | null;
}

/** The kubelet's view of a pod's runtime (the input shape of golden/startup.json). */
export interface PodRuntime {
  sandboxReady: boolean;
  containerStatuses: RuntimeContainerStatus[];
  probeResults: Record<string, { liveness?: ProbeResult; startup?: ProbeResult }>;
}

export interface LivePodContainerView {
  name: string;
  role: ContainerRole;
  state: 'running' | 'terminated' | 'waiting' | 'none';
  ready: boolean | null;
  started: boolean | null;
  restartCount: number;
  exitCode: number | null;
  reason: string | null;
}

/** What the kubelet makes of a live pod's status. */
export interface LivePodView {
  /** The phase getPhase computes from the statuses (pkg/kubelet/kubelet_pods.go getPhase; docs/kubernetes-behaviour.md#pod-phase). */
  phase: string;
  /** The phase the status reported, if any. */
  reportedPhase: string | null;
  initialized: boolean;
  /** The init container initialisation waits on, or null. */
  waitingOn: string | null;
  waitingReason: string | null;
  actions: PodActions;
  /** What the kubelet will do next, in words. */
  nextSteps: string[];
  runtime: PodRuntime;
  containers: LivePodContainerView[];
}

export interface LifecycleReport {
  /** Start-up, in seconds from the start of the first container (image pulls not modelled). */
  startup: TimelineEvent[];
  /** Termination of the running pod, in seconds from the moment deletion starts. */
  termination: TimelineEvent[];
  podInitializedAtSeconds: number | null;
  podReadyAtSeconds: number | null;
  /** Seconds after deletion starts until every container has exited. */
  terminationCompletesAtSeconds: number | null;
  /** The grace period the termination used. */
  terminationGracePeriodSeconds: number;
  /** For Jobs and CronJobs: the run to completion; null for other kinds. */
  job: JobCompletion | null;
  jobCompletesAtSeconds: number | null;
  worstCase: WorstCase;
  assumptions: LifecycleAssumptions;
  warnings: LifecycleWarning[];
  /** Things the simulation decided that a reader should know (defaults substituted, version effects). */
  notes: string[];
  /** Whether native sidecars are honoured on the target version (pkg/api/pod/util.go dropDisabledFields, KEP-753; docs/kubernetes-behaviour.md#validation). */
  sidecarsHonoured: boolean;
  livePod: LivePodView | null;
  /** Mermaid gantt text of the start-up (and, for Jobs, the run to completion). */
  mermaid: string;
  /** Mermaid gantt text of the termination. */
  mermaidTermination: string;
  /** A standalone SVG with both timelines: one lane per container, probe windows, SIGTERM/SIGKILL marks. */
  svg: string;
}
