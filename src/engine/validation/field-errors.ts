// field.Error of apimachinery (pkg/util/validation/field/errors.go): the reason (ErrorType as a
// StatusCause reason), the path and the message body the API server prints after "<path>: ".

import type { DiagnosticReason, Severity } from '../report';

export interface FieldIssue {
  severity: Severity;
  reason: DiagnosticReason;
  /** From the object's root: spec.template.spec.initContainers[1].restartPolicy. */
  path: string;
  message: string;
}

const MAX_BAD_VALUE_CHARS = 80;

/**
 * Appends a struct field to a path: what intake/paths.ts `child` writes for a key that is an
 * identifier (a dot), without testing the key against a regular expression. For field names
 * only; a map key (a label, a resource name) goes through `child`.
 */
export function fieldPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** A bad value printed the way field.Error prints it: strings quoted, numbers bare. */
export function printValue(v: unknown): string {
  if (typeof v === 'string') {
    return JSON.stringify(
      v.length > MAX_BAD_VALUE_CHARS ? `${v.slice(0, MAX_BAD_VALUE_CHARS)}...` : v,
    );
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return 'null';
  return Array.isArray(v) ? '[...]' : '{...}';
}

const error = (reason: DiagnosticReason, path: string, message: string): FieldIssue => ({
  severity: 'ERROR',
  reason,
  path,
  message,
});

export function required(path: string, detail = ''): FieldIssue {
  return error('FieldValueRequired', path, detail ? `Required value: ${detail}` : 'Required value');
}

export function invalid(path: string, value: unknown, detail: string): FieldIssue {
  return error('FieldValueInvalid', path, `Invalid value: ${printValue(value)}: ${detail}`);
}

export function notSupported(
  path: string,
  value: unknown,
  supported: readonly string[],
): FieldIssue {
  return error(
    'FieldValueNotSupported',
    path,
    `Unsupported value: ${printValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  );
}

export function forbidden(path: string, detail: string): FieldIssue {
  return error('FieldValueForbidden', path, `Forbidden: ${detail}`);
}

export function duplicate(path: string, value: unknown): FieldIssue {
  return error('FieldValueDuplicate', path, `Duplicate value: ${printValue(value)}`);
}

export function notFound(path: string, value: unknown): FieldIssue {
  return error('FieldValueNotFound', path, `Not found: ${printValue(value)}`);
}

export function tooMany(path: string, actual: number, max: number): FieldIssue {
  return error('FieldValueTooMany', path, `Too many: ${actual}: must have at most ${max} items`);
}

/** field.TooLong with a byte limit (apimachinery's "may not be more than N bytes"). */
export function tooLong(path: string, max: number): FieldIssue {
  return error('FieldValueTooLong', path, `Too long: may not be more than ${max} bytes`);
}

export function warning(reason: DiagnosticReason, path: string, message: string): FieldIssue {
  return { severity: 'WARNING', reason, path, message };
}

/** apimachinery's IsNegativeErrorMsg. */
export const IS_NEGATIVE = 'must be greater than or equal to 0';
