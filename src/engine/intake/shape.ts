// Shape checking: untyped JSON in, the k8s/types.ts shapes out. Downstream analyses trust those
// types, so every value of the wrong type is reported (FieldValueTypeInvalid, the API server's
// decode error) and removed or replaced:
// - a wrong-typed field is dropped (as if absent);
// - a wrong-typed list item is replaced by an empty placeholder ({} for a container) so that the
//   indexes, and with them every field path, stay those of the user's text;
// - a number or boolean where a string belongs is reported and kept as its text, since the
//   user's intent is plain and the analyses can go on.
// YAML 1.1 booleans (`no`, `on`, ...) are decided here as well (docs/kubernetes-behaviour.md#yaml): Kubernetes decodes YAML 1.1, so they are booleans for boolean fields and
// an AmbiguousValue warning where the field is a string.

import type { Diagnostic } from '../report';
import { MAX_QUOTED_VALUE_CHARS } from './limits';
import { child, index } from './paths';

export type Shape =
  | { t: 'string' }
  | { t: 'bool' }
  /** A Go int64 (held exactly up to ±2^53), or an int32 with `bits: 32`. */
  | { t: 'int'; bits?: 32 }
  | { t: 'intOrString' }
  | { t: 'quantity' }
  | { t: 'any' }
  | { t: 'object'; fields: Record<string, Shape>; what: string; closed?: boolean }
  | { t: 'list'; of: Shape }
  | { t: 'map'; of: Shape };

const str: Shape = { t: 'string' };
const bool: Shape = { t: 'bool' };
const int: Shape = { t: 'int' };
/** Kubernetes' int32 fields: the API server cannot decode a larger number into them. */
const int32: Shape = { t: 'int', bits: 32 };
const intOrString: Shape = { t: 'intOrString' };
const quantity: Shape = { t: 'quantity' };
const any: Shape = { t: 'any' };
const obj = (what: string, fields: Record<string, Shape>): Shape => ({ t: 'object', fields, what });
const list = (of: Shape): Shape => ({ t: 'list', of });
const map = (of: Shape): Shape => ({ t: 'map', of });

const RESOURCE_LIST = map(quantity);
const RESOURCES = obj('resource requirements', {
  requests: RESOURCE_LIST,
  limits: RESOURCE_LIST,
  claims: any,
});
const HANDLER_FIELDS: Record<string, Shape> = {
  exec: obj('exec action', { command: list(str) }),
  httpGet: obj('httpGet action', {
    path: str,
    port: intOrString,
    host: str,
    scheme: str,
    httpHeaders: list(obj('HTTP header', { name: str, value: str })),
  }),
  tcpSocket: obj('tcpSocket action', { port: intOrString, host: str }),
};
const LIFECYCLE_HANDLER = obj('lifecycle handler', {
  ...HANDLER_FIELDS,
  sleep: obj('sleep action', { seconds: int }),
});
const PROBE = obj('probe', {
  ...HANDLER_FIELDS,
  grpc: obj('grpc action', { port: int32, service: str }),
  initialDelaySeconds: int32,
  timeoutSeconds: int32,
  periodSeconds: int32,
  successThreshold: int32,
  failureThreshold: int32,
  terminationGracePeriodSeconds: int,
});

// The complete v1.Container field list: anything else is an unknown field (closed).
export const CONTAINER_SHAPE: Shape = {
  t: 'object',
  what: 'container',
  closed: true,
  fields: {
    name: str,
    image: str,
    command: list(str),
    args: list(str),
    workingDir: str,
    ports: list(
      obj('container port', {
        name: str,
        containerPort: int32,
        hostPort: int32,
        protocol: str,
        hostIP: str,
      }),
    ),
    env: list(obj('environment variable', { name: str, value: str, valueFrom: any })),
    envFrom: list(any),
    resources: RESOURCES,
    resizePolicy: list(obj('resize policy', { resourceName: str, restartPolicy: str })),
    restartPolicy: str,
    restartPolicyRules: list(
      obj('restart rule', {
        action: str,
        exitCodes: obj('exit codes', { operator: str, values: list(int32) }),
      }),
    ),
    volumeMounts: list(
      obj('volume mount', {
        name: str,
        mountPath: str,
        readOnly: bool,
        subPath: str,
        subPathExpr: str,
        mountPropagation: str,
      }),
    ),
    volumeDevices: list(obj('volume device', { name: str, devicePath: str })),
    livenessProbe: PROBE,
    readinessProbe: PROBE,
    startupProbe: PROBE,
    lifecycle: obj('lifecycle', {
      postStart: LIFECYCLE_HANDLER,
      preStop: LIFECYCLE_HANDLER,
      stopSignal: str,
    }),
    terminationMessagePath: str,
    terminationMessagePolicy: str,
    imagePullPolicy: str,
    securityContext: obj('security context', {
      privileged: bool,
      readOnlyRootFilesystem: bool,
      runAsNonRoot: bool,
      allowPrivilegeEscalation: bool,
      runAsUser: int,
      runAsGroup: int,
    }),
    stdin: bool,
    stdinOnce: bool,
    tty: bool,
    // ephemeral containers only
    targetContainerName: str,
  },
};

