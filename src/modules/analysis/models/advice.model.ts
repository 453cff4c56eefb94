import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PatternKind, Severity } from './enums';
import type * as engine from '../../../engine';
import { engineDoc } from './engine-doc';
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

@ObjectType({ description: engineDoc('Finding') })
export class Finding implements engine.Finding {
  @Field({ description: engineDoc<engine.Finding>('Finding', 'ruleId') })
  ruleId!: string;

  @Field(() => Severity, {
    description: engineDoc<engine.Finding>('Finding', 'severity'),
  })
  severity!: Severity;

  @Field({ description: engineDoc<engine.Finding>('Finding', 'message') })
  message!: string;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.Finding>('Finding', 'path'),
  })
  path!: string;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.Finding>('Finding', 'container'),
  })
  container!: string | null;

  @Field({ description: engineDoc<engine.Finding>('Finding', 'remediation') })
  remediation!: string;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.Finding>('Finding', 'docsUrl'),
  })
  docsUrl!: string;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.Finding>('Finding', 'fixedManifest'),
  })
  fixedManifest!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: engineDoc<engine.Finding>('Finding', 'line'),
  })
  line!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: engineDoc<engine.Finding>('Finding', 'column'),
  })
  column!: number | null;
}

@ObjectType({ description: engineDoc('Recommendation') })
export class Recommendation implements engine.Recommendation {
  @Field(() => PatternKind, {
    description: engineDoc<engine.Recommendation>('Recommendation', 'pattern'),
  })
  pattern!: PatternKind;

  @Field(() => RecommendationVerdict, {
    description: engineDoc<engine.Recommendation>('Recommendation', 'verdict'),
  })
  verdict!: RecommendationVerdict;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.Recommendation>('Recommendation', 'container'),
  })
  container!: string | null;

  @Field(() => [String], {
    description: engineDoc<engine.Recommendation>('Recommendation', 'reasons'),
  })
  reasons!: string[];
}

@ObjectType({
  description: engineDoc('InjectedSidecar'),
})
export class InjectedSidecar implements engine.InjectedSidecar {
  @Field({
    description: engineDoc<engine.InjectedSidecar>('InjectedSidecar', 'injector'),
  })
  injector!: string;

  @Field({ description: engineDoc<engine.InjectedSidecar>('InjectedSidecar', 'container') })
  container!: string;

  @Field(() => InjectionMode, {
    description: engineDoc<engine.InjectedSidecar>('InjectedSidecar', 'mode'),
  })
  mode!: InjectionMode;

  @Field({ description: engineDoc<engine.InjectedSidecar>('InjectedSidecar', 'annotation') })
  annotation!: string;

  @Field({ description: engineDoc<engine.InjectedSidecar>('InjectedSidecar', 'path') })
  path!: string;

  @Field({
    description: engineDoc<engine.InjectedSidecar>('InjectedSidecar', 'runsToCompletion'),
  })
  runsToCompletion!: boolean;

  @Field(() => [String], {
    description: engineDoc<engine.InjectedSidecar>('InjectedSidecar', 'effects'),
  })
  effects!: string[];

  @Field({
    description: engineDoc<engine.InjectedSidecar>('InjectedSidecar', 'message'),
  })
  message!: string;
}

@ObjectType({ description: 'A multi-container pattern, with when to use it and when not.' })
export class SidecarPattern implements engine.SidecarPattern {
  @Field(() => PatternKind, {
    description: 'The pattern.',
  })
  kind!: PatternKind;

  @Field({ description: 'What the pattern is, in one sentence.' })
  summary!: string;

  @Field(() => [String], {
    description: 'Signs that the pattern is the right tool.',
  })
  useWhen!: string[];

  @Field(() => [String], {
    description: 'Signs that another design fits better.',
  })
  avoidWhen!: string[];
}

@ObjectType({ description: engineDoc('RuleInfo') })
export class Rule implements engine.RuleInfo {
  @Field({ description: engineDoc<engine.RuleInfo>('RuleInfo', 'id') })
  id!: string;

  @Field(() => Severity, { description: engineDoc<engine.RuleInfo>('RuleInfo', 'severity') })
  severity!: Severity;

  @Field({ description: engineDoc<engine.RuleInfo>('RuleInfo', 'title') })
  title!: string;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.RuleInfo>('RuleInfo', 'docsUrl'),
  })
  docsUrl!: string;

  @Field({ description: engineDoc<engine.RuleInfo>('RuleInfo', 'category') })
  category!: string;

  @Field({ description: engineDoc<engine.RuleInfo>('RuleInfo', 'rationale') })
  rationale!: string;

  @Field({ description: engineDoc<engine.RuleInfo>('RuleInfo', 'remediation') })
  remediation!: string;

  @Field({ description: engineDoc<engine.RuleInfo>('RuleInfo', 'fixable') })
  fixable!: boolean;

  @Field({
    description: engineDoc<engine.RuleInfo>('RuleInfo', 'basis'),
  })
  basis!: string;
}

@ObjectType({
  description: engineDoc('Suppression'),
})
export class Suppression implements engine.Suppression {
  @Field({ description: engineDoc<engine.Suppression>('Suppression', 'annotation') })
  annotation!: string;

  @Field({ description: engineDoc<engine.Suppression>('Suppression', 'justification') })
  justification!: string;

  @Field({ description: engineDoc<engine.Suppression>('Suppression', 'path') })
  path!: string;
}

@ObjectType({
  description: engineDoc('SuppressedFinding'),
})
export class SuppressedFinding extends Finding implements engine.SuppressedFinding {
  @Field(() => Suppression, {
    description: engineDoc<engine.SuppressedFinding>('SuppressedFinding', 'suppression'),
  })
  suppression!: Suppression;
}
