import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PatternKind, Severity } from './enums';
import type * as engine from '../../../engine';
import { enumFromUnion } from './enum-from-union';

export const RecommendationVerdict = enumFromUnion<engine.RecommendationVerdict>()({
  ADOPT: 'ADOPT',
  RECONSIDER: 'RECONSIDER',
  KEEP: 'KEEP',
});
export type RecommendationVerdict = engine.RecommendationVerdict;
registerEnumType(RecommendationVerdict, {
  name: 'RecommendationVerdict',
  description:
    'ADOPT: the pattern fits here; RECONSIDER: it costs more than it gives here; KEEP: fine as is.',
  valuesMap: {
    ADOPT: { description: 'The pattern fits here.' },
    RECONSIDER: { description: 'It costs more than it gives here.' },
    KEEP: { description: 'Fine as it is.' },
  },
});

export const InjectionMode = enumFromUnion<engine.InjectionMode>()({
  NATIVE: 'NATIVE',
  LEGACY: 'LEGACY',
  INJECTOR_DEFAULT: 'INJECTOR_DEFAULT',
});
export type InjectionMode = engine.InjectionMode;
registerEnumType(InjectionMode, {
  name: 'InjectionMode',
  description:
    'How an admission webhook will add its sidecar: as a native sidecar (init container with restartPolicy: Always), as a legacy app container, or as the injector is configured.',
  valuesMap: {
    NATIVE: {
      description: 'Injected as a native sidecar (an init container with restartPolicy: Always).',
    },
    LEGACY: { description: 'Injected as an app container (a legacy sidecar).' },
    INJECTOR_DEFAULT: { description: "Whatever the injector's own configuration says." },
  },
});

@ObjectType({ description: 'A problem found by a rule, with what to do about it.' })
export class Finding implements engine.Finding {
  @Field({ description: 'Stable rule id, kebab-case: legacy-sidecar-blocks-job-completion.' })
  ruleId!: string;

  @Field(() => Severity, {
    description: "The rule's severity, after any severityOverrides of the request.",
  })
  severity!: Severity;

  @Field({ description: 'What the rule found in this workload.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'Field path of the object it is about.' })
  path!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The container the finding is about; null for a pod-level finding.',
  })
  container!: string | null;

  @Field({ description: 'What to do, in one or two sentences.' })
  remediation!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where the rule is documented (docs/rules.md).',
  })
  docsUrl!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'A fixed manifest (YAML) for the whole document, where the rule can fix it mechanically; formatting and comments are kept.',
  })
  fixedManifest!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: '1-based line of the path in the manifest, where known.',
  })
  line!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: '1-based column of the path in the manifest, where known.',
  })
  column!: number | null;
}

@ObjectType({ description: 'Whether a multi-container pattern is the right tool here, and why.' })
export class Recommendation implements engine.Recommendation {
  @Field(() => PatternKind, {
    description: 'The multi-container pattern the recommendation is about.',
  })
  pattern!: PatternKind;

  @Field(() => RecommendationVerdict, {
    description:
      'ADOPT: the pattern fits here; RECONSIDER: it costs more than it gives here; KEEP: fine as is.',
  })
  verdict!: RecommendationVerdict;

  @Field(() => String, {
    nullable: true,
    description: 'The container it is about; null for the workload as a whole.',
  })
  container!: string | null;

  @Field(() => [String], {
    description:
      'The reasons, each tied to a criterion: cross-cutting concern, no code change possible, independent updates, resource efficiency first, latency-critical, simpler alternative exists, troubleshooting cost.',
  })
  reasons!: string[];
}

@ObjectType({
  description:
    'A sidecar a mutating admission webhook will add to this pod (it is not in the manifest yet).',
})
export class InjectedSidecar implements engine.InjectedSidecar {
  @Field({
    description:
      'Istio, Linkerd, Dapr, Consul, Kuma, Vault Agent Injector, OpenTelemetry Operator, GKE Cloud Storage FUSE, Jaeger Operator.',
  })
  injector!: string;

  @Field({ description: 'Name the injected container will have.' })
  container!: string;

  @Field(() => InjectionMode, {
    description: 'Native sidecar, legacy app container, or as the injector is configured.',
  })
  mode!: InjectionMode;

  @Field({ description: 'The annotation or label that asks for the injection, as key=value.' })
  annotation!: string;

  @Field({ description: 'Field path of that annotation or label.' })
  path!: string;

  @Field({
    description:
      'True for an init container that runs to completion before the app (OpenTelemetry auto-instrumentation), not a sidecar.',
  })
  runsToCompletion!: boolean;

  @Field(() => [String], {
    description:
      "What it changes for this pod: the init phase, the pod's resources, Job completion.",
  })
  effects!: string[];

  @Field({
    description: 'What the injection means for this pod (start order, resources, Job completion).',
  })
  message!: string;
}

@ObjectType({ description: 'A multi-container pattern, with when to use it and when not.' })
export class SidecarPattern implements engine.SidecarPattern {
  @Field(() => PatternKind, { description: 'The pattern.' })
  kind!: PatternKind;

  @Field({ description: 'What the pattern is, in one sentence.' })
  summary!: string;

  @Field(() => [String], { description: 'Signs that the pattern is the right tool.' })
  useWhen!: string[];

  @Field(() => [String], { description: 'Signs that another design fits better.' })
  avoidWhen!: string[];
}

@ObjectType({ description: 'A rule the analysis can report.' })
export class Rule implements engine.RuleInfo {
  @Field({ description: 'Stable kebab-case id.' })
  id!: string;

  @Field(() => Severity, { description: 'Default severity (overridable per request).' })
  severity!: Severity;

  @Field({ description: 'One line saying what the rule checks.' })
  title!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where the rule is documented (docs/rules.md).',
  })
  docsUrl!: string;

  @Field({ description: 'lifecycle, resources, networking, jobs, probes, ...' })
  category!: string;

  @Field({ description: 'Why it matters, grounded in Kubernetes semantics or a real user pain.' })
  rationale!: string;

  @Field({ description: 'What to do.' })
  remediation!: string;

  @Field({ description: 'Whether findings of the rule can carry a fixed manifest.' })
  fixable!: boolean;

  @Field({
    description:
      "What the rule's findings rest on: spec (the spec and Kubernetes' rules alone) or classification (which container is a helper, which command never exits). A classification finding is ERROR only when the classification is CERTAIN; otherwise it is at most WARNING (docs/rules.md, Severity policy).",
  })
  basis!: string;
}

@ObjectType({
  description:
    "Why a finding is exempted: the workload's `sidecar-lens.io/ignore-<rule-id>` annotation and its value.",
})
export class Suppression implements engine.Suppression {
  @Field({ description: 'The annotation that exempts the finding.' })
  annotation!: string;

  @Field({ description: "The annotation's value: why the rule does not apply here." })
  justification!: string;

  @Field({ description: 'Field path of the annotation, from the object root.' })
  path!: string;
}

@ObjectType({
  description:
    'A finding the workload exempts in the manifest; it never fails a pipeline and is kept for review.',
})
export class SuppressedFinding extends Finding implements engine.SuppressedFinding {
  @Field(() => Suppression, { description: 'The exemption and its reason.' })
  suppression!: Suppression;
}
