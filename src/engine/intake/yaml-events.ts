// The fast road of the YAML reader (docs/adr/0005-yaml-reader.md): `js-yaml`'s event parser
// (`parseEvents`: a flat list of events with source offsets, no node objects) composes the plain
// data and keeps, per collection, the offsets the reader needs for line and column. It takes
// only streams it can read exactly as the `yaml` road does: no syntax error, no anchor, alias,
// tag, directive, merge key, collection key, explicit document end, byte-order mark or CR line
// break, and no document nested deeper than the limit. Anything else returns null and the
// `yaml` road (with kubectl's dialect, every diagnostic and its message) reads the text, so the
// result never depends on which road was taken (test/engine/intake/yaml-events.spec.ts compares
// both on every manifest the tests hold).

import type { ScalarEvent } from 'js-yaml';
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents } from 'js-yaml';
import type { Diagnostic, SourcePosition } from '../report';
import { MAX_NESTING_DEPTH } from './limits';
import type { PathSegment } from './paths';
import { parsePath } from './paths';
import { YAML11_BOOLEAN } from './shape';
import type { ReadDocument } from './yaml-reader';
import { BAD_TEXT, displayPath, setKey, yaml11Number } from './yaml-reader';

type Event = ReturnType<typeof parseEvents>[number];

/** Where a collection's entries are in the source (json-reader.ts keeps the same, by offset). */
export interface Loc {
  /** Offset where the collection starts (its first key, `-` or bracket). */
  start: number;
  /** Mapping keys in order (duplicates kept; the first one wins when looked up); null for a sequence. */
  names: string[] | null;
  /** Offset of each key (mappings). */
  keys: number[];
  /**
   * Each value or item: its Loc, or the index of its scalar event (on the JSON road, the scalar's
   * offset); bitwise-not when it is null.
   */
  values: (Loc | number)[];
  /** names -> first index, built on the first lookup of a large mapping. */
  index: Map<string, number> | null;
}

/** Thrown inside the walk when the text needs the `yaml` road. */
const FALL_BACK = new Error('fall back');

/** The documents of `text` read on the fast road, or null when the `yaml` road must read it. */
export function readDocumentsFast(text: string): ReadDocument[] | null {
  if (text.charCodeAt(0) === 0xfeff || text.indexOf('\r') >= 0) return null;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_NESTING_DEPTH + 1 });
  } catch {
    return null; // a syntax error: the `yaml` road reports it (and tries kubectl's dialect)
  }
  try {
    return compose(text, events);
  } catch (e) {
    if (e === FALL_BACK) return null;
    throw e;
  }
}

const DOCUMENT_MARKER = /^---(?=[ \t\n]|$)/gm;
const DOCUMENT_END = /^\.\.\.(?=[ \t\n]|$)/m;

