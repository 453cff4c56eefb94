import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import type { Caller } from './caller';

/** The Fastify request behind a REST or GraphQL execution context. */
export function requestOf(ctx: ExecutionContext): FastifyRequest {
  if (ctx.getType<string>() === 'graphql') {
    const gqlCtx = GqlExecutionContext.create(ctx).getContext<{
      req?: FastifyRequest;
      reply?: { request: FastifyRequest };
    }>();
    const req = gqlCtx.req ?? gqlCtx.reply?.request;
    if (!req) {
      throw new Error('GraphQL context without a request');
    }
    return req;
  }
  return ctx.switchToHttp().getRequest<FastifyRequest>();
}

/** The authenticated caller of this request (set by the auth hook before any handler runs). */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Caller => {
    const caller = requestOf(ctx).caller;
    if (!caller) {
      throw new AppError('UNAUTHENTICATED', 'A valid API key is required.');
    }
    return caller;
  },
);
