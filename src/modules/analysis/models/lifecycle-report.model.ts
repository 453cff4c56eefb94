import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ContainerRole } from './enums';
import type * as engine from '../../../engine';
import { enumFromUnion } from './enum-from-union';

export const TimelineEventType = enumFromUnion<engine.TimelineEventType>()({
  CONTAINER_STARTED: 'CONTAINER_STARTED',
  STARTUP_PROBE_SUCCEEDED: 'STARTUP_PROBE_SUCCEEDED',
  CONTAINER_READY: 'CONTAINER_READY',
  CONTAINER_EXITED: 'CONTAINER_EXITED',
  POD_INITIALIZED: 'POD_INITIALIZED',
  POD_READY: 'POD_READY',
  TERMINATION_STARTED: 'TERMINATION_STARTED',
  PRESTOP_STARTED: 'PRESTOP_STARTED',
  PRESTOP_FINISHED: 'PRESTOP_FINISHED',
  SIGTERM_SENT: 'SIGTERM_SENT',
  SIGKILL_SENT: 'SIGKILL_SENT',
  POD_TERMINATED: 'POD_TERMINATED',
});
export type TimelineEventType = engine.TimelineEventType;
registerEnumType(TimelineEventType, {
  name: 'TimelineEventType',
  description: 'What happened at a point of a timeline.',
  valuesMap: {
    CONTAINER_STARTED: { description: "The container's process is running." },
    STARTUP_PROBE_SUCCEEDED: { description: 'The startup probe passed.' },
    CONTAINER_READY: { description: 'The readiness probe passed (or the container has none).' },
    CONTAINER_EXITED: { description: 'The container exited.' },
    POD_INITIALIZED: {
      description:
        'Every init container has exited 0 and every sidecar is started: the pod is Initialized.',
    },
    POD_READY: { description: 'Every sidecar and app container is ready: the pod is Ready.' },
    TERMINATION_STARTED: { description: 'The pod was deleted (or a Job pod is being stopped).' },
    PRESTOP_STARTED: { description: 'A preStop hook started.' },
    PRESTOP_FINISHED: { description: 'A preStop hook finished.' },
    SIGTERM_SENT: {
      description: 'The stop signal was sent (SIGTERM unless the container configures another).',
    },
    SIGKILL_SENT: { description: 'The grace period ran out: SIGKILL.' },
    POD_TERMINATED: { description: 'Every container has exited.' },
  },
});

export const AssumptionSource = enumFromUnion<engine.AssumptionSource>()({
  INPUT: 'INPUT',
  DEFAULT: 'DEFAULT',
  SPEC: 'SPEC',
});
export type AssumptionSource = engine.AssumptionSource;
registerEnumType(AssumptionSource, {
  name: 'AssumptionSource',
  description:
    "Where an assumed duration came from: the request's timing input, the documented default, or the spec (a sleep action, terminationGracePeriodSeconds).",
  valuesMap: {
    INPUT: { description: "From the request's timing input." },
    DEFAULT: { description: 'The documented default.' },
    SPEC: {
      description:
        'What the spec says (a sleep action, a sleep-only exec hook, terminationGracePeriodSeconds).',
    },
  },
});

@ObjectType({ description: 'One event of a simulated timeline.' })
export class TimelineEvent implements engine.TimelineEvent {
  @Field(() => Float, {
    description:
      "Seconds from the timeline's start (start-up: the first container start; termination: the deletion).",
  })
  atSeconds!: number;

  @Field(() => String, { nullable: true, description: 'null for pod-level events.' })
  container!: string | null;

  @Field(() => TimelineEventType, { description: 'The kind of event.' })
  type!: TimelineEventType;

  @Field(() => String, {
    description:
      'What happened, in words (the probe, the signal, the exit code and whether it is expected).',
    nullable: true,
  })
  detail!: string | null;
}

@ObjectType({
  description:
    'The timing used for one container, echoed so every number of the timeline can be traced.',
})
export class ContainerAssumptions implements engine.ContainerAssumptions {
  @Field({ description: 'The container these assumptions are for.' })
  name!: string;

  @Field(() => ContainerRole, { description: 'What the container is to the kubelet.' })
  role!: ContainerRole;

