// Mechanical fixes edit the user's own YAML document through the `yaml` Document API, so
// formatting, key order and comments survive. The fixed manifest is the workload's whole YAML
// document (the contract's "fixed manifest for the whole document"): with several documents in
// the input only that one is read and returned, so a large stream costs each fix its own
// document, never the whole input again.
import { Document, isCollection, isMap, isSeq, parseDocument, Pair, Scalar, YAMLSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { parsePath } from '../intake';
import type { Workload } from '../workload';

export type YamlPath = (string | number)[];
export type ContainerList = 'initContainers' | 'containers';

/** "spec.template.spec.containers[1]" -> ["spec", "template", "spec", "containers", 1] */
export function toYamlPath(path: string): YamlPath {
  return parsePath(path);
}

/** What a rule's fix gets: the parsed document and where the pod spec sits in it. */
export class PodDocumentEditor {
  constructor(
    readonly doc: Document,
    /** Path of the object's root inside the document ([] unless the document is a List). */
    readonly objectPath: YamlPath,
    /** Path of the pod spec inside the document. */
    readonly specPath: YamlPath,
  ) {}

  /** A field path from the object's root (as findings carry it) as a path in the document. */
  resolve(path: string): YamlPath {
    return [...this.objectPath, ...toYamlPath(path)];
  }

  list(list: ContainerList): YAMLSeq | null {
    const node = this.doc.getIn([...this.specPath, list], true);
    return isSeq(node) ? node : null;
  }

  container(list: ContainerList, index: number): YAMLMap | null {
    const node = this.list(list)?.items[index];
    return isMap(node) ? node : null;
  }

  /** The init container list, created right before `containers` when the spec has none. */
  ensureInitList(): YAMLSeq {
    const existing = this.list('initContainers');
    if (existing) return existing;
    const spec = this.doc.getIn(this.specPath, true);
    if (!isMap(spec)) throw new Error('pod spec is not a mapping');
    const seq = new YAMLSeq();
    const pair = new Pair(new Scalar('initContainers'), seq);
    const at = spec.items.findIndex((p) => p.key instanceof Scalar && p.key.value === 'containers');
    spec.items.splice(at >= 0 ? at : spec.items.length, 0, pair);
    return seq;
  }

  /** Sets `key` on a mapping right after `afterKey` when that key exists, else at the end. */
  setAfter(map: YAMLMap, key: string, value: unknown, afterKeys: string[]): void {
    const node =
      value instanceof Scalar || isMap(value) || isSeq(value) ? value : this.doc.createNode(value);
    const existing = map.items.findIndex((p) => p.key instanceof Scalar && p.key.value === key);
    if (existing >= 0) {
      const pair = map.items[existing];
      if (pair) pair.value = node;
      return;
    }
    let at = -1;
    for (const after of afterKeys) {
      const i = map.items.findIndex((p) => p.key instanceof Scalar && p.key.value === after);
      if (i > at) at = i;
    }
    map.items.splice(at >= 0 ? at + 1 : map.items.length, 0, new Pair(new Scalar(key), node));
  }
}

// Whether the source writes block sequences indented under their key ("key:\n  - a") or flush
// with it ("key:\n- a"); the re-printed document follows the user's habit.
function detectIndentSeq(text: string): boolean {
  const m = /^( *)[^\s#-][^:\n]*:[ \t]*\n( *)- /m.exec(text);
  if (!m) return true;
  return (m[2] ?? '').length > (m[1] ?? '').length;
}

function findObjectPath(doc: Document, workload: Workload): YamlPath | null {
  // The usual case, a document holding the object itself, without converting the whole document.
  if (isMap(doc.contents) && doc.contents.get('kind') === workload.kind) return [];
  const root: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (root === null || typeof root !== 'object') return null;
  const obj = root as { kind?: unknown; items?: unknown };
  if (obj.kind === workload.kind) return [];
  if (Array.isArray(obj.items)) {
    const i = obj.items.findIndex((item: unknown) => {
      if (item === null || typeof item !== 'object') return false;
      const it = item as { kind?: unknown; metadata?: { name?: unknown } };
      return it.kind === workload.kind && (it.metadata?.name ?? null) === workload.name;
    });
    return i >= 0 ? ['items', i] : null;
  }
  return null;
}

/**
 * Applies one edit to a copy of the workload's document (parsed once, on the first call); the
 * edited document, or null when the edit does not apply. `inPlace` edits the parsed document
 * itself instead of a copy (for the last edit a caller expects to make): a later call parses the
 * text again.
 */
function documentEditor(
  original: string,
  workload: Workload,
): (edit: (editor: PodDocumentEditor) => boolean, inPlace: boolean) => Document | null {
  let parsed: Document.Parsed | null | undefined;
  return (edit, inPlace) => {
    if (parsed === undefined) {
      const d = parseDocument(original, { merge: true, strict: true, logLevel: 'silent' });
      parsed = d.errors.length > 0 ? null : d;
    }
    if (parsed === null) return null;
    const doc = inPlace ? parsed : parsed.clone();
    if (inPlace) parsed = undefined;
    // Intake writes paths of List items from the List's root (items[2].spec...): nothing to add.
    const objectPath = /^items\[\d+\]/.test(workload.specPath) ? [] : findObjectPath(doc, workload);
    if (objectPath === null) return null;
    const editor = new PodDocumentEditor(doc, objectPath, [
      ...objectPath,
      ...toYamlPath(workload.specPath),
    ]);
    return edit(editor) ? doc : null;
  };
}

/**
 * Whether an edit applies to the workload's document, i.e. whether documentFixer would return a
 * fixed manifest for it, without printing one. The same steps as documentFixer; `last` says the
 * caller expects no further call, so that edit may change the parsed document instead of a copy
 * of it (a further call then parses the text again: the answer is the same either way).
 */
export type DocumentFixProbe = (
  edit: (editor: PodDocumentEditor) => boolean,
  last: boolean,
) => boolean;

export function documentFixProbe(source: string, workload: Workload): DocumentFixProbe {
  const range = workload.sourceRange ?? { start: 0, end: source.length };
  const apply = documentEditor(source.slice(range.start, range.end), workload);
  return (edit, last) => apply(edit, last) !== null;
}

/** Applies edits to a workload's document: it is parsed once, and each fix edits its own copy. */
export type DocumentFixer = (edit: (editor: PodDocumentEditor) => boolean) => string | null;

/**
 * A fixer for the document the workload came from. Each call applies one edit to a fresh copy of
 * the parsed document and returns that document re-printed (the whole input when it holds one
 * document), or null when the edit does not apply.
 */
export function documentFixer(source: string, workload: Workload): DocumentFixer {
  const range = workload.sourceRange ?? { start: 0, end: source.length };
  const original = source.slice(range.start, range.end);
  const apply = documentEditor(original, workload);
  return (edit) => {
    const doc = apply(edit, false);
    if (doc === null) return null;

    // JSON input (a flow-style root) has no layout or comments worth keeping: print block YAML.
    const root = doc.contents;
    const json = isCollection(root) && root.flow === true;
    return json
      ? new Document(doc.toJS({ maxAliasCount: 1000 })).toString({ lineWidth: 0 })
      : doc.toString({ indentSeq: detectIndentSeq(original), lineWidth: 0 });
  };
}
