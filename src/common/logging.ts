// One logger for the process (pino): JSON lines, or pretty ones on a terminal, with the configured
// redaction. Fastify owns it, so every request's child logger carries the request id, and Nest's
// Logger writes through it (nestjs-pino `useExisting`). One access line per request.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import type { LogLevel } from '../config/config';

/** The header a request id is taken from and echoed in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller's request id may look like: a UUID, a trace id, a short token. */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Secrets never reach a log line, whatever logs the request. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
];

/** The caller's `x-request-id` when it is a sane token; a fresh UUID otherwise. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; default standard output. Tests pass a stream to read them. */
  destination?: Writable;
  /** Pretty lines for a human; default: when standard output is a terminal. */
  pretty?: boolean;
}

/** The process's root logger. */
export function createRootLogger(options: LoggerOptions): pino.Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'sidecar-lens' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  if (pretty) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: {
          colorize: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service,startup',
        },
      },
    });
  }
  return pino(base, pino.destination(STDOUT_BUFFERING));
}

/**
 * Standard output is written in blocks, not a write per line: lines gather up to 4 KiB and go out
 * in one asynchronous write when that fills, or at the latest every 250 ms. A write per line costs
 * a thread-pool round trip (a wake-up on each side) for every request's access line. pino writes what is left synchronously when the process exits (a normal exit,
 * `process.exit` after a fatal error, a signal handled by main.ts); only a SIGKILL can lose the
 * last quarter second of lines.
 */
export const STDOUT_BUFFERING = {
  dest: 1,
  minLength: 4096,
  periodicFlush: 250,
  sync: false,
} as const;

/** The route a request matched (its pattern, not the raw URL with ids and query). */
const routeOf = (req: FastifyRequest): string =>
  (req.routeOptions as { url?: string } | undefined)?.url ?? req.url.split('?')[0] ?? req.url;

/**
 * Echoes the request id on every response and writes one access line when the response is done:
 * method, route, status, duration, bytes, and the GraphQL operation where there is one.
 * Health probes log at debug so that a kubelet probing every few seconds does not drown the log.
 */
export function installAccessLog(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
  fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = routeOf(req);
    const body = req.body as { operationName?: unknown } | undefined;
    // Flat fields (not `req`/`res`, which Fastify's serializers would reshape).
    const line = {
      method: req.method,
      route,
      path: req.url.split('?')[0],
      statusCode: reply.statusCode,
      contentLength: Number(reply.getHeader('content-length')) || undefined,
      remoteAddress: req.ip,
      userAgent: req.headers['user-agent'],
      responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      ...(route === '/graphql' && body && typeof body.operationName === 'string'
        ? { graphqlOperation: body.operationName }
        : {}),
    };
    const quiet = route === '/healthz' || route === '/readyz' || route === '/metrics';
    if (quiet) req.log.debug(line, 'request completed');
    else if (reply.statusCode >= 500) req.log.error(line, 'request completed');
    else req.log.info(line, 'request completed');
    done();
  });
}
