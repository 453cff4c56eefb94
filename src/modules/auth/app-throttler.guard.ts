import type { ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { noteLimiter } from '../../common/errors/seen-errors';
import { requestOf } from './current-caller.decorator';

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
    const seconds = Math.max(1, detail.timeToBlockExpire);
    // The limit headers a successful response carries, on the refusal too: the budget, none of it
    // left, and the seconds until it is back (Retry-After says the same, set by the base guard).
    const { req, res } = this.getRequestResponse(context);
    noteLimiter(req, 'api_key');
    this.setResponseHeader(res, `${this.headerPrefix}-Limit`, detail.limit);
    this.setResponseHeader(res, `${this.headerPrefix}-Remaining`, 0);
    this.setResponseHeader(res, `${this.headerPrefix}-Reset`, seconds);
    throw new AppError(
      'RATE_LIMITED',
      `Rate limit of ${detail.limit} requests per ${Math.round(detail.ttl / 1000)} s exceeded; retry in ${seconds} s.`,
      [],
      seconds,
    );
  }
}
