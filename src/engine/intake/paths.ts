// Field paths as the API server writes them: `spec.containers[0].resources.requests.cpu`.
// Struct fields and simple map keys are joined with dots; list indexes and map keys that are not
// plain identifiers (annotation keys such as `sidecar.istio.io/inject`) go in brackets, the way
// field.Path.Key renders them.

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Appends a struct field or map key. */
export function child(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${key}]`;
}

/** Appends a list index. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/**
 * Splits a path back into segments. `[3]` is a number (a list index or, where the node is a
 * mapping, the key "3"); anything else in brackets is a map key.
 */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path.charAt(i);
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      const end = path.indexOf(']', i + 1);
      const inner = end < 0 ? path.slice(i + 1) : path.slice(i + 1, end);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = end < 0 ? path.length : end + 1;
      continue;
    }
    let j = i;
    while (j < path.length && path.charAt(j) !== '.' && path.charAt(j) !== '[') j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out;
}
