import { Module } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AnalysisModule } from '../analysis/analysis.module';
import { AuthModule } from '../auth/auth.module';
import { usePreloadedLatestRevision } from './preloaded-revision';
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
export class ScenariosModule implements OnApplicationBootstrap {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** The schema is built (GraphQLModule's onModuleInit) and no query has run yet. */
  onApplicationBootstrap(): void {
    usePreloadedLatestRevision(this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema);
  }
}
