// ValidateResourceRequirements (pkg/apis/core/validation/validation.go): every quantity is not
// negative, extended resources are whole numbers, and a request never exceeds its limit (for
// resources that cannot be overcommitted, hugepages and extended resources, it must equal it).
// Pod-level resources (validatePodResources, validatePodResourceConsistency; KEP-2837) name cpu,
// memory and hugepages only, and must cover what the containers ask for.
//
// Paths are the API server's: a quantity's error is at `limits[cpu]` (field.Path.Key), a request
// compared with its limit at `requests` (the list; the resource is named in the message), e.g.
// `spec.containers[0].resources.requests: Invalid value: "700m": must be less than or equal to cpu
// limit of 500m`. A quantity that does not parse never reaches validation (the API server fails to
// decode the object); it is reported at the dotted path, which locates it in the document.

import type { Container, ResourceList, ResourceRequirements } from '../k8s/types';
import { child, index } from '../intake/paths';
import type { Quantity } from '../quantity';
import { addQuantities, compareQuantities, maxQuantity, parseQuantityValue } from '../quantity';
import type { FieldIssue } from './field-errors';
import { forbidden, invalid, IS_NEGATIVE, notSupported, required, fieldPath } from './field-errors';

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
// Native: no domain, or a kubernetes.io domain (helper.IsNativeResource).
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isOvercommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);
const isExtended = (name: string): boolean => !isNative(name) && !name.startsWith('requests.');
const isCpuOrMemory = (name: string): boolean => name === 'cpu' || name === 'memory';

/** field.Path.Key: a map key always in brackets. */
const key = (path: string, name: string): string => `${path}[${name}]`;

/** Standard resource names (helper.IsStandardResourceName), for the pod-level name check. */
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
/** validatePodResourceName: the values field.NotSupported lists. */
const POD_LEVEL_RESOURCES = ['cpu', 'hugepages-', 'memory'] as const;

/**
 * Parses a resource list, reporting negative and fractional-extended quantities at `path[name]`.
 * A quantity that does not parse is reported at `documentPath.name`, where the document holds it.
 */
function readList(
  list: ResourceList | undefined,
  path: string,
  issues: FieldIssue[],
  documentPath = path,
): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!list) return out;
  for (const [name, raw] of Object.entries(list)) {
    const parsed = parseQuantityValue(raw);
    if (!parsed.ok) {
      issues.push(
        invalid(
          child(documentPath, name),
          typeof raw === 'string' ? raw : String(raw),
          parsed.message,
        ),
      );
      continue;
    }
    const q = parsed.quantity;
    if (q.nanos < 0n) {
      issues.push(invalid(key(path, name), q.toString(), IS_NEGATIVE));
      continue;
    }
    if (isExtended(name) && q.nanos % 1_000_000_000n !== 0n) {
      issues.push(invalid(key(path, name), q.toString(), 'must be an integer'));
      continue;
    }
    out.set(name, q);
  }
  return out;
}

/** validatePodResourceName: cpu, memory and hugepages-<size> only. */
function podLevelNameIssues(list: ResourceList | undefined, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const name of Object.keys(list ?? {}).sort()) {
    if (isCpuOrMemory(name) || isHugePages(name)) continue;
    const at = key(path, name);
    if (!name.includes('/') && !STANDARD_RESOURCES.has(name)) {
      issues.push(invalid(at, name, 'must be a standard resource type or fully qualified'));
    } else {
      issues.push(notSupported(at, name, POD_LEVEL_RESOURCES));
    }
  }
  return issues;
}

