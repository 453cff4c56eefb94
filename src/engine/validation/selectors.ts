// The workload controllers' label selectors as the API server validates them on create:
// pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec, ValidateReplicaSetSpec,
// ValidateDaemonSetSpec, ValidateStatefulSetSpec) and pkg/apis/core/validation/validation.go
// (ValidateReplicationControllerSpec). In apps/v1 `spec.selector` is required and is not defaulted
// from the template; every selector must select the template's labels.
// https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector

import { child } from '../intake/paths';
import type { FieldIssue } from './field-errors';
import { invalid, required } from './field-errors';

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

/**
 * The selector rules of an apps/v1 workload or a ReplicationController. `object` is the workload
 * as the document holds it; `at` is where it sits in the document.
 */
export function validateSelector(
  kind: string,
  apiVersion: string | null,
  object: Record<string, unknown>,
  at: string,
  templateLabels: Record<string, string> | undefined,
): FieldIssue[] {
  const apps = kind in EMPTY_SELECTOR;
  if (!(apps && apiVersion === 'apps/v1') && kind !== 'ReplicationController') return [];
  const spec = object.spec;
  if (!isObject(spec)) return [];
  const specAt = child(at, 'spec');
  const selectorAt = child(specAt, 'selector');
  const selector = spec.selector;
  const labelsAt = child(child(child(specAt, 'template'), 'metadata'), 'labels');
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