  @Field(() => Float, { description: 'Seconds from container start until its process runs.' })
  startSeconds!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Regular init containers and a Job's app containers only.",
  })
  runSeconds!: number | null;

  @Field(() => Float, {
    description: "How long the postStart hook runs (it holds the container's start).",
    nullable: true,
  })
  postStartSeconds!: number | null;

  @Field(() => AssumptionSource, {
    description: 'Where postStartSeconds came from.',
    nullable: true,
  })
  postStartSource!: AssumptionSource | null;

  @Field(() => Float, {
    description: 'How long the preStop hook runs at termination.',
    nullable: true,
  })
  preStopSeconds!: number | null;

  @Field(() => AssumptionSource, { description: 'Where preStopSeconds came from.', nullable: true })
  preStopSource!: AssumptionSource | null;

  @Field(() => Float, { description: 'Seconds the container needs to exit after SIGTERM.' })
  shutdownSeconds!: number;

  @Field(() => Float, {
    description: 'Seconds from process start until the startup probe would first succeed.',
  })
  startupProbeSucceedsAfterSeconds!: number;

  @Field(() => Float, {
    description: 'Seconds from process start until the readiness probe would first succeed.',
  })
  readinessProbeSucceedsAfterSeconds!: number;

  @Field(() => Int, {
    description:
      "Exit code assumed for a regular init container or a Job's app container (default 0).",
  })
  exitCode!: number;

  @Field(() => Int, {
    description:
      'Exit code after the stop signal, before SIGKILL (default 128 + the signal number: 143 for SIGTERM).',
  })
  sigtermExitCode!: number;
}

@ObjectType({
  description:
    'The timing assumptions the simulation used (documented defaults unless the request gave others).',
})
export class LifecycleAssumptions implements engine.LifecycleAssumptions {
  @Field(() => Float, {
    description: 'Seconds from container start until its process runs (default 1).',
  })
  defaultStartSeconds!: number;

  @Field(() => Float, {
    description: "Seconds a regular init container or a Job's app container runs (default 5).",
  })
  defaultRunSeconds!: number;

  @Field(() => Float, {
    description: 'Seconds a container needs to exit after SIGTERM (default 1).',
  })
  defaultShutdownSeconds!: number;

  @Field(() => Float, {
    description:
      'The grace period the termination used, in seconds (a Float: Kubernetes allows an int64, beyond GraphQL Int).',
  })
  terminationGracePeriodSeconds!: number;

  @Field(() => String, { description: 'SPEC, DELETION_GRACE_PERIOD or DEFAULT (30 s).' })
  terminationGracePeriodSource!: engine.LifecycleAssumptions['terminationGracePeriodSource'];

  @Field(() => [ContainerAssumptions], {
    description: 'The timing assumed for each container, and where each value came from.',
  })
  containers!: ContainerAssumptions[];
}

@ObjectType({
  description:
    'Something in the timeline a person must know: a probe budget exceeded, a Job that never completes, ...',
})
export class LifecycleWarning implements engine.LifecycleWarning {
  @Field(() => String, {
    description:
      'STARTUP_PROBE_BUDGET_EXCEEDED, INIT_CONTAINER_FAILS, APP_CONTAINER_FAILS, SIDECAR_NEVER_STARTS, SIDECAR_DROPPED_BY_VERSION, INITIALIZATION_HANGS, LEGACY_SIDECAR_BLOCKS_JOB_COMPLETION, TERMINATION_SIGKILL, POD_NEVER_READY.',
  })
  code!: engine.LifecycleWarningCode;

  @Field(() => String, {
    nullable: true,
    description: 'The container the warning is about; null for the whole pod.',
  })
  container!: string | null;

  @Field({ description: 'What a person must know, in one sentence.' })
  message!: string;
}

@ObjectType({
  description: 'The latest a container may become started/ready before the kubelet kills it.',
})
export class WorstCaseContainer implements engine.WorstCaseContainer {
  @Field({ description: 'Container name.' })
  name!: string;

  @Field(() => ContainerRole, { description: 'What the container is to the kubelet.' })
  role!: ContainerRole;

  @Field(() => Float, {
    nullable: true,
    description: 'initialDelaySeconds + failureThreshold × periodSeconds of the startup probe.',
  })
  startupProbeBudgetSeconds!: number | null;

