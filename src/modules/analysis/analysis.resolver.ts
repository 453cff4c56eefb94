import { Args, Query, Resolver } from '@nestjs/graphql';
import { AnalysisService } from './analysis.service';
import { AnalyzeInput, toAnalysisRequest } from './dto/analyze.input';
import { AnalysisReport } from './models/analysis-report.model';

@Resolver(() => AnalysisReport)
export class AnalysisResolver {
  constructor(private readonly analysis: AnalysisService) {}

  @Query(() => AnalysisReport, {
    description: 'Analyse manifests without saving anything. Needs no database.',
  })
  analyze(@Args('input') input: AnalyzeInput): Promise<AnalysisReport> {
    return this.analysis.analyze(toAnalysisRequest(input)) as Promise<AnalysisReport>;
  }
}
