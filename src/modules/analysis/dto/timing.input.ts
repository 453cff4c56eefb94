import { Field, Float, InputType, Int } from '@nestjs/graphql';

@InputType({ description: 'Timing assumptions for one container (by name).' })
export class ContainerTimingInput {
  @Field({ description: 'Name of a container of the pod (any role); each name at most once.' })
  name!: string;

  @Field(() => Float, {
    description: 'Seconds from container start until its process is running (image pull excluded).',
    nullable: true,
  })
  startSeconds?: number | null;

  @Field(() => Float, {
    description:
      "Seconds a regular init container (or a Job's app container) runs before it exits.",
    nullable: true,
  })
  runSeconds?: number | null;

  @Field(() => Float, { description: 'How long the preStop hook runs.', nullable: true })
  preStopSeconds?: number | null;

  @Field(() => Float, {
    description: 'Seconds the container needs to exit after SIGTERM.',
    nullable: true,
  })
  shutdownSeconds?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds until the startup probe first succeeds, counted from process start.',
  })
  startupProbeSucceedsAfterSeconds?: number | null;

  @Field(() => Float, { nullable: true, description: 'How long the postStart hook runs.' })
  postStartSeconds?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds from process start until the readiness probe first succeeds.',
  })
  readinessProbeSucceedsAfterSeconds?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Exit code of a regular init container or a Job's app container (default 0).",
  })
  exitCode?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Exit code once the container exits after its stop signal (SIGTERM, or lifecycle.stopSignal) and before SIGKILL. Default 128 + the signal number (143 for SIGTERM: the process does not handle it); 0 for an app that handles SIGTERM and exits cleanly. Used on deletion, for a probe kill and for the sidecars a finished Job stops (their codes never change the Job pod phase).',
  })
  sigtermExitCode?: number | null;
}

@InputType({
  description:
    'Assumed durations used by the timeline simulation; every field has a documented default.',
})
export class TimingInput {
  @Field(() => Float, {
    nullable: true,
    description:
      'Seconds from container start until its process is running (image pull excluded). Default 1.',
  })
  defaultStartSeconds?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Seconds a regular init container (or a Job's app container) runs before exiting 0. Default 5.",
  })
  defaultRunSeconds?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds a container needs to exit after SIGTERM. Default 1.',
  })
  defaultShutdownSeconds?: number | null;

  @Field(() => [ContainerTimingInput], {
    nullable: true,
    description:
      'Per-container timing; a container left out gets the defaults (and what its spec says, such as a preStop sleep).',
  })
  containers?: ContainerTimingInput[] | null;
}
