// Which root fields a GraphQL request executes, for the operations metric: the operation the
// request selects (its operationName, or the only one), its root selections through fragments,
// by field name (aliases are the client's, the field is the schema's) and response key.
import { Kind } from 'graphql';
import type {
  DocumentNode,
  FragmentDefinitionNode,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';

export interface RootField {
  /** The schema's field name: analyze, scenarios, createScenario, __schema. */
  name: string;
  /** Where its value is in `data` (the alias, if any); errors' `path[0]`. */
  key: string;
}

export interface ExecutedOperation {
  operation: 'query' | 'mutation' | 'subscription';
  fields: RootField[];
}

/**
 * The answers per document (Mercurius hands the same DocumentNode for every request of a cached
 * query), by operation name: the walk runs once per distinct query.
 */
const byDocument = new WeakMap<DocumentNode, Map<string, ExecutedOperation | null>>();

export function executedOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): ExecutedOperation | null {
  const name = typeof operationName === 'string' ? operationName : '';
  let known = byDocument.get(document);
  if (!known) {
    known = new Map();
    byDocument.set(document, known);
  }
  if (known.has(name)) return known.get(name)!;
  const op = findOperation(document, name);
  // A document holds few operations; a name that matches none is not kept (no unbounded growth).
  if (op !== null || known.size === 0) known.set(name, op);
  return op;
}

function findOperation(document: DocumentNode, operationName: string): ExecutedOperation | null {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const op =
    operationName !== ''
      ? operations.find((o) => o.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
  if (!op) return null;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const fields = new Map<string, RootField>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        if (!fields.has(key)) fields.set(key, { name: s.name.value, key });
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      } else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(op.selectionSet);
  return { operation: op.operation, fields: [...fields.values()] };
}

/** Each root field's outcome: error when an error's path starts at it, or has no path at all. */
export function outcomes(
  executed: ExecutedOperation,
  errors: readonly { path?: readonly (string | number)[] }[] | undefined,
): { field: RootField; outcome: 'success' | 'error' }[] {
  const failed = new Set<string>();
  let all = false;
  for (const e of errors ?? []) {
    const head = e.path?.[0];
    if (head === undefined) all = true;
    else failed.add(String(head));
  }
  return executed.fields.map((field) => ({
    field,
    outcome: all || failed.has(field.key) ? 'error' : 'success',
  }));
}
