import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver } from '@nestjs/mercurius';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import type { GraphQLSchema } from 'graphql';
import mercurius from 'mercurius';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { formatGraphqlErrors } from './common/errors/graphql-error-formatter';
import { withPlainFieldResolvers } from './common/graphql-execution';
import { costLimitHook, graphqlValidationRules, tokenLimitHook } from './common/graphql-limits';
import {
  introspectionRules,
  suggestionsFollow,
  validateOptions,
} from './common/graphql-disclosure';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AnalysisModule } from './modules/analysis/analysis.module';
import { AuthModule } from './modules/auth/auth.module';
import { FleetModule } from './modules/fleet/fleet.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { PlaygroundModule } from './modules/playground/playground.module';
import { ScenariosModule } from './modules/scenarios/scenarios.module';
import { WebModule } from './modules/web/web.module';

/** Code-first schemas cannot describe the root types; the playground shows these. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  if (query) {
    query.description =
      "Analyse manifests without saving anything (needs no database), browse the rule and pattern catalogues, and read the caller's team's saved scenarios.";
  }
  const mutation = schema.getMutationType();
  if (mutation) {
    mutation.description = "Save scenarios and their revisions, scoped to the caller's team.";
  }
  return schema;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, logger?: PinoLogger): DynamicModule {
    const limits = {
      queryDepth: config.graphqlMaxDepth,
      maxAliases: config.graphqlMaxAliases,
      maxTokens: config.graphqlMaxTokens,
      maxCost: config.graphqlMaxCost,
    };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Fastify owns the logger (src/common/logging.ts): request ids, redaction and the access
        // line are set up there; Nest's Logger and PinoLogger write through the same instance.
        LoggerModule.forRoot({
          useExisting: true,
          pinoHttp: logger ? { logger } : { level: config.logLevel },
        }),
        DatabaseModule.forRoot(databaseUrl),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          // The committed src/schema.gql is written by `npm run schema:generate` and checked by a test.
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          graphiql: false,
          jit: 1,
          queryDepth: limits.queryDepth,
          validationRules: [...graphqlValidationRules(limits), ...introspectionRules(config)],
          graphql: { validateOptions: validateOptions(config) },
          // The token limit before parsing, the cost limit before execution: each computed once per
          // distinct query (and page size), like Mercurius' own parse and validation.
          hooks: { preParsing: tokenLimitHook(limits), preExecution: costLimitHook(limits) },
          allowBatchedQueries: false,
          // Automatic persisted queries (Apollo Client's protocol): a hash alone once the server
          // has seen the text; an LRU of GRAPHQL_PERSISTED_QUERIES documents.
          persistedQueryProvider: mercurius.persistedQueryDefaults.automatic(
            config.graphqlPersistedQueries,
          ),
          errorFormatter: suggestionsFollow(
            config,
            formatGraphqlErrors,
          ) as unknown as MercuriusDriverConfig['errorFormatter'],
          transformSchema: (schema: GraphQLSchema) =>
            withPlainFieldResolvers(describeRootTypes(schema)),
        }),
        HealthModule,
        MetricsModule,
        PlaygroundModule,
        AnalysisModule,
        AuthModule,
        ScenariosModule,
        FleetModule,
        WebModule,
      ],
    };
  }
}
