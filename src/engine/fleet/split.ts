// Cuts a cluster dump into units the engine analyses one at a time, as a stream: text goes in
// piece by piece and every unit leaves as soon as it is complete, so a 100 MiB
// `kubectl get ... -A -o yaml` is never held whole. kubectl prints a List as
//
//   apiVersion: v1
//   items:
//   - apiVersion: apps/v1
//     kind: Deployment
//     ...
//   kind: List
//   metadata: {resourceVersion: ""}
//
// (sigs.k8s.io/yaml, go-yaml: a block sequence under `items:`, each item at the same indentation,
// everything inside it indented further). Each item becomes its own unit, un-indented, with the
// line and column offset that maps its positions back onto the dump. Input that is not such a
// List (multi-document YAML, a JSON object) is cut at `---` document boundaries and handed to the
// engine as it is (it reads Lists and documents itself).

/** A piece of one input the engine analyses on its own. */
export interface DumpUnit {
  /** The input's name (file path, "<stdin>", upload name). */
  source: string;
  text: string;
  /** 1-based line of the unit's first line in the source. */
  line: number;
  /** Columns stripped from every line (the item's indentation): add them back to a column. */
  column: number;
}

type State =
  | { mode: 'top' }
  | { mode: 'items-start' }
  | { mode: 'items'; indent: number; itemPrefix: string; childPrefix: string };

const ITEMS_KEY = /^items:[ \t]*(#.*)?$/;
const DOC_MARKER = /^---([ \t].*)?$/;
const DOC_END = /^\.\.\.([ \t].*)?$/;

export class DumpSplitter {
  private partial = '';
  private lineNo = 0;
  private state: State = { mode: 'top' };
  // The current top-level document (outside `items:`): its lines, where it started, whether it held items.
  private docLines: string[] = [];
  private docStart = 1;
  private docHadItems = false;
  private item: string[] | null = null;
  private itemStart = 0;
  private itemColumn = 0;
  private units = 0;
  private bytes = 0;

  constructor(
    private readonly source: string,
    private readonly onUnit: (unit: DumpUnit) => void,
  ) {}

  /** Feeds the next piece of text (any size, cut anywhere). */
  push(text: string): void {
    this.bytes += text.length;
    const all = this.partial + text;
    let start = 0;
    for (;;) {
      const nl = all.indexOf('\n', start);
      if (nl < 0) break;
      this.line(all.slice(start, all[nl - 1] === '\r' && nl > start ? nl - 1 : nl));
      start = nl + 1;
    }
    this.partial = all.slice(start);
  }

  /** Ends the input; returns how many units were emitted. */
  end(): number {
    if (this.partial !== '') {
      const last = this.partial;
      this.partial = '';
      this.line(last);
    }
    this.flushItem();
    this.flushDocument();
    return this.units;
  }

  private line(raw: string): void {
    this.lineNo++;
    const state = this.state;
    if (state.mode === 'items-start') {
      const m = /^( *)-( |$)/.exec(raw);
      if (m) {
        const indent = m[1]!.length;
        this.state = {
          mode: 'items',
          indent,
          itemPrefix: `${' '.repeat(indent)}-`,
          childPrefix: ' '.repeat(indent + 2),
        };
        this.itemLine(raw);
        return;
      }
      if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
      this.state = { mode: 'top' };
      this.topLine(raw);
      return;
    }
    if (state.mode === 'items') {
      if (raw.startsWith(state.itemPrefix) && /^-( |$)/.test(raw.slice(state.indent))) {
        this.itemLine(raw);
        return;
      }
      if (raw.startsWith(state.childPrefix) || raw.trim() === '') {
        this.item?.push(raw.slice(state.childPrefix.length));
        return;
      }
      if (raw.trimStart().startsWith('#') && raw.search(/\S/) > state.indent) {
        this.item?.push('');
        return;
      }
      this.flushItem();
      this.state = { mode: 'top' };
      this.topLine(raw);
      return;
    }
    this.topLine(raw);
  }

  private itemLine(raw: string): void {
    if (this.state.mode !== 'items') return;
    this.flushItem();
    const prefix = this.state.childPrefix.length;
    this.item = [raw.slice(prefix)];
    this.itemStart = this.lineNo;
    this.itemColumn = prefix;
  }

  private topLine(raw: string): void {
    if (DOC_MARKER.test(raw) || DOC_END.test(raw)) {
      this.flushDocument();
      this.docStart = this.lineNo + 1;
      return;
    }
    if (ITEMS_KEY.test(raw)) {
      this.docHadItems = true;
      this.state = { mode: 'items-start' };
      // Keep the envelope's line count right: items are cut out, the key stays.
      this.docLines.push('items: []');
      return;
    }
    if (this.docLines.length === 0) this.docStart = this.lineNo;
    this.docLines.push(raw);
  }

  private flushItem(): void {
    if (!this.item) return;
    while (this.item.length > 0 && this.item[this.item.length - 1]!.trim() === '') this.item.pop();
    this.emit(this.item.join('\n') + '\n', this.itemStart, this.itemColumn);
    this.item = null;
  }

  private flushDocument(): void {
    const lines = this.docLines;
    this.docLines = [];
    const hadItems = this.docHadItems;
    this.docHadItems = false;
    const content = lines.some((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    if (!content) return;
    // A List's envelope (apiVersion, kind: List, metadata) holds nothing to analyse once its
    // items are out; anything else is a document of its own.
    if (hadItems && lines.some((l) => /^kind:[ \t]*['"]?(\w*List)['"]?[ \t]*$/.test(l))) return;
    this.emit(lines.join('\n') + '\n', this.docStart, 0);
  }

  private emit(text: string, line: number, column: number): void {
    this.units++;
    this.onUnit({ source: this.source, text, line, column });
  }
}

/** Splits a whole text (tests, small inputs): the units in order. */
export function splitDump(source: string, text: string): DumpUnit[] {
  const units: DumpUnit[] = [];
  const splitter = new DumpSplitter(source, (u) => units.push(u));
  splitter.push(text);
  splitter.end();
  return units;
}
