import type { FastifyBaseLogger } from 'fastify';
import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { toClientError } from './normalise-error';
import { noteErrorCode } from './seen-errors';

interface FormatterContext {
  reply?: {
    log: FastifyBaseLogger;
    request?: { id?: string } & object;
    header?: (name: string, value: string) => unknown;
  };
  app?: { log: FastifyBaseLogger };
}

type ExecutionWithStatus = ExecutionResult & { statusCode?: number };

/**
 * The one place where GraphQL errors are shaped for clients: application codes in
 * `extensions.code`, request validation as GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED,
 * everything unexpected masked as INTERNAL_SERVER_ERROR (and logged with its stack).
 */
export function formatGraphqlErrors(execution: ExecutionWithStatus, ctx: FormatterContext) {
  const log = ctx.reply?.log ?? ctx.app?.log;
  const requestId = ctx.reply?.request?.id;
  let status = execution.data ? 200 : (execution.statusCode ?? 200);
  const errors: GraphQLFormattedError[] = [];
  let retryAfter = 0;

  for (const error of execution.errors ?? []) {
    const original = (error as GraphQLError).originalError as
      (Error & { errors?: unknown[]; code?: string; statusCode?: number }) | undefined;
    // Automatic persisted queries (Apollo's protocol): a hash the server has not seen yet. The
    // client retries with the query text when it reads exactly this message or code.
    if (original?.code === 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND') {
      errors.push({
        message: 'PersistedQueryNotFound',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', requestId, retryable: true },
      });
      status = 200;
      continue;
    }
    if (original?.code === 'MER_ERR_GQL_PERSISTED_QUERY_MISMATCH') {
      errors.push({
        message: 'provided sha does not match query',
        extensions: { code: 'BAD_USER_INPUT', requestId, retryable: false },
      });
      status = 400;
      continue;
    }
    // Mercurius wraps query validation failures in one error holding the GraphQL errors.
    if (original && Array.isArray(original.errors)) {
      for (const inner of original.errors as GraphQLError[]) {
        // graphql-armor's limits also say "Syntax Error: … limit of N exceeded": those are validation.
        const isSyntax =
          /^Syntax Error/.test(inner.message) && !/limit of \d+ exceeded/.test(inner.message);
        errors.push({
          message: inner.message,
          locations: inner.locations,
          extensions: {
            code: isSyntax ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED',
            requestId,
          },
        });
      }
      status = original.statusCode ?? 400;
      continue;
    }
    if (!original && error.path !== undefined) {
      // graphql-js failed to complete a field (a value its type cannot serialise, a null in a
      // non-null field): the server's fault, never the request's; the client sees no internals.
      log?.error({ err: error, path: error.path }, 'GraphQL could not complete a field');
      errors.push({
        message: 'Internal server error.',
        locations: error.locations,
        path: error.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, retryable: false },
      });
      continue;
    }
    if (!original) {
      // A GraphQL error raised by graphql-js itself before execution (bad variables).
      const code = (error.extensions?.code as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED';
      // Without data nothing was executed: the request itself was refused.
      if (!execution.data) status = 400;
      errors.push({
        message: error.message,
        locations: error.locations,
        path: error.path,
        extensions: { ...error.extensions, code, requestId },
      });
      continue;
    }
    const client = toClientError(original);
    if (client.retryAfterSeconds !== undefined) {
      // The HTTP header too, so generic clients and proxies back off (the largest wait wins).
      retryAfter = Math.max(retryAfter, client.retryAfterSeconds);
    }
    if (!client.expected) {
      log?.error({ err: original, path: error.path }, 'unexpected error in GraphQL resolver');
    }
    errors.push({
      message: client.message,
      locations: error.locations,
      path: error.path,
      extensions: {
        code: client.code,
        requestId,
        retryable: client.retryable,
        ...(client.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: client.retryAfterSeconds }
          : {}),
        ...(client.causes.length > 0 ? { causes: client.causes } : {}),
        ...(client.details?.currentRevision !== undefined
          ? { currentRevision: client.details.currentRevision }
          : {}),
      },
    });
    if (!execution.data && execution.errors?.length === 1) {
      // A request-level failure (no resolver path: bad body, no key, rate limit) keeps its HTTP
      // status; a resolver's error rides in a 200 as the GraphQL-over-HTTP spec says.
      status =
        error.path === undefined ||
        client.code === 'UNAUTHENTICATED' ||
        client.code === 'RATE_LIMITED'
          ? client.status
          : 200;
    }
  }
  for (const e of errors) noteErrorCode(ctx.reply?.request, String(e.extensions?.code ?? ''));
  if (retryAfter > 0) {
    ctx.reply?.header?.('retry-after', String(retryAfter));
  }
  return { statusCode: status, response: { data: execution.data ?? null, errors } };
}