  @Field(() => Float, {
    description:
      'The latest the container counts as started (for a regular init container: has exited 0).',
    nullable: true,
  })
  latestStartedAtSeconds!: number | null;

  @Field(() => Float, { description: 'The latest the container becomes ready.', nullable: true })
  latestReadyAtSeconds!: number | null;
}

@ObjectType({
  description:
    'Worst case within the probe budgets: every container succeeds at the last moment it may.',
})
export class WorstCase implements engine.WorstCase {
  @Field(() => Float, {
    description: 'The latest the pod becomes Initialized within the probe budgets.',
    nullable: true,
  })
  podInitializedAtSeconds!: number | null;

  @Field(() => Float, {
    description: 'The latest the pod becomes Ready within the probe budgets.',
    nullable: true,
  })
  podReadyAtSeconds!: number | null;

  @Field(() => [WorstCaseContainer], {
    description:
      'Per container: its startup-probe budget and the latest it can be started and ready.',
  })
  containers!: WorstCaseContainer[];
}

@ObjectType({ description: 'How a Job (or CronJob) pod runs to completion, or why it never does.' })
export class JobCompletion implements engine.JobCompletion {
  @Field(() => Float, {
    nullable: true,
    description: 'Seconds from pod start until Succeeded or Failed; null when it never completes.',
  })
  completesAtSeconds!: number | null;

  @Field({
    description:
      'True when something (a legacy sidecar, an app that never exits) keeps the pod running forever.',
  })
  neverCompletes!: boolean;

  @Field({ description: 'How the pod completes, or why it never does.' })
  reason!: string;

  @Field(() => String, {
    description: 'Succeeded or Failed; Running or Pending when it never completes.',
  })
  phase!: engine.JobCompletion['phase'];

  @Field(() => [String], {
    description: "App containers doing a sidecar's job (they keep the pod running).",
  })
  legacySidecars!: string[];

  @Field(() => [String], {
    description: 'Legacy sidecars the app stops itself (/quitquitquit and similar).',
  })
  stoppedByApp!: string[];

  @Field(() => [TimelineEvent], {
    description:
      "The run to completion: app containers exiting, sidecars stopped after them, the pod's end.",
  })
  events!: TimelineEvent[];
}

@ObjectType({ description: "The kubelet's next actions for a live pod (computePodActions)." })
export class PodActions implements engine.PodActions {
  @Field({
    description:
      'True when the kubelet kills every container of the pod (before recreating its sandbox, or because the pod is done).',
  })
  killPod!: boolean;

  @Field({
    description: 'True when the kubelet (re)creates the pod sandbox and starts the pod over.',
  })
  createSandbox!: boolean;

  @Field(() => [Int], { description: 'Indexes into spec.initContainers, in start order.' })
  initContainersToStart!: number[];

  @Field(() => [Int], { description: 'Indexes into spec.containers.' })
  containersToStart!: number[];

  @Field(() => [String], { description: 'Names of the containers the kubelet kills.' })
  containersToKill!: string[];
}

@ObjectType({ description: 'A container of a live pod as its status shows it.' })
export class LivePodContainer implements engine.LivePodContainerView {
  @Field({ description: 'Container name (from the spec).' })
  name!: string;

  @Field(() => ContainerRole, { description: 'What the container is to the kubelet.' })
  role!: ContainerRole;

  @Field(() => String, { description: 'running, terminated, waiting or none.' })
  state!: engine.LivePodContainerView['state'];

  @Field(() => Boolean, {
    nullable: true,
    description: 'status ready; null when the status does not say.',
  })
  ready!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'status started (the startup probe passed); null when the status does not say.',
  })
  started!: boolean | null;

  @Field(() => Int, { description: 'status restartCount (0 when absent).' })
  restartCount!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Exit code of the terminated state; null unless terminated.',
  })
  exitCode!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The runtime's reason for a waiting or terminated state (CrashLoopBackOff, OOMKilled, Completed, ...); null when none.",
  })
  reason!: string | null;
}

@ObjectType({
  description:
    'What the kubelet makes of a live pod (a Pod with a status, as kubectl get pod -o yaml prints it).',
})
export class LivePodView implements engine.LivePodView {
  @Field(() => String, { description: 'The phase getPhase computes from the statuses.' })
  phase!: engine.LivePodView['phase'];

