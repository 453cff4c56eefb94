// Unknown fields as kubectl's default strict field validation reports them. Since Kubernetes 1.27
// (server-side field validation, KEP-2885) `kubectl apply` and `kubectl create` ask for
// `fieldValidation=Strict`, and the API server refuses an object with a field its schema does not
// have: `strict decoding error: unknown field "spec.replica"`
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation). The field sets
// are Kubernetes' published OpenAPI (openapi-fields.generated.ts).

import { child, index } from '../intake/paths';
import type { FieldIssue } from './field-errors';
import { OPENAPI_FIELDS, OPENAPI_KIND_ROOTS } from './openapi-fields.generated';

/** Bounds the walk over a hostile document (the cap per document applies afterwards). */
const MAX_UNKNOWN_FIELDS = 200;

// What a field's value is, decoded once from the generated table: a value with no fields to
// check, one object of a type, a list of them, or a map of them.
const enum ValueKind {
  Leaf,
  Object,
  List,
  Map,
}

interface FieldRef {
  kind: ValueKind;
  /** The element type (Object, List and Map). */
  type: TypeFields | null;
}

interface TypeFields {
  fields: ReadonlyMap<string, FieldRef>;
  /** The field names, for the "did you mean" guess. */
  names: readonly string[];
}

const LEAF: FieldRef = { kind: ValueKind.Leaf, type: null };

// Decoded types, filled on first use; bounded by the generated table and never changed after.
const TYPES = new Map<string, TypeFields | null>();

function typeFields(type: string): TypeFields | null {
  const known = TYPES.get(type);
  if (known !== undefined) return known;
  const table = Object.prototype.hasOwnProperty.call(OPENAPI_FIELDS, type)
    ? OPENAPI_FIELDS[type]
    : undefined;
  if (table === undefined) {
    TYPES.set(type, null);
    return null;
  }
  const fields = new Map<string, FieldRef>();
  const decoded: TypeFields = { fields, names: Object.keys(table) };
  // Kept before its fields are decoded, so a type that refers back to itself finds it.
  TYPES.set(type, decoded);
  for (const name of decoded.names) fields.set(name, fieldRef(table[name] ?? ''));
  return decoded;
}

function fieldRef(ref: string): FieldRef {
  if (ref === '') return LEAF;
  const kind = ref.startsWith('[]')
    ? ValueKind.List
    : ref.startsWith('{}')
      ? ValueKind.Map
      : ValueKind.Object;
  // A reference to a type the table does not describe has nothing to check inside.
  const type = typeFields(kind === ValueKind.Object ? ref : ref.slice(2));
  return type === null ? LEAF : { kind, type };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The walk's state. The position is a stack of segments (field names and list indexes), turned
 * into paths only for an unknown field: most objects have none, and building two path strings
 * per node was most of the walk's cost.
 */
interface Walk {
  issues: FieldIssue[];
  rootPath: string;
  segments: (string | number)[];
}

/**
 * The unknown fields of one object of a workload kind. `rootPath` is where the object sits in the
 * document (`items[2]` in a List, '' otherwise): diagnostic paths start at the document's root,
 * while the message names the field from the object's own root, as the API server does.
 */
export function unknownFields(kind: string, value: unknown, rootPath: string): FieldIssue[] {
  const root = OPENAPI_KIND_ROOTS[kind];
  if (root === undefined) return [];
  const type = typeFields(root);
  const walk: Walk = { issues: [], rootPath, segments: [] };
  if (type !== null) visit(value, type, walk);
  return walk.issues;
}

function visit(value: unknown, type: TypeFields, walk: Walk): void {
  if (!isObject(value)) return; // wrong types are intake's to report
  const { segments } = walk;
  const keys = Object.keys(value);
  for (let k = 0; k < keys.length; k++) {
    if (walk.issues.length >= MAX_UNKNOWN_FIELDS) return;
    const key = keys[k]!;
    const ref = type.fields.get(key);
    if (ref === undefined) {
      unknownField(walk, key, type);
      continue;
    }
    if (ref.type === null) continue;
    const v = value[key];
    if (v === null || v === undefined) continue;
    segments.push(key);
    if (ref.kind === ValueKind.List) {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          segments.push(i);
          visit(v[i], ref.type, walk);
          segments.pop();
        }
      }
    } else if (ref.kind === ValueKind.Map) {
      if (isObject(v)) {
        for (const mapKey of Object.keys(v)) {
          segments.push(mapKey);
          visit(v[mapKey], ref.type, walk);
          segments.pop();
        }
      }
    } else {
      visit(v, ref.type, walk);
    }
    segments.pop();
  }
}

function unknownField(walk: Walk, key: string, type: TypeFields): void {
  // Field names join with child (a dot, or brackets for a key that is not an identifier), list
  // positions with index, as the API server writes paths.
  let at = walk.rootPath;
  let relAt = '';
  for (const segment of walk.segments) {
    if (typeof segment === 'number') {
      at = index(at, segment);
      relAt = index(relAt, segment);
    } else {
      at = child(at, segment);
      relAt = child(relAt, segment);
    }
  }
  at = child(at, key);
  relAt = child(relAt, key);
  const guess = closestField(key, type.names);
  walk.issues.push({
    severity: 'ERROR',
    reason: 'UnknownField',
    path: at,
    message: `unknown field ${JSON.stringify(relAt)}${guess === null ? '' : ` (did you mean ${JSON.stringify(guess)}?)`}: kubectl's default strict field validation refuses the object (strict decoding error)`,
  });
}

/** A known field the unknown one was most likely meant to be (case, or a typo of up to 2). */
function closestField(key: string, known: readonly string[]): string | null {
  const lower = key.toLowerCase();
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = k.toLowerCase() === lower ? 0 : distance(k.toLowerCase(), lower, bestDistance);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(
        Math.min(
          (prev[j] ?? 0) + 1,
          (row[j - 1] ?? 0) + 1,
          (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? cap;
}
