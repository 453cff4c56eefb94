import { Field, Int, ObjectType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { engineDoc } from './engine-doc';
import { Severity } from './enums';

@ObjectType({
  description: engineDoc('Diagnostic'),
})
export class Diagnostic implements engine.Diagnostic {
  @Field(() => Severity, {
    description: engineDoc<engine.Diagnostic>('Diagnostic', 'severity'),
  })
  severity!: Severity;

  @Field(() => String, {
    description: engineDoc<engine.Diagnostic>('Diagnostic', 'reason'),
  })
  reason!: engine.DiagnosticReason;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.Diagnostic>('Diagnostic', 'path'),
  })
  path!: string | null;

  @Field({
    description: engineDoc<engine.Diagnostic>('Diagnostic', 'message'),
  })
  message!: string;

  @Field(() => Int, {
    nullable: true,
    description: engineDoc<engine.Diagnostic>('Diagnostic', 'document'),
  })
  document!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: engineDoc<engine.Diagnostic>('Diagnostic', 'line'),
  })
  line!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: engineDoc<engine.Diagnostic>('Diagnostic', 'column'),
  })
  column!: number | null;
}