/** A container's (or the pod's) requests and limits, at `path` (…resources). */
export function validateResourceRequirements(
  resources: ResourceRequirements | undefined,
  path: string,
  podLevel = false,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!resources) return issues;
  const limitsPath = fieldPath(path, 'limits');
  const requestsPath = fieldPath(path, 'requests');
  if (podLevel) {
    issues.push(...podLevelNameIssues(resources.limits, limitsPath));
    issues.push(...podLevelNameIssues(resources.requests, requestsPath));
  }
  const limits = readList(resources.limits, limitsPath, issues);
  const requests = readList(resources.requests, requestsPath, issues);
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit) {
      const cmp = compareQuantities(request, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        issues.push(
          invalid(
            requestsPath,
            request.toString(),
            `must be equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      } else if (cmp > 0) {
        issues.push(
          invalid(
            requestsPath,
            request.toString(),
            `must be less than or equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name) && !podLevel && !resources.limits?.[name]) {
      issues.push(required(limitsPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  // "HugePages require cpu or memory" (validateResourceRequirements).
  if (hugePagesAlone(resources.limits, resources.requests)) {
    issues.push(forbidden(path, 'HugePages require cpu or memory'));
  }
  return issues;
}

/** Whether the lists name hugepages but neither cpu nor memory (read without copying the keys). */
function hugePagesAlone(
  limits: ResourceList | undefined,
  requests: ResourceList | undefined,
): boolean {
  let hugePages = false;
  for (const list of [limits, requests]) {
    if (!list) continue;
    for (const name in list) {
      if (!Object.prototype.hasOwnProperty.call(list, name)) continue;
      if (isCpuOrMemory(name)) return false;
      if (isHugePages(name)) hugePages = true;
    }
  }
  return hugePages;
}

/**
 * spec.overhead: validateOverhead reuses the container check with the overhead as its limits
 * (`ResourceRequirements{Limits: overhead}`), so its errors are at `spec.overhead.limits[cpu]`.
 */
export function validateOverhead(overhead: ResourceList | undefined, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  readList(overhead, fieldPath(path, 'limits'), issues, path);
  return issues;
}

type Side = 'requests' | 'limits';

function quantities(c: Container, side: Side): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(c.resources?.[side] ?? {})) {
    const parsed = parseQuantityValue(raw);
    if (parsed.ok) out.set(name, parsed.quantity);
  }
  return out;
}

function addInto(into: Map<string, Quantity>, list: Map<string, Quantity>): void {
  for (const [name, q] of list) {
    const had = into.get(name);
    into.set(name, had === undefined ? q : addQuantities(had, q));
  }
}

function maxInto(into: Map<string, Quantity>, list: Map<string, Quantity>): void {
  for (const [name, q] of list) {
    const had = into.get(name);
    into.set(name, had === undefined ? q : maxQuantity(had, q));
  }
}

/**
 * AggregateContainerRequests / AggregateContainerLimits (component-helpers resource/helpers.go):
 * the regular containers and every sidecar run together; each regular init container runs beside
 * the sidecars declared before it; the result is the larger of the two per resource.
 */
function aggregateContainers(
  containers: readonly Container[],
  initContainers: readonly Container[],
  sidecarsEnabled: boolean,
  side: Side,
): Map<string, Quantity> {
  const running = new Map<string, Quantity>();
  for (const c of containers) addInto(running, quantities(c, side));
  const sidecars = new Map<string, Quantity>();
  const initPeak = new Map<string, Quantity>();
  for (const c of initContainers) {
    const own = quantities(c, side);
    if (sidecarsEnabled && c.restartPolicy === 'Always') {
      addInto(running, own);
      addInto(sidecars, own);
      maxInto(initPeak, sidecars);
    } else {
      const total = new Map(own);
      addInto(total, sidecars);
      maxInto(initPeak, total);
    }
  }
  maxInto(running, initPeak);
  return running;
}

/**
 * validatePodResourceConsistency: pod-level requests cover the containers' aggregate requests, a
 * pod-level hugepages limit covers their aggregate limit, and no regular container's limit exceeds
 * the pod's (upstream builds that last path from the pod-level one:
 * `spec.resources.containers[0][cpu].limits`).
 */
export function validatePodResourceConsistency(
  podResources: ResourceRequirements,
  containers: readonly Container[],
  initContainers: readonly Container[],
  sidecarsEnabled: boolean,
  path: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const podList = (side: Side): Map<string, Quantity> =>
    quantities({ resources: podResources }, side);
  const podRequests = podList('requests');
  const podLimits = podList('limits');
  const aggrRequests = aggregateContainers(containers, initContainers, sidecarsEnabled, 'requests');
  for (const name of [...aggrRequests.keys()].sort()) {
    const aggregate = aggrRequests.get(name);
    const pod = podRequests.get(name);
    if (aggregate === undefined || pod === undefined || compareQuantities(aggregate, pod) <= 0) {
      continue;
    }
    issues.push(
      invalid(
        key(fieldPath(path, 'requests'), name),
        pod.toString(),
        `must be greater than or equal to aggregate container requests of ${aggregate.toString()}`,
      ),
    );
  }
  const aggrLimits = aggregateContainers(containers, initContainers, sidecarsEnabled, 'limits');
  for (const name of [...aggrLimits.keys()].sort()) {
    const aggregate = aggrLimits.get(name);
    const pod = podLimits.get(name);
    if (!isHugePages(name) || aggregate === undefined || pod === undefined) continue;
    if (compareQuantities(aggregate, pod) <= 0) continue;
    issues.push(
      invalid(
        key(fieldPath(path, 'limits'), name),
        pod.toString(),
        `must be greater than or equal to aggregate container limits of ${aggregate.toString()}`,
      ),
    );
  }
  containers.forEach((c, i) => {
    const limits = quantities(c, 'limits');
    for (const name of [...limits.keys()].sort()) {
      const limit = limits.get(name);
      const pod = podLimits.get(name);
      if (limit === undefined || pod === undefined || compareQuantities(limit, pod) <= 0) continue;
      issues.push(
        invalid(
          fieldPath(key(index(fieldPath(path, 'containers'), i), name), 'limits'),
          limit.toString(),
          `must be less than or equal to pod limits of ${pod.toString()}`,
        ),
      );
    }
  });
  return issues;
}
