// Load shedding: past its capacity the service answers some requests at once with 503 +
// Retry-After (cheap, and the client knows when to come back) rather than slowing down for
// everyone. The signals: the event-loop delay (Node's monitorEventLoopDelay, the measure
// @fastify/under-pressure uses, but shed only when it stays high for two samples in a row, so one
// long garbage collection or the start-up does not refuse anyone), the heap used, the analysis
// worker queue, and the bytes of large request bodies in flight, checked from the Content-Length
// before a body is read (or, for a body sent in chunks without one, counted as it arrives). Probes and /metrics are never shed: a replica under load is busy, not dead.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { getHeapStatistics } from 'node:v8';
import { AppError } from './errors/app-error';
import type { AppErrorCode } from './errors/app-error';
import { fromCode } from './errors/normalise-error';
import { sendProblem } from './errors/problem-details';
import { noteErrorCode } from './errors/seen-errors';

/** Paths that are never shed: liveness, readiness and the metrics scrape. */
const EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);
/** How often the event-loop delay and heap are sampled. */
export const SAMPLE_INTERVAL_MS = 250;
/** Samples in a row above the limit before requests are shed. */
const SAMPLES_TO_SHED = 2;
const RESOLUTION_MS = 10;

export interface LoadSheddingOptions {
  /** Mean event-loop delay over a sample beyond which requests are shed (0: off). */
  maxEventLoopDelayMs: number;
  /** Heap used beyond which requests are shed (0: off). */
  maxHeapUsedBytes: number;
  /** Bodies above this size go to the worker pool; they count against the upload budget. */
  largeBodyBytes: number;
  /** Bytes of large bodies being received or analysed at once; beyond, 503 before reading (0: off). */
  maxInflightUploadBytes: number;
  /** The analysis worker pool: whether its queue is full, and when to come back. */
  workerQueue: { queueFull(): boolean; retryAfterSeconds(): number } | null;
}

export type ShedReason = 'eventLoopDelay' | 'heapUsedBytes' | 'workerQueue' | 'uploadBytes';

const MESSAGES: Record<ShedReason, string> = {
  eventLoopDelay:
    'The service is overloaded (its event loop lags); retry after the time in Retry-After.',
  heapUsedBytes: 'The service is short of memory; retry after the time in Retry-After.',
  workerQueue:
    'Too many large manifests are being analysed at once; retry after the time in Retry-After.',
  uploadBytes:
    'Too many large manifests are being uploaded at once; retry after the time in Retry-After.',
};

const pathOf = (req: FastifyRequest): string => req.url.split('?')[0] ?? req.url;

/**
 * Installs the shedding as the first onRequest hook of every route (before authentication, which
 * may cost a database lookup). Call it before the application's other hooks are added.
 */
