import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';

/**
 * GraphQL request limits (docs/architecture.md, "Limits"): oversized queries are
 * refused before execution. Manifests travel as variables, which these limits do not count; the
 * body limit and the engine's own limits govern them.
 */
export interface GraphqlLimits {
  queryDepth: number;
  maxAliases: number;
  maxTokens: number;
}

/**
 * The defaults (GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_ALIASES, GRAPHQL_MAX_TOKENS override them).
 * A depth of 16 leaves room for GraphiQL's introspection query (15); the API's own queries need
 * about 12 at most (a scenario page down to a revision's timeline events).
 */
export const GRAPHQL_LIMITS: GraphqlLimits = { queryDepth: 16, maxAliases: 15, maxTokens: 2000 };

/** Validation rules run on every operation (graphql-armor's, with the limits in the message). */
// No static cost limit: the token limit already bounds a query's size, and the reports' wide but
// shallow shape made a cost rule refuse ordinary portal queries (a 100-scenario page with reports).
export function graphqlValidationRules(limits: GraphqlLimits) {
  return [maxAliasesRule({ n: limits.maxAliases, allowList: ['__typename'] })];
}

/** The distinct query documents kept parsed and validated (Mercurius' own `cache` size too). */
export const QUERY_CACHE_SIZE = 1024;

/**
 * A bounded set of strings: past `max`, the oldest entry goes. A hit is one Map lookup (no
 * reordering: this runs on every request, and a popular text that falls out is checked again once).
 */
export class BoundedSet {
  private readonly keys = new Set<string>();
  constructor(private readonly max: number) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value!);
  }
}

/** How often each query-document check did its work (tests read it; a cache hit costs nothing). */
export interface DocumentCheckCounts {
  /** Token-limit checks that lexed a query text (once per distinct text that passes). */
  tokenChecks: number;
}

/**
 * Mercurius preParsing hook: a query text with too many tokens, or that is not GraphQL at all, is
 * refused here. The error has the shape of Mercurius' own validation errors (status 400, the
 * GraphQL errors in `errors`), so the error formatter reports GRAPHQL_VALIDATION_FAILED (token
 * limit) or GRAPHQL_PARSE_FAILED (syntax, with its location). Refusing syntax errors here also
 * keeps Mercurius from retrying the text as a JSON AST: `"query": "5"` reached graphql-js'
 * validation as a number and failed as a 500.
 *
 * Mercurius runs preParsing on every request, before its cache of parsed and validated
 * documents; a text that passed once is remembered (as many texts as that cache keeps), so a repeated
 * query is lexed once, like it is parsed and validated once.
 */
export function tokenLimitHook(limits: GraphqlLimits, counts?: DocumentCheckCounts) {
  const passed = new BoundedSet(QUERY_CACHE_SIZE);
  return (_schema: unknown, source: string): void => {
    if (passed.has(source)) return;
    if (counts) counts.tokenChecks++;
    try {
      new MaxTokensParserWLexer(source, { n: limits.maxTokens }).parseDocument();
    } catch (e) {
      if (e instanceof GraphQLError) {
        throw Object.assign(new Error('GraphQL validation error'), {
          statusCode: 400,
          errors: [e],
        });
      }
      throw e;
    }
    passed.add(source);
  };
}
