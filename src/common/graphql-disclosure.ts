// What the GraphQL endpoint tells a stranger about itself: the schema (introspection) and, in
// validation errors, the names of fields and types close to a wrong one ("Did you mean ...?").
// Both help a developer and both help someone probing a production service, so they follow
// GRAPHQL_INTROSPECTION and GRAPHQL_SUGGESTIONS (default: on, off when NODE_ENV=production).

import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { ValidationRule } from 'graphql';

export interface DisclosureOptions {
  graphqlIntrospection: boolean;
  graphqlSuggestions: boolean;
}

/** Validation rules that refuse `__schema` and `__type` when introspection is off (`__typename` stays). */
export function introspectionRules(opts: DisclosureOptions): ValidationRule[] {
  return opts.graphqlIntrospection ? [] : [NoSchemaIntrospectionCustomRule];
}

/**
 * graphql-js' own switch (validate's hideSuggestions, graphql 16.10+), passed through Mercurius'
 * `graphql.validateOptions` (typed there with maxErrors only; 100 is graphql-js' default).
 */
export function validateOptions(opts: DisclosureOptions): {
  maxErrors: number;
  hideSuggestions: boolean;
} {
  return { maxErrors: 100, hideSuggestions: !opts.graphqlSuggestions };
}

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Errors raised outside validation (a variable's value coerced at execution) carry suggestions
 * graphql-js adds regardless: strip them from the message when suggestions are off.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '').trimEnd();
}

interface FormattedErrors {
  statusCode: number;
  response: { data?: unknown; errors?: readonly { message: string }[] | null };
}

/** The error formatter, with suggestions stripped from every message when they are off. */
export function suggestionsFollow<A extends unknown[], R extends FormattedErrors>(
  opts: DisclosureOptions,
  format: (...args: A) => R,
): (...args: A) => R {
  if (opts.graphqlSuggestions) return format;
  return (...args: A): R => {
    const out = format(...args);
    const errors = out.response.errors?.map((e) => ({
      ...e,
      message: withoutSuggestions(e.message),
    }));
    return { ...out, response: { ...out.response, errors } };
  };
}
