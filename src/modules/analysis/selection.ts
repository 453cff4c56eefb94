import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** Whether the query selects a field of this name anywhere below the resolver (fragments included). */
export function selectsField(info: GraphQLResolveInfo, field: string): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const sel of set.selections) {
      if (sel.kind === 'Field') {
        if (sel.name.value === field || visit(sel.selectionSet)) return true;
      } else if (sel.kind === 'InlineFragment') {
        if (visit(sel.selectionSet)) return true;
      } else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        const fragment: FragmentDefinitionNode | undefined = info.fragments[sel.name.value];
        if (fragment && visit(fragment.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
