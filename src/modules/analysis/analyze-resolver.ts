import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { getStorageToken } from '@nestjs/throttler';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { SlidingWindowThrottlerStorage } from '../../common/rate-limit-storage';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config';
import { checkRateLimit } from '../auth/app-throttler.guard';
import { AnalysisResolver } from './analysis.resolver';
import type { AnalyzeInput } from './dto/analyze.input';

/**
 * The `analyze` query as a plain resolver function in the executable schema, outside Nest's
 * resolver pipeline.
 *
 * Nest calls a resolver through its external context: an execution context object, the global
 * guard (the throttler, which reads half a dozen reflector entries per request), the parameter
 * decorators and the exception filters, with a promise at each step: about as much CPU as a small
 * analysis itself. `analyze` needs only what that pipeline does for it: the per-key rate limit
 * (checked here, once, on the same storage and with the same answers as AppThrottlerGuard), its
 * argument, and the errors passed through unchanged to the GraphQL error formatter (which is what
 * AllExceptionsFilter does with a GraphQL error). Authentication is the onRequest hook's, before
 * the body is read; the token, depth, alias and cost limits are Mercurius' hooks and validation
 * rules, once per query document; the answer is AnalysisResolver.analyze's, called directly.
 * The @Query declaration stays on AnalysisResolver: the schema, its description and
 * src/schema.gql are unchanged.
 */
@Injectable()
export class DirectAnalyzeResolver implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly resolver: AnalysisResolver,
    @Inject(getStorageToken()) private readonly storage: SlidingWindowThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const schema = (app as unknown as { graphql?: { schema: GraphQLSchema } }).graphql?.schema;
    const field = schema?.getQueryType()?.getFields().analyze;
    if (!field) throw new Error('The GraphQL schema has no Query.analyze field');
    field.resolve = this.resolve;
  }

  /** (root, args, context, info), as graphql-js and graphql-jit call it. */
  private readonly resolve: GraphQLFieldResolver<
    unknown,
    { reply?: FastifyReply },
    { input: AnalyzeInput }
  > = (_root, args, context, info) => {
    try {
      const reply = context.reply;
      if (!reply) throw new Error('GraphQL context without a request');
      checkRateLimit(this.storage, this.config.rateLimitPerMinute, reply.request, reply);
      return this.resolver.analyze(args.input, info);
    } catch (e) {
      return Promise.reject(e as Error);
    }
  };
}
