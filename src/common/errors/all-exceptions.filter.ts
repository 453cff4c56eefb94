import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toClientError } from './normalise-error';

/**
 * REST errors as one JSON envelope `{ code, message, requestId, causes? }` with the status mapped
 * from the code; GraphQL errors pass through to the GraphQL error formatter.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

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
    const client = toClientError(exception);
    if (!client.expected) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (client.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(client.retryAfterSeconds));
    }
    // A route may have set another content type (an SVG route) before failing.
    void reply
      .code(client.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        code: client.code,
        message: client.message,
        requestId: req.id,
        ...(client.causes.length > 0 ? { causes: client.causes } : {}),
      });
    return undefined;
  }
}