export const POD_SPEC_SHAPE = obj('pod spec', {
  initContainers: list(CONTAINER_SHAPE),
  containers: list(CONTAINER_SHAPE),
  ephemeralContainers: list(CONTAINER_SHAPE),
  restartPolicy: str,
  terminationGracePeriodSeconds: int,
  activeDeadlineSeconds: int,
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  hostUsers: bool,
  shareProcessNamespace: bool,
  setHostnameAsFQDN: bool,
  automountServiceAccountToken: bool,
  enableServiceLinks: bool,
  volumes: list(obj('volume', { name: str })),
  overhead: RESOURCE_LIST,
  resources: RESOURCES,
  readinessGates: list(obj('readiness gate', { conditionType: str })),
  nodeSelector: map(str),
  serviceAccountName: str,
  serviceAccount: str,
  nodeName: str,
  schedulerName: str,
  priorityClassName: str,
  runtimeClassName: str,
  hostname: str,
  subdomain: str,
  dnsPolicy: str,
  priority: int32,
});

export const OBJECT_META_SHAPE = obj('object metadata', {
  name: str,
  generateName: str,
  namespace: str,
  labels: map(str),
  annotations: map(str),
  deletionGracePeriodSeconds: int,
});

const CONTAINER_STATE = obj('container state', {
  running: obj('running state', { startedAt: str }),
  terminated: obj('terminated state', {
    exitCode: int32,
    reason: str,
    startedAt: str,
    finishedAt: str,
  }),
  waiting: obj('waiting state', { reason: str, message: str }),
});
const CONTAINER_STATUS = obj('container status', {
  name: str,
  ready: bool,
  started: bool,
  restartCount: int32,
  image: str,
  state: CONTAINER_STATE,
  lastState: CONTAINER_STATE,
});
export const POD_STATUS_SHAPE = obj('pod status', {
  phase: str,
  qosClass: str,
  conditions: list(obj('pod condition', { type: str, status: str, reason: str, message: str })),
  initContainerStatuses: list(CONTAINER_STATUS),
  containerStatuses: list(CONTAINER_STATUS),
});

/** Plain YAML 1.1 scalars that YAML 1.2 reads as strings but Kubernetes (YAML 1.1) as booleans. */
export const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF)$/;

export function yaml11BooleanValue(text: string): boolean {
  return /^(?:y|Y|yes|Yes|YES|on|On|ON)$/.test(text);
}

export interface ShapeContext {
  document: number;
  diagnostics: Diagnostic[];
  /** Raw keys (segments joined by NUL) of plain scalars that are YAML 1.1 booleans. */
  ambiguous: ReadonlySet<string>;
  /** The source text of the scalar at a raw key, when the text has one. */
  sourceOf(raw: string): string | null;
}

/** Where a value sits: its display path and its raw key (segments joined by NUL). */
/**
 * Where a value is: its field path as the API server writes it and its raw key (segments joined
 * by NUL). Both are built only when read (a diagnostic, a YAML 1.1 word): most values never are.
 */
export class At {
  private pathText: string | null;
  private rawText: string | null;

  constructor(
    private readonly parent: At | null,
    private readonly segment: string | number,
    path: string | null = null,
    raw: string | null = null,
  ) {
    this.pathText = path;
    this.rawText = raw;
  }

  get path(): string {
    if (this.pathText === null) {
      const base = this.parent!.path;
      this.pathText =
        typeof this.segment === 'number' ? index(base, this.segment) : child(base, this.segment);
    }
    return this.pathText;
  }

  get raw(): string {
    if (this.rawText === null) {
      const base = this.parent!.raw;
      this.rawText = base === '' ? String(this.segment) : `${base}\u0000${this.segment}`;
    }
    return this.rawText;
  }
}

export function at(path: string, raw: string): At {
  return new At(null, '', path, raw);
}

