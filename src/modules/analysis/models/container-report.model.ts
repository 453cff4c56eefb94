import { Field, Int, ObjectType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { engineDoc } from './engine-doc';
import {
  ClassificationConfidence,
  ClassificationEvidenceKind,
  ContainerRole,
  PatternKind,
} from './enums';

@ObjectType({ description: 'One fact a container classification rests on.' })
export class ClassificationEvidence {
  @Field(() => ClassificationEvidenceKind, { description: 'What kind of fact.' })
  kind!: ClassificationEvidenceKind;

  @Field({ description: 'The fact, in words a user can check against the manifest.' })
  detail!: string;
}

@ObjectType({ description: engineDoc('RecognisedHelper') })
export class RecognisedHelper implements engine.RecognisedHelper {
  @Field({ description: engineDoc<engine.RecognisedHelper>('RecognisedHelper', 'id') })
  id!: string;

  @Field({ description: engineDoc<engine.RecognisedHelper>('RecognisedHelper', 'product') })
  product!: string;
}

@ObjectType({ description: engineDoc('ContainerReport') })
export class ContainerReport implements engine.ContainerReport {
  @Field({
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'name'),
  })
  name!: string;

  @Field(() => ContainerRole, {
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'role'),
  })
  role!: ContainerRole;

  @Field(() => Int, { description: engineDoc<engine.ContainerReport>('ContainerReport', 'index') })
  index!: number;

  @Field(() => String, {
    nullable: true,
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'image'),
  })
  image!: string | null;

  @Field({
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'legacySidecar'),
  })
  legacySidecar!: boolean;

  @Field(() => PatternKind, {
    nullable: true,
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'pattern'),
  })
  pattern!: PatternKind | null;

  @Field({
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'path'),
  })
  path!: string;

  @Field(() => ClassificationConfidence, {
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'confidence'),
  })
  confidence!: ClassificationConfidence;

  @Field(() => [ClassificationEvidence], {
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'evidence'),
  })
  evidence!: ClassificationEvidence[];

  @Field(() => RecognisedHelper, {
    nullable: true,
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'helper'),
  })
  helper!: RecognisedHelper | null;
}
