import { Module } from '@nestjs/common';
import { AnalysisController } from './analysis.controller';
import { AnalysisPool } from './analysis-pool';
import { AnalysisResolver } from './analysis.resolver';
import { AnalysisService } from './analysis.service';

@Module({
  controllers: [AnalysisController],
  providers: [AnalysisPool, AnalysisService, AnalysisResolver],
  exports: [AnalysisService],
})
export class AnalysisModule {}
