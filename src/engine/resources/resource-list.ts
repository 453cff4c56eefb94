// ResourceLists of exact quantities and the two list operations Kubernetes' resource helpers use
// (component-helpers resource/helpers.go; docs/kubernetes-behaviour.md#resources): "add A to R" and "max A into R".
import { addQuantities, parseQuantity, parseQuantityValue, type Quantity } from '../quantity';

/** A ResourceList of parsed quantities: resource name to quantity. */
export type QuantityList = Map<string, Quantity>;

/** An exact quantity: canonical Kubernetes string and exact decimal value. */
export interface ResourceAmount {
  /** Canonical Kubernetes quantity string: 1500m, 2Gi, 1. */
  quantity: string;
  /** Exact decimal value in base units (cores for cpu, bytes for memory): 1.5, 2147483648. */
  value: string;
}

/** One resource of a resource list. */
export interface ResourceQuantity extends ResourceAmount {
  /** cpu, memory, ephemeral-storage, hugepages-2Mi, nvidia.com/gpu, ... */
  resource: string;
}

/** An entry of a manifest's ResourceList that could not be read. */
export interface ListReadIssue {
  /** The resource name, or null when the whole list is not a map. */
  resource: string | null;
  message: string;
}

export interface ReadList {
  list: QuantityList;
  issues: readonly ListReadIssue[];
}

// The issues of a list that has none (nearly every list): one shared, frozen empty list.
const NO_ISSUES: readonly ListReadIssue[] = Object.freeze([]);

/** A JSON object (not null, not a list): what a manifest map decodes to. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a manifest ResourceList (`{cpu: "1", memory: 2}`) without ever throwing: entries that do
 * not parse, and a list that is not a map, are reported as issues and left out.
 */
export function readResourceList(raw: unknown): ReadList {
  const list: QuantityList = new Map();
  if (raw === undefined || raw === null) return { list, issues: NO_ISSUES };
  if (!isPlainObject(raw)) {
    const message = `expected a map of resource name to quantity, got ${typeName(raw)}`;
    return { list, issues: [{ resource: null, message }] };
  }
  let issues: ListReadIssue[] | null = null;
  const names = sortNames(Object.keys(raw), compareCodeUnits);
  for (const name of names) {
    const parsed = parseQuantityValue(raw[name]);
    if (parsed.ok) {
      list.set(name, parsed.quantity);
    } else {
      (issues ??= []).push({ resource: name, message: parsed.message });
    }
  }
  return { list, issues: issues ?? NO_ISSUES };
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Reads a list whose entries must all parse (test vectors, option lists); bad entries are dropped. */
export function toQuantityList(raw: unknown): QuantityList {
  return readResourceList(raw).list;
}

/** Add A to R (a.1): sums keep the format of the value already in R (a.8); absent keys get A's value. */
export function addInto(target: QuantityList, add: QuantityList): void {
  // forEach rather than for-of: no [name, quantity] pair allocated per entry.
  add.forEach((quantity, name) => addOne(target, name, quantity));
}

/** Add one named quantity to R, as addInto does for each entry. */
export function addOne(target: QuantityList, name: string, quantity: Quantity): void {
  const current = target.get(name);
  target.set(name, current === undefined ? quantity : addQuantities(current, quantity));
}

/** Max A into R (a.1): replaces only when A's value is strictly greater, taking A's format. */
export function maxInto(target: QuantityList, other: QuantityList): void {
  other.forEach((quantity, name) => {
    const current = target.get(name);
    if (current === undefined || quantity.nanos > current.nanos) target.set(name, quantity);
  });
}

/** A new list: R = A + B. */
export function sumLists(...lists: QuantityList[]): QuantityList {
  const out: QuantityList = new Map();
  for (const list of lists) addInto(out, list);
  return out;
}

/**
 * The report's order of resource names: cpu, memory, then the rest in plain string (code unit)
 * order. Deterministic whatever order the manifest used.
 */
export function compareResourceNames(a: string, b: string): number {
  const rank = (n: string): number => (n === 'cpu' ? 0 : n === 'memory' ? 1 : 2);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function sortedResourceNames(names: Iterable<string>): string[] {
  return sortNames([...new Set(names)], compareResourceNames);
}

/** A list's resource names in report order (a map's keys are distinct: no de-duplication). */
export function sortedKeys(list: QuantityList): string[] {
  return sortNames([...list.keys()], compareResourceNames);
}

/** Plain string order (what Array.prototype.sort does without a comparator, for strings). */
export function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Sorts in place and returns the list. Resource lists are short (a handful of names): an
 * insertion sort allocates nothing, where Array.prototype.sort sets up a work array per call;
 * longer lists use it. Both are stable, so the order is the same.
 */
export function sortNames(names: string[], compare: (a: string, b: string) => number): string[] {
  if (names.length > 16) return names.sort(compare);
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!;
    let j = i - 1;
    while (j >= 0 && compare(names[j]!, name) > 0) {
      names[j + 1] = names[j]!;
      j--;
    }
    names[j + 1] = name;
  }
  return names;
}

export function toAmount(q: Quantity): ResourceAmount {
  return { quantity: q.canonical(), value: q.decimalValue() };
}

/** The exact value of a report amount in 1e-9 units (its `value` is an exact decimal, h.2). */
export function amountNanos(amount: ResourceAmount): bigint {
  const parsed = parseQuantity(amount.value);
  return parsed.ok ? parsed.quantity.nanos : 0n;
}

/** The list in report form, sorted (see compareResourceNames); names in `omit` are left out. */
export function toResourceQuantities(
  list: QuantityList,
  omit?: ReadonlySet<string>,
): ResourceQuantity[] {
  // A map's keys are distinct already: sorted in place, no intermediate lists.
  const names = sortNames([...list.keys()], compareResourceNames);
  const out: ResourceQuantity[] = [];
  for (const name of names) {
    if (omit !== undefined && omit.has(name)) continue;
    const q = list.get(name)!;
    out.push({ resource: name, quantity: q.canonical(), value: q.decimalValue() });
  }
  return out;
}
