import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  SelectionSetNode,
} from 'graphql';

/**
 * Answers per field node of a query document: Mercurius keeps each distinct document parsed once,
 * so the same node comes back with every request of that query and the walk runs once.
 */
const answers = new WeakMap<FieldNode, Map<string, boolean>>();

/** Whether the query selects a field of this name anywhere below the resolver (fragments included). */
export function selectsField(info: GraphQLResolveInfo, field: string): boolean {
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : undefined;
  if (!node) return walkSelections(info, field);
  let known = answers.get(node);
  if (!known) {
    known = new Map();
    answers.set(node, known);
  }
  let answer = known.get(field);
  if (answer === undefined) {
    answer = walkSelections(info, field);
    known.set(field, answer);
  }
  return answer;
}

function walkSelections(info: GraphQLResolveInfo, field: string): boolean {
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
