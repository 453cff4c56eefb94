// Cross-site request forgery: a web page on any site can make the visitor's browser send a
// "simple" request to this service (a form POST, or fetch() in no-cors mode) without asking the
// service first (no CORS preflight). Such a request can carry only a CORS-safelisted method (GET,
// HEAD, POST) and a CORS-safelisted Content-Type (text/plain, multipart/form-data,
// application/x-www-form-urlencoded, or none):
// https://fetch.spec.whatwg.org/#cors-safelisted-method and
// https://fetch.spec.whatwg.org/#cors-safelisted-request-header.
// So every POST that changes state must carry a media type a browser only sends cross-site after
// a preflight the service answers (CORS_ORIGINS); PUT, PATCH and DELETE are always preflighted.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fromCode } from './errors/normalise-error';
import { sendProblem } from './errors/problem-details';
import { noteErrorCode } from './errors/seen-errors';

/** Content types a browser sends cross-site without a preflight. */
export const CORS_SAFELISTED_CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
];

/** Request headers a page on an allowed origin (CORS_ORIGINS) may send. */
export const CORS_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'idempotency-key',
  'x-request-id',
];

/** Response headers such a page may read. */
export const CORS_EXPOSED_HEADERS = [
  'idempotent-replayed',
  'location',
  'retry-after',
  'x-request-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

/** Media types of a GraphQL POST (GraphQL over HTTP: application/json; Mercurius also reads application/graphql). */
const GRAPHQL_MEDIA_TYPE =
  /^(application\/json|application\/[a-z0-9.+-]+\+json|application\/graphql)$/;

/** Media types of a REST write: JSON, YAML, or the streamed fleet dump. None is CORS-safelisted. */
const WRITE_MEDIA_TYPE =
  /^(application\/json|application\/[a-z0-9.+-]+\+json|application\/(x-)?yaml|text\/(x-)?yaml|application\/octet-stream)$/;

/** POST routes that change nothing (analysis only): they keep accepting text/plain. */
const READ_ONLY_POST = /^\/v1\/analyze(\/|$)/;

/** The media type of a request, lower case, without parameters ('' when absent). */
export function mediaTypeOf(req: FastifyRequest): string {
  return (
    String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase() ?? ''
  );
}

/**
 * Refuses (415, before the body is read) every POST a browser could send cross-site without a
 * preflight, where it could change state: GraphQL over POST must be JSON (a mutation could be in
 * it), REST writes JSON or YAML. GET /graphql runs queries only (GraphQL over HTTP forbids
 * mutations over GET), so the playground keeps working.
 */
export function installCsrfGuard(fastify: FastifyInstance, graphqlPath = '/graphql'): void {
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    // Only POSTs that reach a handler can change anything: one with no POST route goes on to its
    // 404 or 405 (with Allow), which says more than a 415 would.
    if (req.method !== 'POST' || req.routeOptions.url === undefined) {
      done();
      return;
    }
    const path = req.url.split('?')[0] ?? req.url;
    const type = mediaTypeOf(req);
    if (path === graphqlPath) {
      if (GRAPHQL_MEDIA_TYPE.test(type)) {
        done();
        return;
      }
      noteErrorCode(req, 'UNSUPPORTED_MEDIA_TYPE');
      void reply.code(415).send({
        data: null,
        errors: [
          {
            message: `${describe(type)} is not accepted on ${graphqlPath}: send the operation as application/json (GraphQL over HTTP). A browser sends ${CORS_SAFELISTED_CONTENT_TYPES.join(', ')} from any web site without asking this service first, so accepting them would let any page run mutations (cross-site request forgery).`,
            extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', requestId: req.id, retryable: false },
          },
        ],
      });
      return;
    }
    if (READ_ONLY_POST.test(path) || WRITE_MEDIA_TYPE.test(type)) {
      done();
      return;
    }
    sendProblem(
      reply,
      req,
      fromCode(
        'UNSUPPORTED_MEDIA_TYPE',
        `${describe(type)} is not accepted on POST ${path}, which changes saved data: send application/yaml or application/json. A browser sends ${CORS_SAFELISTED_CONTENT_TYPES.join(', ')} from any web site without asking this service first, so accepting them would let any page change your data (cross-site request forgery).`,
      ),
    );
  });
}

function describe(type: string): string {
  return type === '' ? 'A body without Content-Type' : `Content-Type ${type}`;
}
