import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';

/**
 * GraphQL request limits (ARCHITECTURE "Limits", reliability-plan 1.1): oversized queries are
 * refused before execution. Manifests travel as variables, which these limits do not count; the
 * body limit and the engine's own limits govern them.
 */
export const GRAPHQL_LIMITS = {
  /** 16 leaves room for GraphiQL's introspection query (15); the API's own queries need about 6. */
  queryDepth: 16,
  maxAliases: 15,
  maxTokens: 2000,
} as const;

/** Validation rules run on every operation (graphql-armor's, with the limits in the message). */
// No static cost limit: the token limit already bounds a query's size, and the reports' wide but
// shallow shape made a cost rule refuse ordinary portal queries (a 100-scenario page with reports).
export const GRAPHQL_VALIDATION_RULES = [
  maxAliasesRule({ n: GRAPHQL_LIMITS.maxAliases, allowList: ['__typename'] }),
];

/**
 * Mercurius preParsing hook: a query text with too many tokens, or that is not GraphQL at all, is
 * refused here. The error has the shape of Mercurius' own validation errors (status 400, the
 * GraphQL errors in `errors`), so the error formatter reports GRAPHQL_VALIDATION_FAILED (token
 * limit) or GRAPHQL_PARSE_FAILED (syntax, with its location). Refusing syntax errors here also
 * keeps Mercurius from retrying the text as a JSON AST: `"query": "5"` reached graphql-js'
 * validation as a number and failed as a 500.
 */
export function limitTokens(_schema: unknown, source: string): void {
  try {
    new MaxTokensParserWLexer(source, { n: GRAPHQL_LIMITS.maxTokens }).parseDocument();
  } catch (e) {
    if (e instanceof GraphQLError) {
      throw Object.assign(new Error('GraphQL validation error'), { statusCode: 400, errors: [e] });
    }
    throw e;
  }
}
