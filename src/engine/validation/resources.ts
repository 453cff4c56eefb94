// ValidateResourceRequirements (pkg/apis/core/validation): every quantity parses and is not
// negative, extended resources are whole numbers, and a request never exceeds its limit (for
// resources that cannot be overcommitted, hugepages and extended resources, it must equal it).

import type { ResourceList, ResourceRequirements } from '../k8s/types';
import { child } from '../intake/paths';
import type { Quantity } from '../quantity';
import { compareQuantities, parseQuantityValue } from '../quantity';
import type { FieldIssue } from './field-errors';
import { invalid, IS_NEGATIVE, notSupported, required } from './field-errors';

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
// Native: no domain, or a kubernetes.io domain (helper.IsNativeResource).
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isOvercommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);
const isExtended = (name: string): boolean => !isNative(name) && !name.startsWith('requests.');

function readList(
  list: ResourceList | undefined,
  path: string,
  issues: FieldIssue[],
): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!list) return out;
  for (const [name, raw] of Object.entries(list)) {
    const at = child(path, name);
    const parsed = parseQuantityValue(raw);
    if (!parsed.ok) {
      issues.push(invalid(at, typeof raw === 'string' ? raw : String(raw), parsed.message));
      continue;
    }
    const q = parsed.quantity;
    if (q.nanos < 0n) {
      issues.push(invalid(at, q.toString(), IS_NEGATIVE));
      continue;
    }
    if (isExtended(name) && q.nanos % 1_000_000_000n !== 0n) {
      issues.push(invalid(at, q.toString(), 'must be an integer'));
      continue;
    }
    out.set(name, q);
  }
  return out;
}

/** A container's (or the pod's) requests and limits, at `path` (…resources). */
export function validateResourceRequirements(
  resources: ResourceRequirements | undefined,
  path: string,
  podLevel = false,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!resources) return issues;
  const limitsPath = child(path, 'limits');
  const requestsPath = child(path, 'requests');
  if (podLevel) {
    // Pod-level resources support cpu, memory and hugepages only (KEP-2837).
    for (const [side, list] of [
      [limitsPath, resources.limits],
      [requestsPath, resources.requests],
    ] as const) {
      for (const name of Object.keys(list ?? {})) {
        if (name !== 'cpu' && name !== 'memory' && !isHugePages(name)) {
          issues.push(notSupported(child(side, name), name, ['cpu', 'memory', 'hugepages-<size>']));
        }
      }
    }
  }
  const limits = readList(resources.limits, limitsPath, issues);
  const requests = readList(resources.requests, requestsPath, issues);
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    const at = child(requestsPath, name);
    if (limit) {
      const cmp = compareQuantities(request, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        issues.push(
          invalid(at, request.toString(), `must be equal to ${name} limit of ${limit.toString()}`),
        );
      } else if (cmp > 0) {
        issues.push(
          invalid(
            at,
            request.toString(),
            `must be less than or equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name) && !podLevel && !resources.limits?.[name]) {
      issues.push(required(limitsPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return issues;
}

/** spec.overhead: validated as limits are. */
export function validateOverhead(overhead: ResourceList | undefined, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  readList(overhead, path, issues);
  return issues;
}