function compose(text: string, events: Event[]): ReadDocument[] {
  if (DOCUMENT_END.test(text)) throw FALL_BACK;
  const markers: number[] = [];
  DOCUMENT_MARKER.lastIndex = 0;
  for (let m = DOCUMENT_MARKER.exec(text); m !== null; m = DOCUMENT_MARKER.exec(text)) {
    markers.push(m.index);
  }
  let lines: number[] | null = null;
  const positionOf = (offset: number | undefined): SourcePosition | null => {
    if (offset === undefined || offset < 0) return null;
    lines ??= lineStarts(text);
    return linePosition(lines, offset);
  };

  const docs: {
    marker: number | null;
    emptyTail: boolean;
    build: (range: { start: number; end: number }, marker: number | null) => ReadDocument;
  }[] = [];
  let usedMarkers = 0;
  let i = 0;
  while (i < events.length) {
    const ev = events[i]!;
    if (ev.type !== EVENT_ID.DOCUMENT || ev.directives.length > 0 || ev.explicitEnd) {
      throw FALL_BACK;
    }
    let marker: number | null = null;
    if (ev.explicitStart) {
      marker = markers[usedMarkers++] ?? null;
      if (marker === null) throw FALL_BACK;
    } else if (docs.length > 0) throw FALL_BACK;
    const docIndex = docs.length;
    const reader = new DocumentReader(text, events, docIndex, positionOf);
    const rootAt = i + 1;
    i = reader.readRoot(rootAt);
    if (events[i]?.type !== EVENT_ID.POP) throw FALL_BACK;
    i++;
    // The last node before the document's closing events: an empty scalar changes its range.
    let last = i - 1;
    while (last > rootAt && events[last]!.type === EVENT_ID.POP) last--;
    const tail = events[last]!;
    const emptyTail = tail.type === EVENT_ID.SCALAR && tail.valueStart < 0;
    docs.push({ marker, emptyTail, build: (range, at) => reader.result(range, at) });
  }
  if (usedMarkers !== markers.length) throw FALL_BACK;

  // Document ranges as `yaml` gives them (Document.range[2]): a document ends where the next
  // one's `---` line starts, the last one at the end of the text; one that ends with an empty
  // value (`key:`, a lone `---`) ends with the line of that value.
  const out: ReadDocument[] = [];
  let start = 0;
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d]!;
    const next = docs[d + 1]?.marker ?? text.length;
    let end = next;
    if (doc.emptyTail) {
      let k = next - 1;
      while (k >= 0 && /\s/.test(text.charAt(k))) k--;
      const lineEnd = text.indexOf('\n', k);
      end = lineEnd < 0 || lineEnd > next ? next : lineEnd;
      const lineStart = text.lastIndexOf('\n', k) + 1;
      if (text.slice(lineStart, end).includes('#')) throw FALL_BACK; // comments: `yaml` counts them in
    }
    out.push(doc.build({ start, end }, doc.marker));
    start = end;
  }
  return out;
}

class DocumentReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly ambiguous = new Set<string>();
  private value: unknown = null;
  private rootLoc: Loc | number = -1;
  private readonly segs: PathSegment[] = [];

  constructor(
    private readonly text: string,
    private readonly events: Event[],
    private readonly docIndex: number,
    private readonly positionOf: (offset: number | undefined) => SourcePosition | null,
  ) {}

  /** Reads the root node at events[i]; returns the index after it. */
  readRoot(i: number): number {
    const box: { loc: Loc | number } = { loc: -1 };
    const next = this.node(i, 0, box);
    this.value = this.lastValue;
    this.rootLoc = box.loc;
    return next;
  }

  private lastValue: unknown = null;

  /** Composes the node at events[i] into lastValue; its Loc (or scalar event index) into box. */
  private node(i: number, depth: number, box: { loc: Loc | number }): number {
    if (depth > MAX_NESTING_DEPTH) throw FALL_BACK;
    const ev = this.events[i]!;
    switch (ev.type) {
      case EVENT_ID.MAPPING:
        if (ev.anchorStart >= 0 || ev.tagStart >= 0) throw FALL_BACK;
        return this.mapping(i, ev.start, depth, box);
      case EVENT_ID.SEQUENCE:
        if (ev.anchorStart >= 0 || ev.tagStart >= 0) throw FALL_BACK;
        return this.sequence(i, ev.start, depth, box);
      case EVENT_ID.SCALAR: {
        if (ev.anchorStart >= 0 || ev.tagStart >= 0) throw FALL_BACK;
        const v = this.scalar(ev);
        this.lastValue = v;
        box.loc = v === null ? ~i : i;
        return i + 1;
      }
      default:
        throw FALL_BACK; // an alias (or an event out of place)
    }
  }

  private mapping(i: number, start: number, depth: number, box: { loc: Loc | number }): number {
    const out: Record<string, unknown> = {};
    const loc: Loc = { start, names: [], keys: [], values: [], index: null };
    const names = loc.names!;
    const events = this.events;
    const child = { loc: -1 as Loc | number };
    let j = i + 1;
    for (;;) {
      const k = events[j]!;
      if (k.type === EVENT_ID.POP) {
        j++;
        break;
      }
      if (k.type !== EVENT_ID.SCALAR || k.anchorStart >= 0 || k.tagStart >= 0) throw FALL_BACK;
      // Keys are text (`stringKeys`): `true`, `1` and `~` as keys are the strings they spell.
      const key = getScalarValue(this.text, k);
      if (k.style === SCALAR_STYLE.PLAIN && key === '<<') throw FALL_BACK; // a merge key
      const keyAt = scalarStart(this.text, k);
      if (keyAt === undefined) throw FALL_BACK; // an empty key
      if (BAD_TEXT.test(key)) this.badText(keyAt, true);
      if (Object.prototype.hasOwnProperty.call(out, key)) this.duplicate(loc, key, keyAt);
      this.segs.push(key);
      j = this.node(j + 1, depth + 1, child);
      this.segs.pop();
      names.push(key);
      loc.keys.push(keyAt);
      loc.values.push(child.loc);
      setKey(out, key, this.lastValue);
    }
    this.lastValue = out;
    box.loc = loc;
    return j;
  }

  private sequence(i: number, start: number, depth: number, box: { loc: Loc | number }): number {
    const out: unknown[] = [];
    const loc: Loc = { start, names: null, keys: [], values: [], index: null };
    const child = { loc: -1 as Loc | number };
    let j = i + 1;
    for (let n = 0; ; n++) {
      if (this.events[j]!.type === EVENT_ID.POP) {
        j++;
        break;
      }
      const item = this.events[j]!;
      if (item.type === EVENT_ID.SCALAR && item.valueStart < 0) throw FALL_BACK; // `- ` alone
      this.segs.push(n);
      j = this.node(j, depth + 1, child);
      this.segs.pop();
      loc.values.push(child.loc);
      out.push(this.lastValue);
    }
    this.lastValue = out;
    box.loc = loc;
    return j;
  }

  /** A scalar as the `yaml` road reads it: the core schema for plain scalars, then go-yaml's numbers. */
  private scalar(ev: ScalarEvent): unknown {
    const source = getScalarValue(this.text, ev);
    if (ev.style !== SCALAR_STYLE.PLAIN) {
      if (BAD_TEXT.test(source)) this.badText(scalarStart(this.text, ev), false);
      return source;
    }
    let value = coreScalar(source);
    const c = source.charCodeAt(0);
    // Only text starting with a digit, a sign, a dot or `_` can be read as a number there.
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 95) {
      const n = yaml11Number(source);
      if (n !== null) value = n;
    }
    if (typeof value === 'string') {
      if (YAML11_BOOLEAN.test(value)) this.ambiguous.add(this.segs.join('\u0000'));
      if (BAD_TEXT.test(value)) this.badText(scalarStart(this.text, ev), false);
    }
    return value;
  }

  private at(offset: number | undefined): Pick<Diagnostic, 'line' | 'column'> {
    const p = this.positionOf(offset);
    return { line: p?.line ?? null, column: p?.column ?? null };
  }

  private badText(offset: number | undefined, isKey: boolean): void {
    this.diagnostics.push({
      severity: 'ERROR',
      reason: 'FieldValueInvalid',
      path: displayPath(this.segs) || null,
      message: `the ${isKey ? 'key' : 'value'} contains a NUL character, an unpaired surrogate or U+FFFD (left where the text was not valid UTF-8); it must be valid text`,
      document: this.docIndex,
      ...this.at(offset),
    });
  }

  private duplicate(loc: Loc, key: string, keyAt: number): void {
    const first = this.positionOf(loc.keys[loc.names!.indexOf(key)]);
    this.diagnostics.push({
      severity: 'ERROR',
      reason: 'FieldValueDuplicate',
      path: displayPath([...this.segs, key]),
      message: `duplicate field ${JSON.stringify(key)}: the key appears more than once in this mapping${first ? ` (first at line ${first.line})` : ''}; the API server's strict decoding rejects it, and without it the last value would silently win`,
      document: this.docIndex,
      ...this.at(keyAt),
    });
  }

  result(sourceRange: { start: number; end: number }, marker: number | null): ReadDocument {
    const { text, events, rootLoc } = this;
    const startOf = (node: Loc | number): number | undefined =>
      typeof node === 'number'
        ? scalarStart(text, events[node < 0 ? ~node : node] as ScalarEvent)
        : node.start;
    // An empty document is where its content would start: after `---` and its spaces.
    let rootAt = startOf(rootLoc);
    if (rootAt === undefined && marker !== null) {
      rootAt = marker + 3;
      while (text.charAt(rootAt) === ' ' || text.charAt(rootAt) === '\t') rootAt++;
    }
    const locate = (path: string): SourcePosition | null => {
      let node: Loc | number = rootLoc;
      let best = rootAt;
      for (const seg of parsePath(path)) {
        if (typeof node === 'number') break;
        if (node.names !== null) {
          const at = entryOf(node, String(seg));
          if (at < 0) break;
          const value = node.values[at]!;
          // A scalar value is the offending text itself; for a collection (or nothing) the key's
          // line is where the user looks.
          best =
            (typeof value === 'number' && value >= 0 ? startOf(value) : undefined) ?? node.keys[at];
          node = value;
        } else if (typeof seg === 'number') {
          const item = node.values[seg];
          if (item === undefined) break;
          best = startOf(item) ?? best;
          node = item;
        } else break;
      }
      return this.positionOf(best);
    };
    const sourceOf = (raw: string): string | null => {
      let node: Loc | number = rootLoc;
      for (const seg of raw === '' ? [] : raw.split('\u0000')) {
        if (typeof node === 'number') return null;
        const at = node.names !== null ? entryOf(node, seg) : Number(seg);
        const next = at >= 0 ? node.values[at] : undefined;
        if (next === undefined) return null;
        node = next;
      }
      return typeof node === 'number'
        ? getScalarValue(text, events[node < 0 ? ~node : node] as ScalarEvent)
        : null;
    };
    return {
      sourceRange,
      index: this.docIndex,
      value: this.value,
      empty: false,
      readable: true,
      diagnostics: this.diagnostics,
      ambiguous: this.ambiguous,
      sourceOf,
      locate,
    };
  }
}