export function installLoadShedding(
  fastify: FastifyInstance,
  opts: LoadSheddingOptions,
  onShed?: (reason: ShedReason) => void,
): void {
  const pressure = sampleEventLoop(fastify, opts.maxEventLoopDelayMs);
  let inflightUploadBytes = 0;
  const uploads = new WeakMap<FastifyRequest, number>();

  const release = (req: FastifyRequest): void => {
    const length = uploads.get(req);
    if (length !== undefined) {
      uploads.delete(req);
      inflightUploadBytes -= length;
    }
  };

  fastify.addHook('onRequest', (req, reply, done) => {
    if (EXEMPT.has(pathOf(req))) return done();
    let reason: ShedReason | null = null;
    let retryAfter = 1;
    if (opts.maxEventLoopDelayMs > 0 && pressure.lagging()) {
      reason = 'eventLoopDelay';
      retryAfter = Math.min(10, Math.max(1, Math.ceil((2 * pressure.delayMs()) / 1000)));
    } else if (opts.maxHeapUsedBytes > 0 && pressure.heapUsed() > opts.maxHeapUsedBytes) {
      reason = 'heapUsedBytes';
      retryAfter = 5;
    } else {
      const length = Number(req.headers['content-length'] ?? 0);
      if (Number.isFinite(length) && length > opts.largeBodyBytes) {
        if (opts.workerQueue?.queueFull()) {
          reason = 'workerQueue';
          retryAfter = opts.workerQueue.retryAfterSeconds();
        } else if (
          opts.maxInflightUploadBytes > 0 &&
          inflightUploadBytes > 0 &&
          inflightUploadBytes + length > opts.maxInflightUploadBytes
        ) {
          reason = 'uploadBytes';
          retryAfter = opts.workerQueue?.retryAfterSeconds() ?? 2;
        } else {
          inflightUploadBytes += length;
          uploads.set(req, length);
        }
      }
    }
    if (reason === null) return done();
    onShed?.(reason);
    // The body is not read: the connection is closed after the answer so that the client stops
    // sending it (and a keep-alive connection is not left with an unread body).
    void reply.header('connection', 'close');
    refuse(req, reply, 'SERVICE_UNAVAILABLE', MESSAGES[reason], retryAfter);
  });
  // A body sent in chunks (Transfer-Encoding: chunked) has no Content-Length to judge before it is
  // read: it is counted as it arrives. Once past largeBodyBytes it is a large upload and is charged
  // to the same budget, chunk by chunk; a chunk that would take the budget past its limit while
  // other large uploads are in flight ends the upload with the same 503 + Retry-After (and
  // `connection: close`, so the client stops sending). Bodies with a Content-Length pass unwrapped.
  if (opts.maxInflightUploadBytes > 0) {
    fastify.addHook('preParsing', (req, _reply, payload, done) => {
      if (req.headers['content-length'] !== undefined || EXEMPT.has(pathOf(req))) {
        done(null, payload);
        return;
      }
      let received = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding: BufferEncoding, next: TransformCallback) {
          received += chunk.length;
          (meter as Transform & { receivedEncodedLength: number }).receivedEncodedLength = received;
          if (received > opts.largeBodyBytes) {
            const charged = uploads.get(req) ?? 0;
            const more = received - charged;
            const others = inflightUploadBytes - charged;
            if (others > 0 && inflightUploadBytes + more > opts.maxInflightUploadBytes) {
              onShed?.('uploadBytes');
              release(req);
              next(
                new AppError(
                  'SERVICE_UNAVAILABLE',
                  MESSAGES.uploadBytes,
                  [],
                  opts.workerQueue?.retryAfterSeconds() ?? 2,
                ),
              );
              return;
            }
            inflightUploadBytes += more;
            uploads.set(req, received);
          }
          next(null, chunk);
        },
      });
      payload.on('error', (err) => meter.destroy(err));
      done(null, payload.pipe(meter));
    });
  }
  // The budget is given back when the answer has gone out (or the client went away).
  fastify.addHook('onResponse', (req, _reply, done) => {
    release(req);
    done();
  });
  fastify.addHook('onRequestAbort', (req, done) => {
    release(req);
    done();
  });
}

/**
 * The event-loop delay (mean over each sample, less the timer's resolution, as under-pressure
 * measures it) and the heap used, sampled every SAMPLE_INTERVAL_MS. A sample without a single
 * timer tick means the loop was blocked for all of it.
 */
function sampleEventLoop(
  fastify: FastifyInstance,
  maxDelayMs: number,
): { lagging(): boolean; delayMs(): number; heapUsed(): number } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let delay = 0;
  let over = 0;
  // V8's own figure (what process.memoryUsage().heapUsed reports), without the resident set size
  // that process.memoryUsage() also reads from /proc on every call.
  const heapUsed = (): number => getHeapStatistics().used_heap_size;
  let heap = heapUsed();
  const timer = setInterval(() => {
    delay =
      histogram.count > 0
        ? Math.max(0, histogram.mean / 1e6 - RESOLUTION_MS)
        : Math.max(SAMPLE_INTERVAL_MS, maxDelayMs + 1);
    over = maxDelayMs > 0 && delay > maxDelayMs ? over + 1 : 0;
    heap = heapUsed();
    histogram.reset();
  }, SAMPLE_INTERVAL_MS);
  timer.unref();
  // The application's own start (compiling, building the schema) is not load.
  fastify.addHook('onReady', (done) => {
    histogram.reset();
    over = 0;
    done();
  });
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    histogram.disable();
    done();
  });
  return {
    lagging: () => over >= SAMPLES_TO_SHED,
    delayMs: () => delay,
    heapUsed: () => heap,
  };
}

/** GraphQL-shaped on /graphql (as every GraphQL error of the service), problem details elsewhere. */
function refuse(
  req: FastifyRequest,
  reply: FastifyReply,
  code: AppErrorCode,
  message: string,
  retryAfterSeconds: number,
): void {
  if (pathOf(req) !== '/graphql') {
    sendProblem(reply, req, fromCode(code, message, [], retryAfterSeconds));
    return;
  }
  noteErrorCode(req, code);
  void reply
    .code(503)
    .header('retry-after', String(retryAfterSeconds))
    .send({
      data: null,
      errors: [
        {
          message,
          extensions: { code, requestId: req.id, retryable: true, retryAfterSeconds },
        },
      ],
    });
}
