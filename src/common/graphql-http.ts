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
