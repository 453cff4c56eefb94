import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { upperCaseEnumFromUnion } from '../models/enum-from-union';

export const SeverityLevel = upperCaseEnumFromUnion<engine.SeverityOverride>()({
  ERROR: 'error',
  WARNING: 'warning',
  INFO: 'info',
  OFF: 'off',
});
export type SeverityLevel = engine.SeverityOverride;
registerEnumType(SeverityLevel, {
  name: 'SeverityLevel',
  description: "A rule's severity for this request, or OFF to silence it.",
  valuesMap: {
    ERROR: { description: 'Report as ERROR.' },
    WARNING: { description: 'Report as WARNING.' },
    INFO: { description: 'Report as INFO.' },
    OFF: { description: 'Do not report this rule.' },
  },
});

@InputType({ description: "Override one rule's severity for this request." })
export class SeverityOverrideInput {
  @Field({ description: 'The rule id (see the rules query).' })
  ruleId!: string;

  @Field(() => SeverityLevel, {
    description: 'The severity the rule reports with in this request, or OFF to silence it.',
  })
  severity!: SeverityLevel;
}
