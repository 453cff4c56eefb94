import { Field, Float, InputType, Int } from '@nestjs/graphql';

@InputType({ description: 'A cluster dump and the options of its fleet report.' })
export class CreateFleetReportInput {
  @Field(() => String, {
    description:
      'The dump: `kubectl get pods,deployments,statefulsets,daemonsets,jobs,cronjobs -A -o yaml` output (a List), or YAML documents. Larger dumps (up to 100 MiB): POST /v1/fleet-reports streams them.',
  })
  dump!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A name for the upload (diagnostics cite it).',
  })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Target cluster version, 1.28 .. newest.' })
  kubernetesVersion?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Labels naming the owning team, first set wins (default team, app.kubernetes.io/part-of).',
  })
  teamLabels?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Nodes a DaemonSet runs on (default 3).' })
  nodes?: number | null;

  @Field(() => Float, { nullable: true, description: 'Price per vCPU-hour (default 0.021811).' })
  cpuPrice?: number | null;

  @Field(() => Float, { nullable: true, description: 'Price per GiB-hour (default 0.002923).' })
  memoryPrice?: number | null;

  @Field(() => Float, { nullable: true, description: 'Hours per month (default 730).' })
  hours?: number | null;

  @Field(() => String, { nullable: true, description: 'Currency label (default USD).' })
  currency?: string | null;
}
