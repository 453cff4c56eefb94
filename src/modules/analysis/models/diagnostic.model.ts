import { Field, Int, ObjectType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { Severity } from './enums';

@ObjectType({
  description:
    'A problem with the input itself: YAML/JSON syntax, unknown kinds, Kubernetes API validation.',
})
export class Diagnostic implements engine.Diagnostic {
  @Field(() => Severity, {
    description:
      'ERROR: the API server would refuse it or the analysis could not read it; WARNING: accepted but probably wrong; INFO: for your information.',
  })
  severity!: Severity;

  @Field(() => String, {
    description:
      'Kubernetes StatusCause reason: FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, FieldValueForbidden, FieldValueNotFound, FieldValueTypeInvalid, or SyntaxError / UnknownKind / TooLarge for input that is not a Kubernetes object at all (plus SkippedKind, AmbiguousValue, FieldDropped for notes).',
  })
  reason!: engine.DiagnosticReason;

  @Field(() => String, {
    nullable: true,
    description:
      "Field path as the Kubernetes API server writes it, from the object's root: spec.template.spec.initContainers[0].restartPolicy",
  })
  path!: string | null;

  @Field({
    description:
      'What is wrong, in the API server\'s words where it has them ("Required value", "Invalid value: ...").',
  })
  message!: string;

  @Field(() => Int, { nullable: true, description: 'Index of the YAML document (0-based).' })
  document!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: '1-based line of the offending node, where known.',
  })
  line!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: '1-based column of the offending node, where known.',
  })
  column!: number | null;
}
