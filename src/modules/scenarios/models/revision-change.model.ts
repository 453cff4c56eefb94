import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One thing that differs between a revision and the previous one.' })
export class RevisionChange {
  @Field(() => String, {
    description:
      'Stable path of what changed: workloads[Deployment/checkout].resources.requests.cpu, workloads[Job/migrate].lifecycle.podReadyAtSeconds, workloads[Pod/web].findings[sidecar-requests-missing/istio-proxy], workloads[Pod/web].containers[istio-proxy].role.',
  })
  field!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The value in the previous revision; null when it was absent (added).',
  })
  before!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The value in this revision; null when it is absent now (removed).',
  })
  after!: string | null;
}