export function childAt(a: At, key: string): At {
  return new At(a, key);
}

export function indexAt(a: At, i: number): At {
  return new At(a, i);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How a value is named in messages. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return typeof v;
}

/** A value quoted the way field.Error prints bad values: strings in quotes, numbers bare. */
export function quote(v: unknown): string {
  if (typeof v === 'string') {
    const s = v.length > MAX_QUOTED_VALUE_CHARS ? `${v.slice(0, MAX_QUOTED_VALUE_CHARS)}...` : v;
    return JSON.stringify(s);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return Array.isArray(v) ? '[...]' : '{...}';
}

function expected(shape: Shape): string {
  switch (shape.t) {
    case 'string':
      return 'a string';
    case 'bool':
      return 'a boolean (true or false)';
    case 'int':
      return 'an integer';
    case 'intOrString':
      return 'an integer or a string';
    case 'quantity':
      return 'a quantity (a string such as "500m" or "128Mi", or a number)';
    case 'object':
      return `a mapping (${shape.what})`;
    case 'list':
      return 'a list';
    case 'map':
      return 'a mapping';
    case 'any':
      return 'a value';
  }
}

function report(ctx: ShapeContext, diag: Omit<Diagnostic, 'document' | 'line' | 'column'>): void {
  // Positions are filled in by intake for the diagnostics that are kept (see capped()).
  ctx.diagnostics.push({ ...diag, document: ctx.document, line: null, column: null });
}

/**
 * Why a number is not an integer field's value: a fraction, or a whole number too large to be
 * held exactly (beyond ±2^53; Kubernetes' int32 and int64 fields are far below that in practice).
 */
export function notAnInteger(value: unknown, bits?: 32): string {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return `Invalid value: ${quote(value)}: must be an integer, not ${describe(value)}`;
  }
  return bits === 32
    ? `Invalid value: ${quote(value)}: must be a 32-bit integer, from ${INT32_MIN} to ${INT32_MAX}`
    : `Invalid value: ${quote(value)}: must be an integer from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}; a larger one cannot be held exactly`;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Whether a value fits an integer field of the given width. */
export function isInteger(value: unknown, bits?: 32): value is number {
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    (bits !== 32 || (value >= INT32_MIN && value <= INT32_MAX))
  );
}

function typeInvalid(ctx: ShapeContext, a: At, value: unknown, shape: Shape, extra = ''): void {
  report(ctx, {
    severity: 'ERROR',
    reason: 'FieldValueTypeInvalid',
    path: a.path,
    message:
      (shape.t === 'int' || shape.t === 'intOrString') &&
      typeof value === 'number' &&
      Number.isInteger(value)
        ? notAnInteger(value, shape.t === 'int' ? shape.bits : undefined)
        : `Invalid value: ${quote(value)}: must be ${expected(shape)}, not ${describe(value)}${extra}`,
  });
}

function placeholder(shape: Shape): unknown {
  switch (shape.t) {
    case 'object':
    case 'map':
      return {};
    case 'list':
      return [];
    case 'string':
    case 'intOrString':
    case 'quantity':
      return '';
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'any':
      return null;
  }
}

