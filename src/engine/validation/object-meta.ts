// Object metadata as the API server validates it on create: the name by the kind's rule, label keys
// and values, annotation keys and their total size. Sources:
// staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go (ValidateObjectMeta,
// ValidateAnnotations), staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation (ValidateLabels),
// staging/src/k8s.io/apimachinery/pkg/api/validate/content/kube.go (IsLabelKey, IsLabelValue),
// staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go (IsDNS1123Subdomain, Label).
// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/ and .../labels/

import type { ObjectMeta } from '../k8s/types';
import type { FieldIssue } from './field-errors';
import { invalid, printValue, warning, fieldPath } from './field-errors';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY = new RegExp(`^${LABEL_KEY_FMT}$`);
const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
/** TotalAnnotationSizeLimitB: 256 KiB over every key and value. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

const maxLen = (n: number) => `must be no more than ${n} characters`;
const empty = 'must be non-empty';

/** apimachinery's RegexError: the message, examples, and the regex. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/**
 * Go's len(): UTF-8 bytes, counted from the UTF-16 code units without encoding (as TextEncoder
 * would: a surrogate pair is 4 bytes, a lone surrogate becomes U+FFFD, 3 bytes).
 */
export function byteLength(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      // A pair: two code units, four bytes.
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      bytes += 2;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLen(253));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLen(63));
  if (!DNS1123_LABEL.test(value)) {
    if (DNS1123_SUBDOMAIN.test(value)) errs.push('must not contain dots');
    else {
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc',
        ),
      );
    }
  }
  return errs;
}

/** IsLabelKey (IsQualifiedName): an optional DNS subdomain prefix and '/', then a name of 63. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  const keyMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  let name: string;
  if (parts.length === 1) name = parts[0] ?? '';
  else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push(`prefix part ${empty}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a valid label key ${regexError(keyMsg, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${empty}`);
  else if (byteLength(name) > 63) errs.push(`name part ${maxLen(63)}`);
  if (!LABEL_KEY.test(name)) {
    errs.push(`name part ${regexError(keyMsg, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

/** IsLabelValue: empty, or 63 characters of the label-key alphabet. */
export function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLen(63));
  if (!LABEL_VALUE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/**
 * Template syntax that is clearly not rendered yet (`{{ .Values.name }}`, `{{uid}}`, `${NAME}`,
 * `<node-hostname>`): the manifest is input to a tool (Helm, envsubst, an OpenShift template, an
 * operator that fills it in), not what reaches the API server.
 */
const UNRENDERED = /\{\{[^{}]*\}\}|\$\{[A-Za-z_][A-Za-z0-9_.:-]*\}|<[A-Za-z][^<>]*>/;
/** A whole value in capitals of two words or more (`FILLED BY THE OPERATOR`, `YOUR_NAMESPACE`). */
const CAPITALS_PHRASE = /^[A-Z][A-Z0-9]*(?:[ _][A-Z0-9]+)+$/;

export function unrenderedPlaceholder(value: string): string | null {
  const m = UNRENDERED.exec(value);
  if (m) return m[0];
  return CAPITALS_PHRASE.test(value) ? value : null;
}

/** Invalid, or a WARNING with its evidence when the value is an unrendered template. */
function invalidOrTemplate(path: string, value: string, msg: string): FieldIssue {
  const placeholder = unrenderedPlaceholder(value);
  if (placeholder === null) return invalid(path, value, msg);
  return warning(
    'FieldValueInvalid',
    path,
    `Invalid value: ${printValue(value)}: ${msg} (the value holds the unrendered placeholder ${placeholder}: render the template before applying it; the API server checks the rendered value)`,
  );
}

/**
 * The name rule of each kind the engine reads: every one validates its name as a DNS subdomain
 * (ValidatePodName, ValidateReplicationControllerName, ValidateDeploymentName, ... all
 * NameIsDNSSubdomain); the CronJob's is also held to 52 characters, since its Jobs append 11.
 */
const CRONJOB_NAME_MAX = 52;

/** ValidateObjectMeta on create for a workload object (the name, labels, annotations). */
export function validateObjectMeta(kind: string, meta: ObjectMeta, at: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const namePath = fieldPath(at, 'name');
  if (typeof meta.generateName === 'string' && meta.generateName !== '') {
    // NameIsDNSSubdomain with prefix: a trailing '-' is allowed before the random suffix.
    const masked = meta.generateName.endsWith('-')
      ? `${meta.generateName.slice(0, -1)}a`
      : meta.generateName;
    for (const msg of isDNS1123Subdomain(masked)) {
      issues.push(invalidOrTemplate(fieldPath(at, 'generateName'), meta.generateName, msg));
    }
  }
  if (typeof meta.name === 'string' && meta.name !== '') {
    for (const msg of isDNS1123Subdomain(meta.name)) {
      issues.push(invalidOrTemplate(namePath, meta.name, msg));
    }
    if (kind === 'CronJob' && byteLength(meta.name) > CRONJOB_NAME_MAX) {
      // pkg/apis/batch/validation: ValidateCronJobCreate.
      issues.push(invalidOrTemplate(namePath, meta.name, maxLen(CRONJOB_NAME_MAX)));
    }
    if (
      kind === 'StatefulSet' &&
      isDNS1123Subdomain(meta.name).length === 0 &&
      isDNS1123Label(meta.name).length > 0
    ) {
      // Each pod's hostname is `<name>-<ordinal>`, a DNS label: a dotted or long name is accepted
      // by some releases' validation but gives pods no valid hostname (newer releases refuse it).
      issues.push(
        warning(
          'FieldValueInvalid',
          namePath,
          `Invalid value: ${printValue(meta.name)}: ${isDNS1123Label(meta.name).join(', ')}: a StatefulSet's pods take "<name>-<ordinal>" as their hostname, a DNS label, and newer Kubernetes releases validate StatefulSet names as DNS labels`,
        ),
      );
    }
  }
  if (typeof meta.namespace === 'string' && meta.namespace !== '') {
    for (const msg of isDNS1123Label(meta.namespace)) {
      issues.push(invalidOrTemplate(fieldPath(at, 'namespace'), meta.namespace, msg));
    }
  }
  issues.push(...validateLabels(meta.labels, fieldPath(at, 'labels')));
  issues.push(...validateAnnotations(meta.annotations, fieldPath(at, 'annotations')));
  return issues;
}

/** ValidateLabels: each key a qualified name, each value a label value; the path is the map's. */
export function validateLabels(
  labels: Record<string, string> | undefined,
  at: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (labels === undefined) return issues;
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) issues.push(invalidOrTemplate(at, k, msg));
    if (typeof v !== 'string') continue;
    for (const msg of isLabelValue(v)) issues.push(invalidOrTemplate(at, v, msg));
  }
  return issues;
}

/** ValidateAnnotations: keys are qualified names in any case; keys and values 256 KiB in all. */
export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  at: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (annotations === undefined) return issues;
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) issues.push(invalidOrTemplate(at, k, msg));
    total += byteLength(k) + (typeof v === 'string' ? byteLength(v) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) {
    issues.push({
      severity: 'ERROR',
      reason: 'FieldValueTooLong',
      path: at,
      message: `Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT_B} bytes (the annotations hold ${total} bytes of keys and values)`,
    });
  }
  return issues;
}