  @Field(() => String, { nullable: true, description: 'The phase the status reported.' })
  reportedPhase!: string | null;

  @Field({ description: 'Whether the pod is Initialized as the kubelet computes it.' })
  initialized!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The init container initialisation waits on.',
  })
  waitingOn!: string | null;

  @Field(() => String, {
    description: 'Why initialisation waits on that container.',
    nullable: true,
  })
  waitingReason!: string | null;

  @Field(() => PodActions, { description: 'What computePodActions decides for the pod now.' })
  actions!: PodActions;

  @Field(() => [String], { description: 'What the kubelet will do next, in words.' })
  nextSteps!: string[];

  @Field(() => [LivePodContainer], {
    description:
      'Every container of the spec (init containers first, in declaration order) with its status.',
  })
  containers!: LivePodContainer[];

  /** The statuses as the kubelet reads them: not a GraphQL field (containers shows them). */
  runtime!: engine.PodRuntime;
}

@ObjectType({
  description: 'How the pod starts and stops, simulated in the order the kubelet follows.',
})
export class LifecycleReport implements engine.LifecycleReport {
  @Field(() => [TimelineEvent], {
    description:
      'Simulated start-up: init containers in order, sidecars gating on started, app containers in parallel.',
  })
  startup!: TimelineEvent[];

  @Field(() => [TimelineEvent], {
    description:
      'Simulated termination: preStop hooks, app containers, then sidecars in reverse order, grace budget, SIGKILL.',
  })
  termination!: TimelineEvent[];

  @Field(() => Float, {
    description:
      'When the pod becomes Initialized (every regular init container exited, every sidecar started); null if never.',
    nullable: true,
  })
  podInitializedAtSeconds!: number | null;

  @Field(() => Float, {
    description:
      'When the pod becomes Ready (every sidecar and app container ready); null if never.',
    nullable: true,
  })
  podReadyAtSeconds!: number | null;

  @Field(() => Float, {
    description: 'Seconds after deletion starts until every container has exited.',
    nullable: true,
  })
  terminationCompletesAtSeconds!: number | null;

  @Field(() => Float, {
    description:
      'The grace period the termination used, in seconds (a Float: Kubernetes allows an int64, beyond GraphQL Int).',
  })
  terminationGracePeriodSeconds!: number;

  @Field(() => JobCompletion, {
    nullable: true,
    description: 'For Jobs and CronJobs: the run to completion.',
  })
  job!: JobCompletion | null;

  @Field(() => Float, {
    description:
      'For Jobs: seconds from pod start until the pod Succeeds or Fails; null when it never completes.',
    nullable: true,
  })
  jobCompletesAtSeconds!: number | null;

  @Field(() => WorstCase, {
    description:
      'The latest each container may become started and ready within its probe budgets, and the resulting worst case.',
  })
  worstCase!: WorstCase;

  @Field(() => LifecycleAssumptions, {
    description: 'Every timing assumption the simulation used, with where it came from.',
  })
  assumptions!: LifecycleAssumptions;

  @Field(() => [LifecycleWarning], {
    description:
      'What a person must know about the timeline: probe budgets exceeded, a Job that never completes, SIGKILLs.',
  })
  warnings!: LifecycleWarning[];

  @Field(() => [String], {
    description:
      'Things the simulation decided that a reader should know (defaults substituted, version effects).',
  })
  notes!: string[];

  @Field({
    description:
      'Whether native sidecars are honoured on the target version (1.28 drops restartPolicy on init containers).',
  })
  sidecarsHonoured!: boolean;

  @Field(() => LivePodView, {
    nullable: true,
    description:
      "The kubelet's view of a live pod; null unless the manifest is a Pod with a status.",
  })
  livePod!: LivePodView | null;

  @Field({
    description: 'Mermaid gantt text of the start-up (and, for Jobs, the run to completion).',
  })
  mermaid!: string;

  @Field({ description: 'Mermaid gantt text of the termination.' })
  mermaidTermination!: string;

  @Field({
    description:
      'A standalone SVG with both timelines: one lane per container, probe windows, SIGTERM/SIGKILL marks.',
  })
  svg!: string;
}
