import { Kind } from 'graphql';
import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the query asks, below the field being resolved, for the field at `path` (e.g.
 * `['edges', 'node', 'latestRevision']`), through named and inline fragments. @skip/@include are
 * not evaluated: a field they leave out may be read and not shown, never the reverse.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some(
    (f) => f.selectionSet !== undefined && inSelection(f.selectionSet, path, 0, info.fragments),
  );
}

function inSelection(
  set: SelectionSetNode,
  path: readonly string[],
  depth: number,
  fragments: Record<string, FragmentDefinitionNode>,
): boolean {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value !== path[depth]) continue;
      if (depth === path.length - 1) return true;
      if (sel.selectionSet && inSelection(sel.selectionSet, path, depth + 1, fragments)) {
        return true;
      }
    } else {
      // Fragment cycles are refused by validation (NoFragmentCyclesRule) before execution.
      const inner =
        sel.kind === Kind.INLINE_FRAGMENT
          ? sel.selectionSet
          : fragments[sel.name.value]?.selectionSet;
      if (inner && inSelection(inner, path, depth, fragments)) return true;
    }
  }
  return false;
}
