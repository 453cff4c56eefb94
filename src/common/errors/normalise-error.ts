import { HttpException } from '@nestjs/common';
import type { AppErrorCode, ErrorCause, ErrorDetails } from './app-error';
import { AppError } from './app-error';
import { httpStatusOf, isRetryable } from './error-mapping';

/** What a client is told about an error: never a stack trace or an internal message. */
export interface ClientError {
  code: AppErrorCode;
  message: string;
  status: number;
  causes: ErrorCause[];
  retryable: boolean;
  retryAfterSeconds?: number;
  /** False when the message was replaced: the original must be logged, not shown. */
  expected: boolean;
  /** Facts for the client (currentRevision of a CONFLICT). */
  details?: ErrorDetails;
}

const DB_UNAVAILABLE =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|timeout exceeded when trying to connect|Connection terminated|connection (?:is )?(?:closed|terminated)|terminating connection|the database system is (?:starting up|shutting down)|Can't reach database server|Client has encountered a connection error|DatabaseNotReachable|ConnectionClosed|SocketTimeout|too many clients|Closed the connection|P1001|P1002|P1017|P2024/i;
const DB_UNAVAILABLE_CODES = new Set([
  'P1001',
  'P1002',
  'P1017',
  'P2024',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
]);

/** Whether an error means the database could not be reached or dropped the connection. */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 6; depth++) {
    const err = cur as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (typeof err.code === 'string' && DB_UNAVAILABLE_CODES.has(err.code)) return true;
    const kind = typeof err.kind === 'string' ? err.kind : '';
    if (/NotReachable|ConnectionClosed|SocketTimeout|TooManyConnections/.test(kind)) return true;
    if (typeof err.message === 'string' && DB_UNAVAILABLE.test(err.message)) return true;
    cur = err.cause;
  }
  return false;
}

// SQLSTATEs and Prisma codes that mean "busy, try again": a lock wait given up (55P03), a statement
// cancelled at the deadline (57014), a serialisation failure or deadlock (40001, 40P01), a
// transaction that could not start in time (P2028: every connection of the pool was busy).
const DB_BUSY_CODES = new Set(['55P03', '57014', '40001', '40P01', 'P2028', 'P2034']);

/** The first code (SQLSTATE or Prisma's) found on an error, its Prisma driver-adapter detail or its causes. */
function codesOf(e: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (cur: unknown, depth: number): void => {
    if (!cur || typeof cur !== 'object' || depth > 6 || seen.has(cur)) return;
    seen.add(cur);
    const err = cur as {
      code?: unknown;
      originalCode?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof err.code === 'string') out.push(err.code);
    if (typeof err.originalCode === 'string') out.push(err.originalCode);
    visit(err.meta?.driverAdapterError, depth + 1);
    visit(err.cause, depth + 1);
  };
  visit(e, 0);
  return out;
}

/** Whether an error means the database is busy (locks, deadline, no connection to start a transaction). */
export function isDatabaseBusy(e: unknown): boolean {
  if (codesOf(e).some((c) => DB_BUSY_CODES.has(c))) return true;
  const message = (e as { message?: unknown })?.message;
  return (
    typeof message === 'string' &&
    /Unable to start a transaction in the given time|Transaction already closed|canceling statement due to (?:statement|lock) timeout/i.test(
      message,
    )
  );
}

/** The client error of an application code and message. */
export function fromCode(
  code: AppErrorCode,
  message: string,
  causes: ErrorCause[] = [],
  retryAfterSeconds?: number,
): ClientError {
  return {
    code,
    message,
    status: httpStatusOf(code),
    causes,
    retryable: isRetryable(code),
    retryAfterSeconds,
    expected: true,
  };
}

export function toClientError(e: unknown): ClientError {
  if (e instanceof AppError) {
    return { ...fromCode(e.code, e.message, e.causes, e.retryAfterSeconds), details: e.details };
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const code: AppErrorCode | null =
      status === 401
        ? 'UNAUTHENTICATED'
        : status === 404
          ? 'NOT_FOUND'
          : status === 413
            ? 'PAYLOAD_TOO_LARGE'
            : status === 415
              ? 'UNSUPPORTED_MEDIA_TYPE'
              : status === 429
                ? 'RATE_LIMITED'
                : status === 503
                  ? 'SERVICE_UNAVAILABLE'
                  : status >= 400 && status < 500
                    ? 'BAD_USER_INPUT'
                    : null;
    if (code) {
      return { ...fromCode(code, e.message), status };
    }
  }
  const fastifyStatus = (e as { statusCode?: unknown })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    const code: AppErrorCode =
      fastifyStatus === 413
        ? 'PAYLOAD_TOO_LARGE'
        : fastifyStatus === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : fastifyStatus === 429
            ? 'RATE_LIMITED'
            : 'BAD_USER_INPUT';
    const message =
      fastifyStatus === 413
        ? "The request body is larger than the server accepts (MAX_BODY_BYTES); a manifest itself may be at most 3 MiB (3145728 bytes), the Kubernetes API server's own write limit."
        : fastifyStatus === 415
          ? 'Unsupported content type: send application/yaml, text/plain or application/json.'
          : (e as Error).message;
    return { ...fromCode(code, message), status: fastifyStatus };
  }
  if (isDatabaseBusy(e)) {
    return {
      ...fromCode(
        'SERVICE_UNAVAILABLE',
        'The database is busy (locks or load) and could not answer within the request deadline; if this was a save, nothing was saved. Try again.',
      ),
      retryAfterSeconds: 2,
      expected: true,
    };
  }
  if (isDatabaseUnavailable(e)) {
    return {
      ...fromCode(
        'SERVICE_UNAVAILABLE',
        'The database is unavailable; nothing was saved. Try again later.',
      ),
      retryAfterSeconds: 5,
      expected: false,
    };
  }
  return { ...fromCode('INTERNAL_SERVER_ERROR', 'Internal server error.'), expected: false };
}
