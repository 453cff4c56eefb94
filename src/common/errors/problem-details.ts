// REST errors as RFC 9457 problem details (https://www.rfc-editor.org/rfc/rfc9457): `type`,
// `title`, `status`, `detail`, `instance`, and the service's own members as extensions
// (`code`, `requestId`, `retryable`, `retryAfterSeconds`, `causes`).
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppErrorCode, ErrorCause } from './app-error';
import type { ClientError } from './normalise-error';
import { noteErrorCode } from './seen-errors';

/** The media type of a problem details body (RFC 9457 section 3). */
export const PROBLEM_JSON = 'application/problem+json';

/**
 * One error of the REST API. Every code is exactly its HTTP status' meaning, so `type` is
 * `about:blank` and `title` the status phrase (RFC 9457 section 4.2.1); `code` tells the
 * application error apart, as GraphQL's `extensions.code` does.
 */
export interface ProblemDetails {
  /** `about:blank`: the problem is what the HTTP status says. */
  type: 'about:blank';
  /** The HTTP status phrase: Bad Request, Not Found, Too Many Requests, ... */
  title: string;
  /** The HTTP status code of this response. */
  status: number;
  /** What went wrong, for a person. */
  detail: string;
  /** The path of the request this occurrence belongs to. */
  instance: string;
  /** The application error code, the same as GraphQL's `extensions.code`. */
  code: AppErrorCode;
  /** The request id, as in the `x-request-id` response header and the service's logs. */
  requestId: string;
  /** Whether the same request may simply be sent again (after `Retry-After`). */
  retryable: boolean;
  /** Seconds to wait before a retry, as in the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Each input field that was refused, with why (and a manifest diagnostic's position). */
  causes?: ErrorCause[];
  /** CONFLICT (409) of a save with expectedRevision: the scenario's latest revision now. */
  currentRevision?: number;
}

/** The problem details body of a client error. */
export function problemOf(client: ClientError, req: FastifyRequest): ProblemDetails {
  return {
    type: 'about:blank',
    title: STATUS_CODES[client.status] ?? 'Error',
    status: client.status,
    detail: client.message,
    instance: req.url.split('?')[0] ?? req.url,
    code: client.code,
    requestId: req.id,
    retryable: client.retryable,
    ...(client.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: client.retryAfterSeconds }
      : {}),
    ...(client.causes.length > 0 ? { causes: client.causes } : {}),
    ...(client.details?.currentRevision !== undefined
      ? { currentRevision: client.details.currentRevision }
      : {}),
  };
}

/** Sends a client error as problem details, with Retry-After where the client should wait. */
export function sendProblem(
  reply: FastifyReply,
  req: FastifyRequest,
  client: ClientError,
  detail = client.message,
): void {
  noteErrorCode(req, client.code);
  if (client.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(client.retryAfterSeconds));
  }
  // A route may have set another content type (an SVG route) before failing.
  void reply
    .code(client.status)
    .header('content-type', `${PROBLEM_JSON}; charset=utf-8`)
    .send({ ...problemOf(client, req), detail });
}
