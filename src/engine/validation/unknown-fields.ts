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

interface Walk {
  issues: FieldIssue[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The unknown fields of one object of a workload kind. `rootPath` is where the object sits in the
 * document (`items[2]` in a List, '' otherwise): diagnostic paths start at the document's root,
 * while the message names the field from the object's own root, as the API server does.
 */
export function unknownFields(kind: string, value: unknown, rootPath: string): FieldIssue[] {
  const root = OPENAPI_KIND_ROOTS[kind];
  if (root === undefined) return [];
  const walk: Walk = { issues: [] };
  visit(value, root, rootPath, '', walk);
  return walk.issues;
}

function visit(value: unknown, type: string, path: string, rel: string, walk: Walk): void {
  const fields = OPENAPI_FIELDS[type];
  if (fields === undefined || !isObject(value)) return; // wrong types are intake's to report
  for (const [key, v] of Object.entries(value)) {
    if (walk.issues.length >= MAX_UNKNOWN_FIELDS) return;
    const at = child(path, key);
    const relAt = child(rel, key);
    const ref = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
    if (ref === undefined) {
      const guess = closestField(key, Object.keys(fields));
      walk.issues.push({
        severity: 'ERROR',
        reason: 'UnknownField',
        path: at,
        message: `unknown field ${JSON.stringify(relAt)}${guess === null ? '' : ` (did you mean ${JSON.stringify(guess)}?)`}: kubectl's default strict field validation refuses the object (strict decoding error)`,
      });
      continue;
    }
    if (ref === '' || v === null || v === undefined) continue;
    if (ref.startsWith('[]')) {
      if (!Array.isArray(v)) continue;
      const of = ref.slice(2);
      v.forEach((item, i) => visit(item, of, index(at, i), index(relAt, i), walk));
    } else if (ref.startsWith('{}')) {
      if (!isObject(v)) continue;
      const of = ref.slice(2);
      for (const [k, item] of Object.entries(v)) {
        visit(item, of, child(at, k), child(relAt, k), walk);
      }
    } else {
      visit(v, ref, at, relAt, walk);
    }
  }
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
