// Finding a pod's containers or their statuses by name. The kubelet's code searches the list each
// time; a wide pod would make that a scan per container, so a long list is indexed once.

/** Lists up to this long are searched: building an index costs more than a few comparisons. */
const SEARCHED = 16;

/** Looks an entry up by name: the first of that name, as Array.prototype.find would give it. */
export type ByName<T> = (name: string | undefined) => T | undefined;

/** A look-up by name over `list`, indexed when the list is long. */
export function byName<T extends { name?: string | undefined }>(list: readonly T[]): ByName<T> {
  if (list.length <= SEARCHED) {
    return (name) => list.find((x) => x.name === name);
  }
  const index = new Map<string | undefined, T>();
  for (const x of list) {
    // A name that is not equal to itself (NaN from a malformed document) is never found.
    if (x.name === x.name && !index.has(x.name)) {
      index.set(x.name, x);
    }
  }
  return (name) => index.get(name);
}
