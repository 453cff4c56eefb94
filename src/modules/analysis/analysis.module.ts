import { Module } from '@nestjs/common';
import { AnalysisController } from './analysis.controller';
import { AnalysisPool } from './analysis-pool';
import { AnalysisResolver } from './analysis.resolver';
import { AnalysisService } from './analysis.service';
import { CatalogResolver } from './catalog.resolver';

@Module({
  controllers: [AnalysisController],
  providers: [AnalysisPool, AnalysisService, AnalysisResolver, CatalogResolver],
  exports: [AnalysisService],
})
export class AnalysisModule {}