/** Returns the value in its checked shape, or undefined when it is to be left out. */
export function sanitize(value: unknown, shape: Shape, a: At, ctx: ShapeContext): unknown {
  // null in JSON/YAML is the Go zero value: the field is as good as absent.
  if (value === null || value === undefined) return undefined;
  switch (shape.t) {
    case 'any':
      return value;
    case 'string':
      if (typeof value === 'string') {
        if (ctx.ambiguous.size > 0 && ctx.ambiguous.has(a.raw)) {
          report(ctx, {
            severity: 'WARNING',
            reason: 'AmbiguousValue',
            path: a.path,
            message: `${quote(value)} is a boolean (${yaml11BooleanValue(value)}) to Kubernetes, which reads YAML 1.1, but this field must be a string; quote it: ${JSON.stringify(value)}`,
          });
        }
        return value;
      }
      if (typeof value === 'number' || typeof value === 'boolean') {
        // Keep the text as written (`1.10`, not 1.1): that is what the user meant.
        const text = ctx.sourceOf(a.raw) ?? String(value);
        typeInvalid(
          ctx,
          a,
          value,
          shape,
          `; the API server cannot decode ${describe(value)} into a string field; quote it: ${JSON.stringify(text)}`,
        );
        return text;
      }
      typeInvalid(ctx, a, value, shape);
      return undefined;
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && ctx.ambiguous.size > 0 && ctx.ambiguous.has(a.raw)) {
        return yaml11BooleanValue(value);
      }
      typeInvalid(ctx, a, value, shape);
      return undefined;
    case 'int':
      if (isInteger(value, shape.bits)) return value;
      typeInvalid(ctx, a, value, shape, typeof value === 'string' ? '; remove the quotes' : '');
      return undefined;
    case 'intOrString':
      if ((typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'string') {
        return value;
      }
      typeInvalid(ctx, a, value, shape);
      return undefined;
    case 'quantity':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') {
        if (Number.isFinite(value)) return value;
        report(ctx, {
          severity: 'ERROR',
          reason: 'FieldValueInvalid',
          path: a.path,
          message: `Invalid value: ${ctx.sourceOf(a.raw) ?? quote(value)}: the number is too large to be read (it is not a finite number)`,
        });
        return undefined;
      }
      typeInvalid(ctx, a, value, shape);
      return undefined;
    case 'object': {
      if (!isPlainObject(value)) {
        typeInvalid(ctx, a, value, shape);
        return undefined;
      }
      // Copy on write: a collection whose every entry comes out as it went in (most of them)
      // is returned as it is, not copied (the analyses never write to what they read);
      // the copy starts at the first entry that differs.
      const keys = Object.keys(value);
      let out: Record<string, unknown> | null = null;
      for (let n = 0; n < keys.length; n++) {
        const key = keys[n]!;
        const v = value[key];
        const fieldShape = shape.fields[key];
        // Strict decoding (kubectl's default) refuses an unknown field: validation reports it
        // (validation/unknown-fields.ts); the analyses never see it. In an open shape, fields
        // this product does not read are kept as they are.
        const s =
          fieldShape === undefined
            ? shape.closed
              ? undefined
              : v
            : sanitizeField(v, fieldShape, a, key, ctx);
        if (out === null) {
          if (s === v && key !== '__proto__') continue;
          out = copyOf(value, keys, n);
        }
        if (s !== undefined) out[key] = s;
      }
      return out ?? value;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        typeInvalid(ctx, a, value, shape);
        return undefined;
      }
      let out: unknown[] | null = null; // copy on write, as for an object
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const s = sanitizeField(v, shape.of, a, i, ctx);
        if (out === null) {
          if (s === v) continue;
          out = value.slice(0, i);
        }
        // A null item decodes to the zero value; a wrong-typed one has been reported.
        out.push(s !== undefined ? s : placeholder(shape.of));
      }
      return out ?? value;
    }
    case 'map': {
      if (!isPlainObject(value)) {
        typeInvalid(ctx, a, value, shape);
        return undefined;
      }
      const keys = Object.keys(value);
      let out: Record<string, unknown> | null = null; // copy on write, as for an object
      for (let n = 0; n < keys.length; n++) {
        const key = keys[n]!;
        const v = value[key];
        const s = sanitizeField(v, shape.of, a, key, ctx);
        if (out === null) {
          if (s === v && key !== '__proto__') continue;
          out = copyOf(value, keys, n);
        }
        if (s !== undefined) out[key] = s;
      }
      return out ?? value;
    }
  }
}

/**
 * A new object with the first `n` entries of `value` (which came out of sanitize() as they
 * went in), to which sanitize() adds the rest. A `__proto__` entry is never among them: it
 * starts the copy, and is assigned as the copy always assigned it.
 */
function copyOf(
  value: Record<string, unknown>,
  keys: string[],
  n: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let m = 0; m < n; m++) out[keys[m]!] = value[keys[m]!];
  return out;
}

/**
 * sanitize() of a field or item of the collection at `parent`. A value of the right type (most
 * of them) is returned at once, without building its At: a field's path and raw key are needed
 * only for a diagnostic or a YAML 1.1 word.
 */
function sanitizeField(
  value: unknown,
  shape: Shape,
  parent: At,
  key: string | number,
  ctx: ShapeContext,
): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.t) {
    case 'any':
      return value;
    case 'string':
      if (typeof value === 'string' && ctx.ambiguous.size === 0) return value;
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      break;
    case 'int':
      if (isInteger(value, shape.bits)) return value;
      break;
    case 'intOrString':
      if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) {
        return value;
      }
      break;
    case 'quantity':
      if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
        return value;
      }
      break;
    default:
      break;
  }
  const at = typeof key === 'number' ? indexAt(parent, key) : childAt(parent, key);
  return sanitize(value, shape, at, ctx);
}
