// OpenAPI decorators for the REST controllers: bodies by the name of their TypeScript type (see
// rest-types.ts; a name that is not generated fails the typecheck) and errors as problem details.
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_JSON } from '../common/errors/problem-details';
import type { RestBodyType } from './body-types';

/** A reference to the component schema generated from a TypeScript type. */
export const schemaRef = (type: RestBodyType): { $ref: string } => ({
  $ref: `#/components/schemas/${type}`,
});

const INTEGER_HEADER = { schema: { type: 'integer', minimum: 0 } } as const;

/** The headers that tell a client about its rate limit (@nestjs/throttler's names). */
export const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': {
    description: 'Requests allowed per minute for the key.',
    ...INTEGER_HEADER,
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current minute.',
    ...INTEGER_HEADER,
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the budget is full again.',
    ...INTEGER_HEADER,
  },
};

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying.', ...INTEGER_HEADER },
};

/** A JSON success response whose body is `type`. */
export function ApiJsonResponse(
  status: number,
  type: RestBodyType,
  description: string,
  headers: Record<string, unknown> = {},
) {
  return ApiResponse({
    status,
    description,
    headers: { ...RATE_LIMIT_HEADERS, ...headers },
    content: { 'application/json': { schema: schemaRef(type) } },
  } as Parameters<typeof ApiResponse>[0]);
}

/** A success response that is text of one media type (an SVG picture, Mermaid text). */
export function ApiTextResponse(mediaType: string, description: string) {
  return ApiResponse({
    status: 200,
    description,
    headers: RATE_LIMIT_HEADERS,
    content: { [mediaType]: { schema: { type: 'string' } } },
  } as Parameters<typeof ApiResponse>[0]);
}

const PROBLEMS: Record<number, { description: string; headers?: Record<string, unknown> }> = {
  400: {
    description:
      'The request was refused: `causes` names each field and what is wrong (a manifest that is no Kubernetes object, a bad parameter).',
  },
  401: {
    description:
      'No valid API key (AUTH_MODE=apikey): send `Authorization: Bearer <key>`. The same answer for a missing, unknown or revoked key.',
    headers: {
      'WWW-Authenticate': {
        description: 'Bearer realm="sidecar-lens"',
        schema: { type: 'string' },
      },
    },
  },
  404: { description: "No such resource in the caller's team." },
  409: {
    description:
      'A save that would break a rule of its own: `code` CONFLICT: the scenario has moved past `expectedRevision` (`currentRevision` is its latest revision now; nothing saved); `code` IDEMPOTENCY_KEY_IN_USE: a request with the same Idempotency-Key is still being saved (retry after `Retry-After` seconds for its answer).',
    headers: RETRY_AFTER,
  },
  413: {
    description:
      "The body is too large: a manifest may be at most 3 MiB, the Kubernetes API server's own write limit. On /v1/analyze also: the answer would be larger than MAX_RESPONSE_BYTES (leave out pictures=true: the pictures are most of a report).",
  },
  415: {
    description:
      'Unsupported content type: send YAML (application/yaml) or JSON. Routes that save (scenarios, fleet reports) refuse text/plain, multipart/form-data and application/x-www-form-urlencoded, which a browser sends cross-site without a CORS preflight; /v1/analyze also takes text/plain.',
  },
  422: {
    description:
      '`code` IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used in the last 24 hours for another request (another body, scenario or operation); nothing saved. Use a new key.',
  },
  429: {
    description: "The key's rate limit is exceeded; retry after `Retry-After` seconds.",
    headers: { ...RETRY_AFTER, ...RATE_LIMIT_HEADERS },
  },
  503: {
    description:
      'The database (or the analysis worker pool) is unavailable or busy; nothing was saved. Retry after `Retry-After` seconds.',
    headers: RETRY_AFTER,
  },
};

/** Error responses as RFC 9457 problem details (`application/problem+json`). */
export function ApiProblemResponses(...statuses: (keyof typeof PROBLEMS)[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEMS[status]!.description,
        ...(PROBLEMS[status]!.headers ? { headers: PROBLEMS[status]!.headers } : {}),
        content: { [PROBLEM_JSON]: { schema: schemaRef('ProblemDetails') } },
      } as Parameters<typeof ApiResponse>[0]),
    ),
  );
}