/** The first entry named `key` in a mapping's Loc, -1 when none. */
export function entryOf(loc: Loc, key: string): number {
  const names = loc.names!;
  if (names.length <= 16) return names.indexOf(key);
  if (loc.index === null) {
    loc.index = new Map();
    for (let n = 0; n < names.length; n++) {
      if (!loc.index.has(names[n]!)) loc.index.set(names[n]!, n);
    }
  }
  return loc.index.get(key) ?? -1;
}

const BLOCK_HEADER = /[|>][-+1-9]{0,2}(?:[ \t]+#.*)?[ \t]*$/;

/** Where `yaml` starts a scalar's range: the quote of a quoted scalar, the `|`/`>` of a block one. */
function scalarStart(text: string, ev: ScalarEvent): number | undefined {
  if (ev.valueStart < 0) return undefined;
  switch (ev.style) {
    case SCALAR_STYLE.PLAIN:
      return ev.valueStart;
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return ev.valueStart - 1;
    default: {
      // The header is the line before the content: `key: |-  # comment`.
      const headerEnd = text.lastIndexOf('\n', ev.valueStart - 1);
      const headerStart = text.lastIndexOf('\n', headerEnd - 1) + 1;
      const m = BLOCK_HEADER.exec(text.slice(headerStart, headerEnd));
      return m ? headerStart + m.index : ev.valueStart;
    }
  }
}

const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_OCT = /^0o[0-7]+$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar under the YAML 1.2 core schema, exactly as `yaml`'s core tags resolve it. */
function coreScalar(s: string): unknown {
  const c = s.charCodeAt(0);
  // Text that starts with a letter other than n/N/t/T/f/F, or with '/' etc., is text.
  if (s.length === 0 || CORE_NULL.test(s)) return null;
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (CORE_OCT.test(s)) return parseInt(s.substring(2), 8);
    if (CORE_INT.test(s)) return parseInt(s, 10);
    if (CORE_HEX.test(s)) return parseInt(s.substring(2), 16);
    if (CORE_NAN.test(s)) {
      return s.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : s[0] === '-'
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY;
    }
    if (CORE_EXP.test(s) || CORE_FLOAT.test(s)) return parseFloat(s);
    return s;
  }
  if (CORE_BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  return s;
}

export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** yaml's LineCounter.linePos: 1-based line and column. */
export function linePosition(starts: number[], offset: number): SourcePosition {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  if (starts[low] === offset) return { line: low + 1, column: 1 };
  if (low === 0) return { line: 0, column: offset };
  return { line: low, column: offset - starts[low - 1]! + 1 };
}
