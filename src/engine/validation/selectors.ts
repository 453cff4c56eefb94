// The workload controllers' label selectors as the API server validates them on create:
// pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec, ValidateReplicaSetSpec,
// ValidateDaemonSetSpec, ValidateStatefulSetSpec) and pkg/apis/core/validation/validation.go
// (ValidateReplicationControllerSpec). In apps/v1 `spec.selector` is required and is not defaulted
// from the template; every selector must select the template's labels.
// https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector

import type { FieldIssue } from './field-errors';
import { invalid, required, fieldPath } from './field-errors';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

/** metav1.LabelSelector's requirements, or null when it cannot be read (intake reports types). */
function requirements(selector: Record<string, unknown>): Requirement[] | null {
  const out: Requirement[] = [];
  const ml = selector.matchLabels;
  if (ml !== undefined && ml !== null) {
    if (!isObject(ml)) return null;
    for (const [k, v] of Object.entries(ml)) {
      if (typeof v !== 'string') return null;
      out.push({ key: k, operator: 'In', values: [v] });
    }
  }
  const me = selector.matchExpressions;
  if (me !== undefined && me !== null) {
    if (!Array.isArray(me)) return null;
    for (const e of me) {
      if (!isObject(e) || typeof e.key !== 'string' || typeof e.operator !== 'string') return null;
      const values = Array.isArray(e.values) ? e.values.filter((x) => typeof x === 'string') : [];
      out.push({ key: e.key, operator: e.operator, values });
    }
  }
  return out;
}

/** labels.Selector.Matches; null for an operator the API server would refuse anyway. */
function matches(reqs: readonly Requirement[], labels: Record<string, string>): boolean | null {
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels[r.key] : undefined;
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return null;
    }
  }
  return true;
}

const EMPTY_SELECTOR: Record<string, string> = {
  Deployment: 'empty selector is invalid for deployment',
  ReplicaSet: 'empty selector is invalid for deployment',
  StatefulSet: 'empty selector is not valid for statefulset.',
  DaemonSet: 'empty selector is not valid for daemonset.',
};

/** The labels the Job strategy generates (pkg/registry/batch/job/strategy.go generateSelector). */
const JOB_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];

/**
 * Does a requirement select the labels the API server generates for a new Job? The uid is
 * assigned at create, fresh and random, so no value written in a manifest equals it; the name is
 * metadata.name. null when it cannot be known (no name yet, as with generateName).
 */
function selectsGenerated(r: Requirement, name: string | null): boolean | null {
  const uid = JOB_UID_LABELS.includes(r.key);
  const byName = JOB_NAME_LABELS.includes(r.key);
  if (byName && name === null) return null;
  const has = uid || byName;
  switch (r.operator) {
    case 'In':
      return byName ? r.values.includes(name ?? '') : false;
    case 'NotIn':
      return byName ? !r.values.includes(name ?? '') : true;
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return null;
  }
}

/**
 * pkg/apis/batch/validation validateGeneratedSelector: without `manualSelector: true` the API
 * server adds its own controller-uid selector and labels, and a selector of the user's must select
 * those generated labels, or the Job is refused ("`selector` not auto-generated").
 */
function validateJobSelector(object: Record<string, unknown>, at: string): FieldIssue[] {
  const spec = object.spec;
  if (!isObject(spec) || spec.manualSelector === true) return [];
  const selector = spec.selector;
  if (!isObject(selector)) return [];
  const reqs = requirements(selector);
  if (reqs === null) return [];
  const meta = object.metadata;
  const name =
    isObject(meta) && typeof meta.name === 'string' && meta.name !== '' ? meta.name : null;
  const verdicts = reqs.map((r) => selectsGenerated(r, name));
  if (verdicts.includes(false) && !verdicts.includes(null)) {
    const issue = invalid(
      fieldPath(fieldPath(at, 'spec'), 'selector'),
      selector,
      '`selector` not auto-generated',
    );
    return [
      {
        ...issue,
        message: `${issue.message} (without spec.manualSelector: true the API server generates the Job's selector from its uid; set manualSelector: true to keep your own)`,
      },
    ];
  }
  return [];
}

/**
 * The selector rules of an apps/v1 workload, a ReplicationController or a Job. `object` is the workload
 * as the document holds it; `at` is where it sits in the document.
 */
export function validateSelector(
  kind: string,
  apiVersion: string | null,
  object: Record<string, unknown>,
  at: string,
  templateLabels: Record<string, string> | undefined,
): FieldIssue[] {
  if (kind === 'Job') {
    return apiVersion === 'batch/v1' || apiVersion === null ? validateJobSelector(object, at) : [];
  }
  const apps = kind in EMPTY_SELECTOR;
  if (!(apps && apiVersion === 'apps/v1') && kind !== 'ReplicationController') return [];
  const spec = object.spec;
  if (!isObject(spec)) return [];
  const specAt = fieldPath(at, 'spec');
  const selectorAt = fieldPath(specAt, 'selector');
  const selector = spec.selector;
  const labelsAt = fieldPath(fieldPath(fieldPath(specAt, 'template'), 'metadata'), 'labels');
  const labels = templateLabels ?? {};
  if (kind === 'ReplicationController') {
    // A map; empty or absent, it defaults to the template's labels.
    if (!isObject(selector) || Object.keys(selector).length === 0) return [];
    const reqs = requirements({ matchLabels: selector });
    if (reqs === null || matches(reqs, labels) !== false) return [];
    return [invalid(labelsAt, labels, '`selector` does not match template `labels`')];
  }
  if (selector === undefined || selector === null) {
    return [
      {
        ...required(selectorAt),
        message:
          'Required value: apps/v1 requires spec.selector (it is not defaulted from the template labels)',
      },
    ];
  }
  if (!isObject(selector)) return [];
  const reqs = requirements(selector);
  if (reqs === null) return [];
  if (reqs.length === 0) return [invalid(selectorAt, selector, EMPTY_SELECTOR[kind] ?? '')];
  if (matches(reqs, labels) === false) {
    return [invalid(labelsAt, labels, '`selector` does not match template `labels`')];
  }
  return [];
}
