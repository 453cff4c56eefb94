// GraphQL enums built from the engine's string unions, so the API and the engine cannot drift:
//   export const Severity = enumFromUnion<engine.Severity>()({ ERROR: 'ERROR', ... });
//   export type Severity = engine.Severity;
// The object must name every member of the union, each as itself, and nothing else: a value the
// engine adds or drops is a compile error here, not a silent gap in the schema.

/** Every member of the union T, keyed by itself. */
export type UnionEnum<T extends string> = { readonly [K in T]: K };

/** Every member of the union T, keyed by its upper-case name (GraphQL's enum convention). */
export type UpperCaseEnum<T extends string> = { readonly [K in T as Uppercase<K>]: K };

export function enumFromUnion<T extends string>(): (values: UnionEnum<T>) => UnionEnum<T> {
  return (values) => values;
}

/** For unions whose values are not upper case (severityOverrides take 'error' .. 'off'). */
export function upperCaseEnumFromUnion<T extends string>(): (
  values: UpperCaseEnum<T>,
) => UpperCaseEnum<T> {
  return (values) => values;
}
