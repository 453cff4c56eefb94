import { Field, InputType } from '@nestjs/graphql';
import type { AnalysisRequest } from '../analysis.service';
import { SeverityOverrideInput } from './severity-override.input';
import { TimingInput } from './timing.input';
import { SUPPORTED_VERSION_RANGE, DEFAULT_KUBERNETES_VERSION } from '../../../engine';

@InputType({ description: 'A manifest to analyse, and the assumptions to analyse it under.' })
export class AnalyzeInput {
  @Field({
    description:
      'YAML or JSON text: a Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or a List of them; several YAML documents allowed. At most 3 MiB.',
  })
  manifest!: string;

  @Field(() => String, {
    nullable: true,
    description: `Target cluster version, ${SUPPORTED_VERSION_RANGE.replace('..', ' .. ')}; rules that depend on it (sidecar feature gate, container restart rules, pod-level resources) follow it. Default: the newest supported (${DEFAULT_KUBERNETES_VERSION}).`,
  })
  kubernetesVersion?: string | null;

  @Field(() => TimingInput, {
    nullable: true,
    description:
      'Assumed durations used by the timeline simulation; every field has a documented default.',
  })
  timing?: TimingInput | null;

  @Field(() => [SeverityOverrideInput], {
    nullable: true,
    description:
      'Per-rule severity for this request (error, warning, info) or off; unknown rule ids are refused.',
  })
  severityOverrides?: SeverityOverrideInput[] | null;
}

/** The GraphQL input as the analysis service takes it (severity overrides become a map). */
export function toAnalysisRequest(input: AnalyzeInput): AnalysisRequest {
  const overrides = input.severityOverrides ?? null;
  return {
    manifest: input.manifest,
    kubernetesVersion: input.kubernetesVersion,
    timing: input.timing,
    severityOverrides:
      overrides === null ? null : Object.fromEntries(overrides.map((o) => [o.ruleId, o.severity])),
  };
}
