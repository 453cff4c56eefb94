import { Module } from '@nestjs/common';
import { AnalysisController } from './analysis.controller';
import { AnalysisPool } from './analysis-pool';
import { AnalysisResolver } from './analysis.resolver';
import { AnalysisService } from './analysis.service';
import { DirectAnalyzeResolver } from './analyze-resolver';
import { CatalogController } from './catalog.controller';
import { CatalogResolver } from './catalog.resolver';
import { CatalogService } from './catalog.service';

@Module({
  controllers: [AnalysisController, CatalogController],
  providers: [
    AnalysisPool,
    AnalysisService,
    AnalysisResolver,
    DirectAnalyzeResolver,
    CatalogResolver,
    CatalogService,
  ],
  exports: [AnalysisService],
})
export class AnalysisModule {}
