import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, visit } from 'graphql';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { getComplexity } from 'graphql-query-complexity';

/**
 * GraphQL request limits (docs/architecture.md, "Limits"): oversized queries are
 * refused before execution. Manifests travel as variables, which these limits do not count; the
 * body limit and the engine's own limits govern them.
 */
export interface GraphqlLimits {
  queryDepth: number;
  maxAliases: number;
  maxTokens: number;
  /**
   * Largest cost of one operation (GRAPHQL_MAX_COST), see operationCost. The web view's heaviest
   * query (a scenario's 100 revisions with their manifests and reports) costs about 44,000, the
   * playground's analyze query about 900; 100 scenarios times 100 revisions with their pictures
   * cost about 15 million.
   */
  maxCost: number;
}

/**
 * The defaults (GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_ALIASES, GRAPHQL_MAX_TOKENS, GRAPHQL_MAX_COST
 * override them).
 * A depth of 16 leaves room for GraphiQL's introspection query (15); the API's own queries need
 * about 12 at most (a scenario page down to a revision's timeline events).
 */
export const GRAPHQL_LIMITS: GraphqlLimits = {
  queryDepth: 16,
  maxAliases: 15,
  maxTokens: 2000,
  maxCost: 100_000,
};

/** Validation rules run on every operation (graphql-armor's, with the limits in the message). */
// The cost limit needs the variables (a page's `first`), so it is a preExecution hook
// (costLimitHook), not a validation rule.
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
  /** Cost computations (once per document and value of the variables its cost depends on). */
  costChecks: number;
}

/** The process' counts (read by tests: a repeated query must not be checked again). */
export const DOCUMENT_CHECKS: DocumentCheckCounts = { tokenChecks: 0, costChecks: 0 };

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
export function tokenLimitHook(limits: GraphqlLimits, counts = DOCUMENT_CHECKS) {
  const passed = new BoundedSet(QUERY_CACHE_SIZE);
  return (_schema: unknown, source: string): void => {
    if (passed.has(source)) return;
    counts.tokenChecks++;
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

/**
 * What one GraphQL operation may cost (GRAPHQL_MAX_COST), refused before execution. Every field
 * costs 1, plus the weight of the heavy fields below; a field's selection counts once per item
 * of the list it returns: `first` for a connection (its default when omitted), the assumed sizes
 * below for the lists of a report. The weights follow what a field costs to answer: its size in
 * the response (a picture, a manifest) or the work behind it (a stored report read and checked,
 * a diff against the previous revision).
 */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  'LifecycleReport.svg': 100,
  'LifecycleReport.mermaid': 20,
  'LifecycleReport.mermaidTermination': 20,
  'Finding.fixedManifest': 50,
  'SuppressedFinding.fixedManifest': 50,
  'ScenarioRevision.report': 50,
  'ScenarioRevision.manifest': 20,
  'ScenarioRevision.changes': 20,
  'FleetReportJob.report': 200,
};

/** Assumed sizes of a report's lists without a `first` argument (a manifest's workloads, a pod's containers). */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'AnalysisReport.workloads': 10,
  'WorkloadReport.containers': 5,
};

const sizeEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const key = `${type.name}.${field.name}`;
  const first: unknown = args.first;
  const size = typeof first === 'number' && first >= 0 ? first : (LIST_SIZES[key] ?? 1);
  return 1 + (FIELD_WEIGHTS[key] ?? 0) + size * childComplexity;
};

/** The cost of an operation: graphql-query-complexity with the weights above. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): number {
  return getComplexity({
    schema,
    query: document,
    operationName,
    variables,
    estimators: [sizeEstimator],
  });
}

/** The variables a document's cost depends on: the `first` of a list, the `if` of @include/@skip. */
function sizeVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (
        (node.name.value === 'first' || node.name.value === 'if') &&
        node.value.kind === 'Variable'
      ) {
        names.add(node.value.name.value);
      }
    },
  });
  return [...names].sort();
}

interface DocumentCosts {
  variables: string[];
  /** By operation name and the values of `variables`. */
  costs: Map<string, number>;
}

/** A document's costs for this many distinct page sizes at most (then they are computed afresh). */
const COSTS_PER_DOCUMENT = 32;

interface CostContext {
  reply?: { request?: { body?: unknown; query?: unknown } };
}

/**
 * Mercurius preExecution hook: refuses an operation that costs more than `limits.maxCost`
 * (GRAPHQL_MAX_COST) before it runs, naming the limit and the cost. Mercurius hands the same
 * parsed document for every request of a cached query, so the cost is computed once per
 * document (and per value of the variables it depends on) and then looked up.
 */
export function costLimitHook(limits: Pick<GraphqlLimits, 'maxCost'>, counts = DOCUMENT_CHECKS) {
  const byDocument = new WeakMap<DocumentNode, DocumentCosts>();
  return (
    schema: GraphQLSchema,
    document: DocumentNode,
    context: CostContext,
    variables: Record<string, unknown> | undefined,
  ): void => {
    let known = byDocument.get(document);
    if (!known) {
      known = { variables: sizeVariables(document), costs: new Map() };
      byDocument.set(document, known);
    }
    const operationName = operationNameOf(context);
    let key = operationName ?? '';
    for (const name of known.variables) key += `\u0000${JSON.stringify(variables?.[name] ?? null)}`;
    let cost = known.costs.get(key);
    if (cost === undefined) {
      counts.costChecks++;
      try {
        cost = operationCost(schema, document, operationName, variables);
      } catch (e) {
        // Variables that do not fit their types: execution answers that, naming the variable.
        if (e instanceof GraphQLError && !/maximum allowed number of nodes/.test(e.message)) return;
        throw refusal(e instanceof Error ? e.message : String(e));
      }
      if (known.costs.size >= COSTS_PER_DOCUMENT) known.costs.clear();
      known.costs.set(key, cost);
    }
    if (cost > limits.maxCost) {
      throw refusal(
        `Query cost limit of ${limits.maxCost} exceeded: this operation costs ${cost} (GRAPHQL_MAX_COST). Each field costs 1, pictures, manifests and stored reports more, and a list multiplies its selection by its size (first: N): ask for fewer items per page or fewer heavy fields.`,
      );
    }
  };
}

function operationNameOf(context: CostContext): string | undefined {
  const request = context.reply?.request;
  for (const source of [request?.body, request?.query]) {
    const name = (source as { operationName?: unknown } | null | undefined)?.operationName;
    if (typeof name === 'string' && name !== '') return name;
  }
  return undefined;
}

/** A refusal shaped like Mercurius' validation errors (400, GRAPHQL_VALIDATION_FAILED). */
function refusal(message: string): Error {
  return Object.assign(new Error('GraphQL validation error'), {
    statusCode: 400,
    errors: [new GraphQLError(message)],
  });
}
