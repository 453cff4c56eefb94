import { Field, InputType } from '@nestjs/graphql';
import { AnalyzeInput } from '../../analysis/dto/analyze.input';

@InputType({ description: 'A new scenario and the manifest of its first revision.' })
export class CreateScenarioInput {
  @Field(() => String, { description: 'Name, 1..200 characters.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Free text, at most 2000 characters.' })
  description?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Up to 20 distinct tags of 1..50 characters each.',
  })
  tags?: string[] | null;

  @Field(() => AnalyzeInput, { description: 'The manifest (and options) of revision 1.' })
  analysis!: AnalyzeInput;
}
