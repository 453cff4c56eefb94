import { Inject, Logger, Module } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppErrorCode } from '../../common/errors/app-error';
import { fromCode, toClientError } from '../../common/errors/normalise-error';
import { sendProblem } from '../../common/errors/problem-details';
import { noteErrorCode, noteLimiter } from '../../common/errors/seen-errors';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config';
import { SlidingWindowThrottlerStorage } from '../../common/rate-limit-storage';
import { bearerToken } from './api-key-format';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeysService } from './api-keys.service';
import { AppThrottlerGuard, RATE_LIMIT_WINDOW_MS, rateLimitTracker } from './app-throttler.guard';
import { AuthFailureLimiter } from './auth-failures';
import { requestOf } from './current-caller.decorator';
import { isInfrastructureRoute, isPublicRoute, pathOf } from './public-routes';

const UNAUTHENTICATED_MESSAGE =
  'A valid API key is required: send "Authorization: Bearer <key>" (create one with npm run apikey -- create --team NAME).';

/**
 * Authentication for every route (a Fastify onRequest hook, before the body is read: GraphQL and
 * REST alike) and the per-key rate limit (@nestjs/throttler as a global guard).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'default', ttl: RATE_LIMIT_WINDOW_MS, limit: config.rateLimitPerMinute },
        ],
        // The stock storage's answers in constant time per request (it filters the whole window).
        storage: new SlidingWindowThrottlerStorage(),
        // One budget per key (or address), shared by every route and operation.
        generateKey: (_ctx, tracker) => tracker,
        getTracker: (req) => rateLimitTracker(req as FastifyRequest),
        skipIf: (ctx) => isInfrastructureRoute(requestOf(ctx)),
      }),
    }),
  ],
  providers: [
    ApiKeyRepository,
    ApiKeysService,
    { provide: APP_GUARD, useClass: AppThrottlerGuard },
  ],
  exports: [ApiKeysService],
})
export class AuthModule implements OnModuleInit {
  private readonly logger = new Logger('Auth');
  private readonly failures: AuthFailureLimiter;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.failures = new AuthFailureLimiter(config.authFailuresPerMinute);
  }

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    app.decorateRequest('caller', null);
    if (this.config.authMode === 'local') {
      // No key to look up: a synchronous hook (an async one costs a promise and a tick per request).
      app.addHook('onRequest', (req: FastifyRequest, _reply: FastifyReply, done: () => void) => {
        req.caller = { kind: 'local', address: req.ip };
        done();
      });
      return;
    }
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (isPublicRoute(req)) {
        return;
      }
      // An address that keeps presenting bad keys waits, before any lookup.
      const wait = this.failures.blockedFor(req.ip);
      if (wait > 0) {
        noteLimiter(req, 'auth_failures');
        return this.refuse(
          req,
          reply,
          429,
          'RATE_LIMITED',
          `Too many requests without a valid API key from this address (limit ${this.config.authFailuresPerMinute} per minute, AUTH_FAILURES_PER_MINUTE); retry in ${wait} s.`,
          wait,
        );
      }
      const token = bearerToken(req.headers.authorization);
      try {
        req.caller = token === null ? null : await this.keys.verify(token);
      } catch (e) {
        const client = toClientError(e);
        if (!client.expected) {
          this.logger.error(`API key lookup failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        return this.refuse(
          req,
          reply,
          client.status,
          client.code,
          client.message,
          client.retryAfterSeconds,
        );
      }
      if (req.caller === null) {
        this.failures.recordFailure(req.ip);
        void reply.header('www-authenticate', 'Bearer realm="sidecar-lens"');
        return this.refuse(req, reply, 401, 'UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE);
      }
    });
  }

  /** The same answer for every refusal of a kind: GraphQL-shaped on /graphql, problem details elsewhere. */
  private refuse(
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    code: AppErrorCode,
    message: string,
    retryAfterSeconds?: number,
  ): FastifyReply {
    if (pathOf(req) !== '/graphql') {
      sendProblem(reply, req, { ...fromCode(code, message, [], retryAfterSeconds), status });
      return reply;
    }
    noteErrorCode(req, code);
    if (retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(retryAfterSeconds));
    }
    return reply.code(status).send({
      data: null,
      errors: [
        {
          message,
          extensions: {
            code,
            requestId: req.id,
            retryable: code === 'SERVICE_UNAVAILABLE',
            ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
          },
        },
      ],
    });
  }
}
