// Which containers run at the same time, and so share the pod's one network namespace: app
// containers and native sidecars for the pod's whole life, and each regular init container with
// the sidecars declared before it (component-helpers resource/helpers.go PodRequests; docs/kubernetes-behaviour.md#resources).
import type { RuleContainer, RuleContext } from '../context';

export interface PortUse {
  container: RuleContainer;
  port: number;
  protocol: string;
  path: string;
}

export function portUses(c: RuleContainer, field: 'containerPort' | 'hostPort'): PortUse[] {
  return (c.container.ports ?? []).flatMap((p, j) => {
    const port = p[field];
    if (typeof port !== 'number' || port <= 0) return [];
    return [
      { container: c, port, protocol: p.protocol ?? 'TCP', path: `${c.path}.ports[${j}].${field}` },
    ];
  });
}

/** Pairs of containers that run concurrently: [earlier, later] in start order. */
export function concurrentPairs(ctx: RuleContext): [RuleContainer, RuleContainer][] {
  const out: [RuleContainer, RuleContainer][] = [];
  const cs = ctx.containers;
  for (let i = 0; i < cs.length; i++) {
    for (let j = i + 1; j < cs.length; j++) {
      const a = cs[i];
      const b = cs[j];
      if (!a || !b) continue;
      const longLived = (c: RuleContainer): boolean => c.role === 'APP' || c.role === 'SIDECAR';
      // A regular init container runs beside the sidecars declared before it, and nothing else.
      const concurrent =
        (longLived(a) && longLived(b)) || (a.role === 'SIDECAR' && b.role === 'INIT');
      if (concurrent) out.push([a, b]);
    }
  }
  return out;
}

/** A port that a later container declares again while an earlier one, running beside it, has it. */
export interface PortConflict {
  earlier: RuleContainer;
  later: RuleContainer;
  /** The later container's declaration. */
  use: PortUse;
}

/** Whether two containers declare the same port and protocol in `field` (concurrently or not). */
function declaredTwice(cs: readonly RuleContainer[], field: 'containerPort' | 'hostPort'): boolean {
  // protocol -> port -> index of the first container declaring it
  const holders = new Map<string, Map<number, number>>();
  for (let i = 0; i < cs.length; i++) {
    for (const p of cs[i]!.container.ports ?? []) {
      const port = p[field];
      if (typeof port !== 'number' || port <= 0) continue;
      const protocol = p.protocol ?? 'TCP';
      let byPort = holders.get(protocol);
      if (byPort === undefined) holders.set(protocol, (byPort = new Map()));
      const holder = byPort.get(port);
      if (holder === undefined) byPort.set(port, i);
      else if (holder !== i) return true;
    }
  }
  return false;
}

/** Same port and protocol in the `field` of two containers that run concurrently. */
export function portConflicts(
  ctx: RuleContext,
  field: 'containerPort' | 'hostPort',
): PortConflict[] {
  // The pairs of concurrentPairs, in its order, without building them: each container's ports
  // are read once, and only containers that declare the same port are paired (linear in the
  // containers of a wide pod, where every pair was looked at).
  const cs = ctx.containers.filter((c): c is RuleContainer => c !== undefined);
  // Most pods declare each port once: then there is no conflict, and no use or path is built.
  if (!declaredTwice(cs, field)) return [];
  const uses = cs.map((c) => portUses(c, field));
  const keyOf = (u: PortUse): string => `${u.port}/${u.protocol}`;
  const holders = new Map<string, number[]>();
  uses.forEach((list, n) => {
    for (const u of list) {
      const at = holders.get(keyOf(u)) ?? [];
      if (at.at(-1) !== n) at.push(n);
      holders.set(keyOf(u), at);
    }
  });
  const longLived = (c: RuleContainer): boolean => c.role === 'APP' || c.role === 'SIDECAR';
  const out: PortConflict[] = [];
  for (let i = 0; i < cs.length; i++) {
    const used = uses[i]!;
    const partners = new Set<number>();
    for (const u of used) for (const j of holders.get(keyOf(u)) ?? []) if (j > i) partners.add(j);
    if (partners.size === 0) continue;
    const earlier = cs[i]!;
    for (const j of [...partners].sort((a, b) => a - b)) {
      const later = cs[j]!;
      const concurrent =
        (longLived(earlier) && longLived(later)) ||
        (earlier.role === 'SIDECAR' && later.role === 'INIT');
      if (!concurrent) continue;
      for (const use of uses[j]!) {
        if (used.some((v) => v.port === use.port && v.protocol === use.protocol)) {
          out.push({ earlier, later, use });
        }
      }
    }
  }
  return out;
}
