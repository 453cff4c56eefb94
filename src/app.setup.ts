import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LogController } from 'fastify';
import type { ClientError } from './common/errors/normalise-error';
import { toClientError } from './common/errors/normalise-error';
import { Logger } from 'nestjs-pino';
import type { Writable } from 'node:stream';
import type { Logger as PinoLogger } from 'pino';
import { createRootLogger, installAccessLog, requestIdOf } from './common/logging';
import { installGraphqlHttpCompat, installGraphqlResponseLimit } from './common/graphql-http';
import {
  CORS_EXPOSED_HEADERS,
  CORS_REQUEST_HEADERS,
  installCsrfGuard,
  mediaTypeOf,
} from './common/csrf';
import { installWriteTimeout } from './common/write-timeout';
import { installLoadShedding } from './common/load-shedding';
import { AnalysisPool } from './modules/analysis/analysis-pool';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import type { AppConfig } from './config/config';
import { MANIFEST_MEDIA_TYPES } from './modules/analysis/manifest-body';
import { setupOpenApi } from './openapi/setup';
import { sendProblem } from './common/errors/problem-details';
import { allowedMethods, trackRoutes } from './common/method-not-allowed';

/** The Kubernetes API server's own write limit: a larger manifest can never be applied. */
export const MAX_MANIFEST_BYTES = 3 * 1024 * 1024;

/** Builds the application exactly as `npm start` runs it; the e2e tests use the same function. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  opts: { logs?: boolean; logDestination?: Writable; logger?: PinoLogger } = {},
): Promise<NestFastifyApplication> {
  // main.ts passes the logger its start-up banner went through: one logger for the process.
  const logger =
    opts.logger ??
    createRootLogger({
      level: opts.logs === false ? 'silent' : config.logLevel,
      destination: opts.logDestination,
    });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Request ids: the caller's x-request-id when sane, a UUID otherwise (never a per-process
    // counter), in every log line of the request, in error bodies and echoed as a header.
    genReqId: requestIdOf,
    // Fastify's own two lines per request are off: installAccessLog writes one.
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: true,
    }),
    // A JSON request carrying a 3 MiB manifest needs room for escaping and the envelope.
    bodyLimit: config.maxBodyBytes,
    // X-Forwarded-For and friends only from the proxies TRUST_PROXY names (default: none), so a
    // client cannot pick the address its rate limit is counted against.
    trustProxy: config.trustProxy,
    requestTimeout: 60_000,
    return503OnClosing: true,
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, databaseUrl, logger),
    adapter,
    {
      bufferLogs: true,
      rawBody: true,
      logger: opts.logs === false ? false : undefined,
    },
  );
  if (opts.logs !== false) {
    app.useLogger(app.get(Logger));
  }
  const fastify = app.getHttpAdapter().getInstance();
  installAccessLog(fastify);
  // First of the request hooks: an overloaded service answers 503 + Retry-After before any work.
  installLoadShedding(fastify, {
    maxEventLoopDelayMs: config.shedEventLoopDelayMs,
    maxHeapUsedBytes: config.shedHeapUsedBytes,
    largeBodyBytes: config.workerThresholdBytes,
    maxInflightUploadBytes: config.shedInflightUploadBytes,
    workerQueue: config.workerThreads > 0 ? app.get(AnalysisPool) : null,
  });
  installGraphqlHttpCompat(fastify);
  installGraphqlResponseLimit(fastify, config.graphqlMaxResponseBytes);
  // No state change from a request a browser sends cross-site without a preflight.
  installCsrfGuard(fastify);
  installWriteTimeout(fastify, config.writeTimeoutMs);
  if (config.corsOrigins.length > 0) {
    // Off unless CORS_ORIGINS lists origins: then a browser page from exactly those may call the API.
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'DELETE'],
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
  trackRoutes(fastify);
  // Raw manifests on the REST routes, limited to what an API server would accept.
  fastify.addContentTypeParser(
    MANIFEST_MEDIA_TYPES,
    { parseAs: 'string', bodyLimit: MAX_MANIFEST_BYTES },
    (
      _req: FastifyRequest,
      body: string | Buffer,
      done: (err: Error | null, body?: unknown) => void,
    ) => {
      done(null, body.toString());
    },
  );
  // A fleet dump (POST /v1/fleet-reports) as application/octet-stream reaches the handler as the
  // request stream: it is read chunk by chunk (up to 100 MiB), never buffered whole.
  fastify.addContentTypeParser(
    'application/octet-stream',
    (_req: FastifyRequest, payload: unknown, done: (err: Error | null, body?: unknown) => void) => {
      done(null, payload);
    },
  );
  // Errors raised by Fastify itself before a handler runs (body too large, unsupported media type,
  // malformed JSON) get the same JSON envelope as every other error. Fastify binds a route's
  // error handler when the route is registered, so it is installed before Nest registers routes,
  // and Nest's own later call (which would only cover routes added after init) is skipped.
  fastify.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const client = toClientError(err);
    if (!client.expected) {
      req.log.error({ err }, 'unhandled error');
    }
    sendProblem(reply, req, client, tooLargeMessage(client, req, config));
  });
  Object.defineProperty(adapter, 'setErrorHandler', { value: () => undefined });
  app.useGlobalFilters(new AllExceptionsFilter((path) => allowedMethods(fastify, path)));
  // Signals are handled in main.ts (close the app, then the embedded database), not by Nest.
  setupOpenApi(app, config.authMode);
  await app.init();
  await fastify.ready();
  return app;
}

/** A 413 names the limit that applied: the manifest limit for raw YAML, the body limit otherwise. */
function tooLargeMessage(client: ClientError, req: FastifyRequest, config: AppConfig): string {
  if (client.status !== 413) return client.message;
  const type = mediaTypeOf(req);
  return MANIFEST_MEDIA_TYPES.includes(type)
    ? `The manifest is larger than ${MAX_MANIFEST_BYTES} bytes (3 MiB), the Kubernetes API server's own write limit.`
    : `The request body is larger than ${config.maxBodyBytes} bytes (MAX_BODY_BYTES).`;
}
