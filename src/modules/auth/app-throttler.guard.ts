import type { ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { noteLimiter } from '../../common/errors/seen-errors';
import { SlidingWindowThrottlerStorage } from '../../common/rate-limit-storage';
import { requestOf } from './current-caller.decorator';

/** The one throttler (ThrottlerModule in auth.module.ts): a budget per key per minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000;
const THROTTLER_NAME = 'default';
const HEADER_PREFIX = 'X-RateLimit';

/** Whom a request counts against: its API key, or its client address in local mode. */
export function rateLimitTracker(req: FastifyRequest): string {
  const caller = req.caller;
  return caller?.kind === 'apikey' ? `key:${caller.keyId}` : `ip:${req.ip}`;
}

/**
 * @nestjs/throttler for REST and GraphQL alike: one budget per API key across every route and
 * operation (not per handler), and the GraphQL error carries retryAfterSeconds.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  /**
   * The module's one throttler checked synchronously (checkRateLimit), the same answers as the
   * base guard's: it reads no route metadata (no route or resolver of this service sets
   * @SkipThrottle or @Throttle, and test/app/throttle-decorators.spec.ts keeps it so; probes
   * and metrics are skipped by the module's skipIf), so
   * a request pays for neither the reflector lookups nor the half-dozen awaits of the base
   * canActivate. Any other setup (several throttlers, another storage) goes to the base guard.
   */
  // @ts-expect-error -- Nest's GuardsConsumer takes a boolean as is (no await); the base class declares a promise.
  override canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    const storage = this.storageService;
    const only = this.throttlers.length === 1 ? this.throttlers[0] : undefined;
    if (
      !(storage instanceof SlidingWindowThrottlerStorage) ||
      !only ||
      only.name !== THROTTLER_NAME ||
      only.ttl !== RATE_LIMIT_WINDOW_MS ||
      typeof only.limit !== 'number' ||
      only.blockDuration !== undefined ||
      (only.ignoreUserAgents ?? this.commonOptions.ignoreUserAgents) !== undefined
    ) {
      return super.canActivate(context);
    }
    if (this.commonOptions.skipIf?.(context)) return true;
    const { req, res } = this.getRequestResponse(context);
    checkRateLimit(
      storage,
      only.limit,
      req as unknown as FastifyRequest,
      res as unknown as FastifyReply,
    );
    return true;
  }

  protected override getRequestResponse(context: ExecutionContext): {
    req: Record<string, unknown>;
    res: Record<string, unknown>;
  } {
    const req = requestOf(context);
    const res: FastifyReply =
      context.getType<string>() === 'graphql'
        ? (
            context.getArgByIndex(2) as { reply: FastifyReply }
          ) // mercurius context
          .reply
        : context.switchToHttp().getResponse<FastifyReply>();
    return {
      req: req as unknown as Record<string, unknown>,
      res: res as unknown as Record<string, unknown>,
    };
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const { req, res } = this.getRequestResponse(context);
    throw rateLimited(
      req as unknown as FastifyRequest,
      res as unknown as FastifyReply,
      detail.limit,
      detail.ttl,
      detail.timeToBlockExpire,
    );
  }
}

/**
 * The refusal of a request over its budget. The limit headers a successful response carries come
 * on the refusal too: the budget, none of it left, and the seconds until it is back (Retry-After
 * says the same).
 */
function rateLimited(
  req: FastifyRequest,
  reply: FastifyReply,
  limit: number,
  ttl: number,
  timeToBlockExpire: number,
): AppError {
  const seconds = Math.max(1, timeToBlockExpire);
  noteLimiter(req, 'api_key');
  void reply.header(`${HEADER_PREFIX}-Limit`, limit);
  void reply.header(`${HEADER_PREFIX}-Remaining`, 0);
  void reply.header(`${HEADER_PREFIX}-Reset`, seconds);
  return new AppError(
    'RATE_LIMITED',
    `Rate limit of ${limit} requests per ${Math.round(ttl / 1000)} s exceeded; retry in ${seconds} s.`,
    [],
    seconds,
  );
}

/**
 * What AppThrottlerGuard does for a request (ThrottlerGuard.handleRequest with this module's one
 * throttler and its options), as one synchronous call on the same storage, so the budget is the
 * same: for a resolver registered outside Nest's pipeline (src/modules/analysis/analyze-resolver.ts),
 * where a guard would cost more than the check. Throws RATE_LIMITED past the budget; sets the
 * X-RateLimit-* headers either way.
 */
export function checkRateLimit(
  storage: SlidingWindowThrottlerStorage,
  limit: number,
  req: FastifyRequest,
  reply: FastifyReply,
): void {
  const ttl = RATE_LIMIT_WINDOW_MS;
  const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = storage.hit(
    rateLimitTracker(req),
    ttl,
    limit,
    ttl,
    THROTTLER_NAME,
    Date.now(),
  );
  if (isBlocked) {
    void reply.header('Retry-After', timeToBlockExpire);
    throw rateLimited(req, reply, limit, ttl, timeToBlockExpire);
  }
  void reply.header(`${HEADER_PREFIX}-Limit`, limit);
  void reply.header(`${HEADER_PREFIX}-Remaining`, Math.max(0, limit - totalHits));
  void reply.header(`${HEADER_PREFIX}-Reset`, timeToExpire);
}
