import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { AnalysisService } from './analysis.service';
import { AnalyzeInput, toAnalysisRequest } from './dto/analyze.input';
import { selectsField } from './selection';
import { AnalysisReport } from './models/analysis-report.model';

@Resolver(() => AnalysisReport)
export class AnalysisResolver {
  constructor(private readonly analysis: AnalysisService) {}

  @Query(() => AnalysisReport, {
    description: 'Analyse manifests without saving anything. Needs no database.',
  })
  analyze(
    @Args('input', { description: 'The manifest and the assumptions to analyse it under.' })
    input: AnalyzeInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AnalysisReport> {
    // Fixed manifests cost more than the rest of a small analysis: only when asked for.
    const request = {
      ...toAnalysisRequest(input),
      includeFixes: selectsField(info, 'fixedManifest'),
    };
    return this.analysis.analyze(request, 'input');
  }
}
