import { isInterfaceType, isObjectType } from 'graphql';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';

/**
 * Gives every plain data field back to GraphQL's default resolver.
 *
 * @nestjs/graphql's code-first schema gives each field of an object type a resolver of its own
 * (`rootFieldResolver`: the property of the same name, or the field's `defaultValue`). Mercurius'
 * JIT (graphql-jit) reads a field without a resolver as a plain property access compiled into
 * the query's code, but calls a resolver, with its promise and error handling, for every field
 * that has one: for an analysis report that is several hundred calls per request. A field's
 * resolver is dropped only when it is exactly that one and changes nothing: it reads the
 * property named like the field and has no default value. @ResolveField resolvers, field
 * middleware and renamed fields keep theirs.
 */
export function withPlainFieldResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve && isPlainPropertyRead(field.resolve, field.name)) {
        field.resolve = undefined;
      }
    }
  }
  return schema;
}

function isPlainPropertyRead(resolve: GraphQLFieldResolver<unknown, unknown>, name: string) {
  if (resolve.name !== 'rootFieldResolver') return false;
  const read: PropertyKey[] = [];
  const root = new Proxy({}, { get: (_target, key) => (read.push(key), undefined) });
  const value: unknown = (resolve as (root: object) => unknown)(root);
  return value === undefined && read.length === 1 && read[0] === name;
}
