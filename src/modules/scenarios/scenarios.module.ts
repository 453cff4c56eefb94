import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { AuthModule } from '../auth/auth.module';
import { ScenarioRepository } from './scenario.repository';
import { ScenariosController } from './scenarios.controller';
import {
  ScenarioConnectionResolver,
  ScenarioRevisionResolver,
  ScenariosResolver,
} from './scenarios.resolver';
import { ScenariosService } from './scenarios.service';

@Module({
  imports: [AnalysisModule, AuthModule],
  controllers: [ScenariosController],
  providers: [
    ScenarioRepository,
    ScenariosService,
    ScenariosResolver,
    ScenarioRevisionResolver,
    ScenarioConnectionResolver,
  ],
})
export class ScenariosModule {}
