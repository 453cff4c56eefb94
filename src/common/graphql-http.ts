// GraphQL over HTTP details Mercurius leaves to the application
// (https://graphql.github.io/graphql-over-http/draft/).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noteErrorCode } from './errors/seen-errors';

/**
 * "extensions": null (and "variables": null, "operationName": null) MUST be accepted as if
 * absent; Mercurius' body schema wants an object, so the nulls are dropped before validation.
 */
export function installGraphqlHttpCompat(fastify: FastifyInstance, path = '/graphql'): void {
  fastify.addHook('preValidation', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (req.method === 'POST' && req.url.split('?')[0] === path) {
      const body = req.body as Record<string, unknown> | null | undefined;
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        for (const key of ['query', 'extensions', 'variables', 'operationName']) {
          if (body[key] === null) delete body[key];
        }
        // Neither a document nor a persisted-query hash: nothing to run. (With automatic
        // persisted queries on, Mercurius would answer PersistedQueryNotFound, which sends an
        // Apollo client into a retry it cannot satisfy.)
        const extensions = body.extensions as { persistedQuery?: unknown } | undefined;
        if (body.query === undefined && !extensions?.persistedQuery) {
          noteErrorCode(req, 'GRAPHQL_PARSE_FAILED');
          void reply.code(400).send({
            data: null,
            errors: [
              {
                message:
                  'The request has no "query" (a GraphQL document) and no persisted-query hash.',
                extensions: { code: 'GRAPHQL_PARSE_FAILED', requestId: req.id },
              },
            ],
          });
          return;
        }
      }
    }
    done();
  });
}

/**
 * The largest GraphQL answer (GRAPHQL_MAX_RESPONSE_BYTES): a larger one is replaced, before a
 * byte of it is written, by a PAYLOAD_TOO_LARGE error naming the limit and the size (413, as
 * REST answers past MAX_RESPONSE_BYTES). The cost limit refuses most such queries before they
 * run; this bounds what it cannot see (large stored manifests, many workloads in one report).
 * The check reads the body Fastify serialised once; nothing is serialised twice.
 */
export function installGraphqlResponseLimit(
  fastify: FastifyInstance,
  maxBytes: number,
  path = '/graphql',
): void {
  fastify.addHook(
    'onSend',
    (
      req: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      done: (err: Error | null, payload?: unknown) => void,
    ) => {
      // A UTF-8 byte is at most one UTF-16 unit, and a unit at most three bytes: most answers are
      // decided by their length alone.
      if (
        typeof payload !== 'string' ||
        payload.length * 3 <= maxBytes ||
        req.url.split('?')[0] !== path
      ) {
        done(null, payload);
        return;
      }
      // Past the limit in UTF-16 units it is past it in bytes too: no need to count them all.
      const atLeast = payload.length > maxBytes;
      const bytes = atLeast ? payload.length : Buffer.byteLength(payload, 'utf8');
      if (bytes <= maxBytes) {
        done(null, payload);
        return;
      }
      noteErrorCode(req, 'PAYLOAD_TOO_LARGE');
      req.log.warn(
        { responseBytes: bytes, maxBytes },
        'GraphQL answer over GRAPHQL_MAX_RESPONSE_BYTES refused',
      );
      void reply.code(413);
      done(
        null,
        JSON.stringify({
          data: null,
          errors: [
            {
              message: `The answer is ${atLeast ? 'at least ' : ''}${bytes} bytes, over the limit of ${maxBytes} bytes for one GraphQL response (GRAPHQL_MAX_RESPONSE_BYTES). Select fewer heavy fields (svg, mermaid, fixedManifest, manifest, report) or fewer items per page (first: N).`,
              extensions: { code: 'PAYLOAD_TOO_LARGE', requestId: req.id, retryable: false },
            },
          ],
        }),
      );
    },
  );
}
