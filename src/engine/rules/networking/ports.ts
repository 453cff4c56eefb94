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

/** Same port and protocol in the `field` of two containers that run concurrently. */
export function portConflicts(
  ctx: RuleContext,
  field: 'containerPort' | 'hostPort',
): PortConflict[] {
  return concurrentPairs(ctx).flatMap(([earlier, later]) => {
    const used = portUses(earlier, field);
    return portUses(later, field)
      .filter((u) => used.some((v) => v.port === u.port && v.protocol === u.protocol))
      .map((use) => ({ earlier, later, use }));
  });
}
