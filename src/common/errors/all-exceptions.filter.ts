import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toClientError } from './normalise-error';
import { httpStatusOf } from './error-mapping';
import { sendProblem } from './problem-details';

/**
 * REST errors as RFC 9457 problem details (`application/problem+json`, see problem-details.ts)
 * with the status mapped from the code; GraphQL errors pass through to the GraphQL error formatter.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /** @param allowedMethods the methods that some route answers on a path (for 405). */
  constructor(private readonly allowedMethods: (path: string) => string[] = () => []) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') {
      return exception;
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    // Health checks answer with terminus' own body ({ status, info, error, details }).
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && 'status' in body && 'details' in body) {
        void reply.code(exception.getStatus()).send(body);
        return undefined;
      }
    }
    // No route matched: a path that other methods answer is 405 with Allow (RFC 9110 15.5.6).
    if (exception instanceof NotFoundException && req.routeOptions.url === undefined) {
      const path = req.url.split('?')[0] ?? req.url;
      const allow = this.allowedMethods(path);
      if (allow.length > 0 && !allow.includes(req.method)) {
        void reply.header('allow', allow.join(', '));
        sendProblem(reply, req, {
          ...toClientError(exception),
          code: 'METHOD_NOT_ALLOWED',
          status: httpStatusOf('METHOD_NOT_ALLOWED'),
          message: `${req.method} is not allowed on ${path}; allowed: ${allow.join(', ')}.`,
        });
        return undefined;
      }
    }
    const client = toClientError(exception);
    if (!client.expected) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    sendProblem(reply, req, client);
    return undefined;
  }
}
