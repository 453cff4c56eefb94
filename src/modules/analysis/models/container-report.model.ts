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

@ObjectType({ description: 'One container of the pod and the role it plays.' })
export class ContainerReport implements engine.ContainerReport {
  @Field({
    description: 'Container name (empty when the manifest leaves it out; a diagnostic says so).',
  })
  name!: string;

  @Field(() => ContainerRole, {
    description: 'What the container is to the kubelet: INIT, SIDECAR or APP.',
  })
  role!: ContainerRole;

  @Field(() => Int, { description: 'Position in its own list (initContainers or containers).' })
  index!: number;

  @Field(() => String, {
    nullable: true,
    description: 'spec image; null when the manifest sets none.',
  })
  image!: string | null;

  @Field({
    description:
      "An APP container that does a sidecar's job (mesh proxy, log shipper, auth proxy, ...).",
  })
  legacySidecar!: boolean;

  @Field(() => PatternKind, {
    nullable: true,
    description: 'Which multi-container pattern this container serves, when recognised.',
  })
  pattern!: PatternKind | null;

  @Field({
    description:
      "Field path of the container from the object's root: spec.template.spec.initContainers[1].",
  })
  path!: string;

  @Field(() => ClassificationConfidence, {
    description:
      'How sure the role / helper / legacy-sidecar decision is; an ERROR finding about the container needs CERTAIN.',
  })
  confidence!: ClassificationConfidence;

  @Field(() => [ClassificationEvidence], {
    description:
      'What the classification rests on: restartPolicy, a known image, an injector annotation, the command, a shared volume, a localhost-only port, a name hint.',
  })
  evidence!: ClassificationEvidence[];

  @Field(() => RecognisedHelper, {
    nullable: true,
    description: engineDoc<engine.ContainerReport>('ContainerReport', 'helper'),
  })
  helper!: RecognisedHelper | null;
}
