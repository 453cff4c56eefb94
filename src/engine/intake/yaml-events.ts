// The fast road of the YAML reader (docs/adr/0005-yaml-reader.md): `js-yaml`'s event parser
// (`parseEvents`: a flat list of events with source offsets, no node objects) composes the plain
// data and keeps, per collection, the offsets the reader needs for line and column. It takes
// only streams it can read exactly as the `yaml` road does: no syntax error, no anchor, alias,
// tag, directive, merge key, collection key, explicit document end, byte-order mark, CR line
// break or flow collection as a document's root, and no document nested deeper than the limit. Anything else returns null and the
// `yaml` road (with kubectl's dialect, every diagnostic and its message) reads the text, so the
// result never depends on which road was taken (test/engine/intake/yaml-events.spec.ts compares
// both on every manifest the tests hold).

import type { ScalarEvent } from 'js-yaml';
import { COLLECTION_STYLE, EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents } from 'js-yaml';
import type { Diagnostic, SourcePosition } from '../report';
import { MAX_NESTING_DEPTH } from './limits';
import type { PathSegment } from './paths';
import { parsePath } from './paths';
import { YAML11_BOOLEAN } from './shape';
import type { ReadDocument } from './yaml-reader';
import { BAD_TEXT, displayPath, setKey, yaml11Number } from './yaml-reader';

type Event = ReturnType<typeof parseEvents>[number];

/**
 * Where a collection's entries are in the source, built for the collections a position is asked
 * in. Here each value is the index of its event; json-reader.ts keeps a Loc or an offset.
 */
export interface Loc<V = number> {
  /** Offset where the collection starts (its first key, `-` or bracket). */
  start: number;
  /** Mapping keys in order (duplicates kept; the first one wins when looked up); null for a sequence. */
  names: string[] | null;
  /** Offset of each key (mappings). */
  keys: number[];
  /** Each value or item. */
  values: V[];
  /** names -> first index, built on the first lookup of a large mapping. */
  index: Map<string, number> | null;
}

/** Thrown inside the walk when the text needs the `yaml` road. */
const FALL_BACK = new Error('fall back');

/** The documents of `text` read on the fast road, or null when the `yaml` road must read it. */
export function readDocumentsFast(text: string): ReadDocument[] | null {
  const out: ReadDocument[] = [];
  return readDocumentsFastEach(text, (doc) => out.push(doc)) ? out : null;
}

/**
 * Text parsed at once on the streaming fast road: documents are read in batches of about this
 * many characters (whole documents, from a `---` line to another), so that js-yaml's per-call
 * set-up and the switch between reading and analysing are paid once per batch, while the events
 * held at any time stay bounded (about 64 KB of text: some 30 playground-sized documents).
 */
const BATCH_CHARS = 1 << 16;

/**
 * The fast road, a batch of documents at a time: each batch of whole documents is parsed from
 * its own piece of the text (from a `---` line to another) and each document is handed to
 * `each` as soon as it is composed, so the events live only as long as what is read from them
 * (a workload's `locate` keeps them), not as long as the whole stream's. Every document after the
 * first starts at a `---` line (an explicit document end gives way), and js-yaml ends a document
 * at such a line whatever it is in (a block scalar ends there, an open flow collection or quoted
 * scalar is a syntax error), so a piece holds exactly its documents; with one batch this is the
 * whole-text reading. Offsets in a piece's events are from the piece's start: positions and
 * document ranges add it back. Returns false when the `yaml` road must read the text; `each` may
 * then have had the documents before the batch that gave way, which the caller drops.
 */
export function readDocumentsFastEach(
  text: string,
  each: (doc: ReadDocument) => void,
  batchChars = BATCH_CHARS,
): boolean {
  if (text.charCodeAt(0) === 0xfeff || text.indexOf('\r') >= 0) return false;
  if (markerLines(text, '...', true).length > 0) return false;
  const markers = markerLines(text, '---', false);
  for (const m of markers) {
    // A `---` after U+2028 or U+2029 is no marker to js-yaml.
    if (m > 0 && text.charCodeAt(m - 1) !== 0x0a) return false;
  }
  const stream: StreamState = { text, markers, lines: null, start: 0, docIndex: 0 };
  let from = 0;
  let first = 0; // markers[first] is the first marker at or after `from`
  for (;;) {
    let past = first; // the batch ends at markers[past], or at the end of the text
    while (
      past < markers.length &&
      (markers[past]! <= from || markers[past]! - from < batchChars)
    ) {
      past++;
    }
    const to = past < markers.length ? markers[past]! : text.length;
    try {
      if (!readBatch(stream, from, to, first, past, each)) return false;
    } catch (e) {
      if (e === FALL_BACK) return false;
      throw e;
    }
    if (to === text.length) return true;
    from = to;
    first = past;
  }
}

interface StreamState {
  text: string;
  /** Offsets of the `---` lines. */
  markers: number[];
  /** Line starts of the whole text, found on the first position asked. */
  lines: number[] | null;
  /** Where the next document's range starts. */
  start: number;
  docIndex: number;
}

/**
 * The documents of text[from, to), which holds markers[first, past): each explicit document
 * starts at the next of them, in order, and only the text's first document may have none.
 */
function readBatch(
  stream: StreamState,
  from: number,
  to: number,
  first: number,
  past: number,
  each: (doc: ReadDocument) => void,
): boolean {
  const { text, markers } = stream;
  const piece = from === 0 && to === text.length ? text : text.slice(from, to);
  let events: Event[];
  try {
    events = parseEvents(piece, { maxDepth: MAX_NESTING_DEPTH + 1 });
  } catch {
    return false; // a syntax error: the `yaml` road reports it (and tries kubectl's dialect)
  }
  if (events.length === 0) return first === past; // blank lines and comments only
  const positionOf = (offset: number | undefined): SourcePosition | null => {
    if (offset === undefined || offset < 0) return null;
    stream.lines ??= lineStarts(text);
    return linePosition(stream.lines, offset + from);
  };
  const info = new Int32Array(events.length);
  const rawMayBeBad = MAYBE_BAD_TEXT.test(piece);
  let used = first;
  let i = 0;
  while (i < events.length) {
    const ev = events[i]!;
    if (ev.type !== EVENT_ID.DOCUMENT || ev.directives.length > 0 || ev.explicitEnd) {
      return false;
    }
    let marker: number | null = null;
    if (ev.explicitStart) {
      if (used >= past) return false;
      marker = markers[used++]! - from;
    } else if (stream.docIndex > 0) return false;
    const reader = new DocumentReader(
      piece,
      events,
      info,
      rawMayBeBad,
      stream.docIndex,
      positionOf,
    );
    const rootAt = i + 1;
    // A flow collection as the root (`{...}` YAML; JSON takes json-reader.ts): `yaml` ends
    // such a document at a place the events do not give, and reads some of its empty entries
    // otherwise.
    const root = events[rootAt];
    if (
      (root?.type === EVENT_ID.MAPPING || root?.type === EVENT_ID.SEQUENCE) &&
      root.style === COLLECTION_STYLE.FLOW
    ) {
      return false;
    }
    i = reader.readRoot(rootAt);
    if (events[i]?.type !== EVENT_ID.POP) return false;
    i++;
    // The last node before the document's closing events: an empty scalar changes its range.
    let last = i - 1;
    while (last > rootAt && events[last]!.type === EVENT_ID.POP) last--;
    const tail = events[last]!;

    // Document ranges as `yaml` gives them (Document.range[2]): a document ends where the next
    // one's `---` line starts, the last one at the end of the text; one that ends with an empty
    // value (`key:`, a lone `---`) ends with the line of that value.
    const next = used < markers.length ? markers[used]! : text.length;
    let end = next;
    if (tail.type === EVENT_ID.SCALAR && tail.valueStart < 0) {
      let k = next - 1;
      while (k >= 0 && /\s/.test(text.charAt(k))) k--;
      const lineEnd = text.indexOf('\n', k);
      end = lineEnd < 0 || lineEnd > next ? next : lineEnd;
      const lineStart = text.lastIndexOf('\n', k) + 1;
      if (text.slice(lineStart, end).includes('#')) return false; // comments: `yaml` counts them in
    }
    const doc = reader.result({ start: stream.start, end }, marker);
    stream.start = end;
    stream.docIndex++;
    each(doc);
  }
  return used === past;
}

/**
 * Composes one document from its events. Nothing is allocated per collection but the data: where
 * keys and values are in the source is read back from the events (a Loc per collection, built
 * on the first position asked in it), with `info` to step over nested collections.
 */
/**
 * Offsets of the lines that start with `marker` (`---` or `...`) followed by white space or a
 * line's end: what /^---(?=[ \t\n]|$)/gm finds, by indexOf (the markers are rare, lines many).
 */
function markerLines(text: string, marker: string, firstOnly: boolean): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 3)) {
    if (i > 0 && !isLineBreak(text.charCodeAt(i - 1))) continue;
    const next = text.charCodeAt(i + 3);
    if (i + 3 === text.length || next === 0x20 || next === 0x09 || isLineBreak(next)) {
      out.push(i);
      if (firstOnly) break;
    }
  }
  return out;
}

/** A line terminator as `^` and `$` of a multiline pattern see it. */
function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

class DocumentReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly ambiguous = new Set<string>();
  private value: unknown = null;
  private root = -1;
  private readonly segs: PathSegment[] = [];
  /** The Locs built so far, by event index. */
  private readonly locs = new Map<number, Loc>();

  /**
   * info: per event index, for a collection the index after its closing event, for a scalar -1
   * when it reads as null (0 otherwise). rawMayBeBad: the text has characters BAD_TEXT may refuse
   * (else only escapes in double-quoted scalars can make one).
   */
  constructor(
    private readonly text: string,
    private readonly events: Event[],
    private readonly info: Int32Array,
    private readonly rawMayBeBad: boolean,
    private readonly docIndex: number,
    private readonly positionOf: (offset: number | undefined) => SourcePosition | null,
  ) {}

  /** Reads the root node at events[i]; returns the index after it. */
  readRoot(i: number): number {
    this.root = i;
    const next = this.node(i, 0);
    this.value = this.lastValue;
    return next;
  }

  private lastValue: unknown = null;

  /** Composes the node at events[i] into lastValue; returns the index after it. */
  private node(i: number, depth: number): number {
    if (depth > MAX_NESTING_DEPTH) throw FALL_BACK;
    const ev = this.events[i]!;
    switch (ev.type) {
      case EVENT_ID.MAPPING:
        if (ev.anchorStart >= 0 || ev.tagStart >= 0) throw FALL_BACK;
        return (this.info[i] = this.mapping(i, depth));
      case EVENT_ID.SEQUENCE:
        if (ev.anchorStart >= 0 || ev.tagStart >= 0) throw FALL_BACK;
        return (this.info[i] = this.sequence(i, depth));
      case EVENT_ID.SCALAR: {
        if (ev.anchorStart >= 0 || ev.tagStart >= 0) throw FALL_BACK;
        const v = this.scalar(ev);
        this.lastValue = v;
        this.info[i] = v === null ? -1 : 0;
        return i + 1;
      }
      default:
        throw FALL_BACK; // an alias (or an event out of place)
    }
  }

  private mapping(i: number, depth: number): number {
    const out: Record<string, unknown> = {};
    const { events, text } = this;
    let j = i + 1;
    for (;;) {
      const k = events[j]!;
      if (k.type === EVENT_ID.POP) break;
      if (k.type !== EVENT_ID.SCALAR || k.anchorStart >= 0 || k.tagStart >= 0) throw FALL_BACK;
      // Keys are text (`stringKeys`): `true`, `1` and `~` as keys are the strings they spell.
      const key = getScalarValue(text, k);
      if (k.style === SCALAR_STYLE.PLAIN && key === '<<') throw FALL_BACK; // a merge key
      if (k.valueStart < 0) throw FALL_BACK; // an empty key
      if (this.mayBeBad(k) && BAD_TEXT.test(key)) this.badText(scalarStart(text, k), true);
      if (Object.prototype.hasOwnProperty.call(out, key)) this.duplicate(i, j, key);
      this.segs.push(key);
      j = this.node(j + 1, depth + 1);
      this.segs.pop();
      setKey(out, key, this.lastValue);
    }
    this.lastValue = out;
    return j + 1;
  }

  private sequence(i: number, depth: number): number {
    const out: unknown[] = [];
    const events = this.events;
    let j = i + 1;
    for (let n = 0; ; n++) {
      const item = events[j]!;
      if (item.type === EVENT_ID.POP) break;
      if (item.type === EVENT_ID.SCALAR && item.valueStart < 0) throw FALL_BACK; // `- ` alone
      this.segs.push(n);
      j = this.node(j, depth + 1);
      this.segs.pop();
      out.push(this.lastValue);
    }
    this.lastValue = out;
    return j + 1;
  }

  /** Whether a scalar's text may hold what BAD_TEXT refuses: raw, or from a `\` escape. */
  private mayBeBad(ev: ScalarEvent): boolean {
    return this.rawMayBeBad || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
  }

  /** A scalar as the `yaml` road reads it: the core schema for plain scalars, then go-yaml's numbers. */
  private scalar(ev: ScalarEvent): unknown {
    const source = getScalarValue(this.text, ev);
    if (ev.style !== SCALAR_STYLE.PLAIN) {
      if (this.mayBeBad(ev) && BAD_TEXT.test(source)) {
        this.badText(scalarStart(this.text, ev), false);
      }
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
      // The YAML 1.1 words are at most 3 letters long (`off`).
      if (value.length <= 3 && YAML11_BOOLEAN.test(value)) {
        this.ambiguous.add(this.segs.join('\u0000'));
      }
      if (this.rawMayBeBad && BAD_TEXT.test(value)) {
        this.badText(scalarStart(this.text, ev), false);
      }
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

  /** The key at events[keyAt] repeats one of the mapping at events[map] read before it. */
  private duplicate(map: number, keyAt: number, key: string): void {
    const { events, text, info } = this;
    let firstAt: number | undefined;
    // The entries before this one are composed: their info steps over nested collections.
    for (let j = map + 1; j < keyAt;) {
      const k = events[j] as ScalarEvent;
      if (getScalarValue(text, k) === key) {
        firstAt = scalarStart(text, k);
        break;
      }
      const v = j + 1;
      j = events[v]!.type === EVENT_ID.SCALAR ? v + 1 : info[v]!;
    }
    const first = this.positionOf(firstAt);
    this.diagnostics.push({
      severity: 'ERROR',
      reason: 'FieldValueDuplicate',
      path: displayPath([...this.segs, key]),
      message: `duplicate field ${JSON.stringify(key)}: the key appears more than once in this mapping${first ? ` (first at line ${first.line})` : ''}; the API server's strict decoding rejects it, and without it the last value would silently win`,
      document: this.docIndex,
      ...this.at(scalarStart(text, events[keyAt] as ScalarEvent)),
    });
  }

  private isScalar(e: number): boolean {
    return this.events[e]!.type === EVENT_ID.SCALAR;
  }

  /** Where the node at events[e] starts (undefined for an empty scalar). */
  private startOf(e: number): number | undefined {
    const ev = this.events[e]!;
    return ev.type === EVENT_ID.SCALAR
      ? scalarStart(this.text, ev)
      : (ev as { start: number }).start;
  }

  /** The Loc of the collection at events[e], read back from its events once. */
  private locOf(e: number): Loc {
    let loc = this.locs.get(e);
    if (loc !== undefined) return loc;
    const { events, text, info } = this;
    const ev = events[e] as { type: number; start: number };
    const isMap = ev.type === EVENT_ID.MAPPING;
    loc = { start: ev.start, names: isMap ? [] : null, keys: [], values: [], index: null };
    const end = info[e]! - 1; // the closing event
    for (let j = e + 1; j < end;) {
      if (isMap) {
        const k = events[j] as ScalarEvent;
        loc.names!.push(getScalarValue(text, k));
        loc.keys.push(scalarStart(text, k)!);
        j++;
      }
      loc.values.push(j);
      j = events[j]!.type === EVENT_ID.SCALAR ? j + 1 : info[j]!;
    }
    this.locs.set(e, loc);
    return loc;
  }

  result(sourceRange: { start: number; end: number }, marker: number | null): ReadDocument {
    const { text, events, root } = this;
    // An empty document is where its content would start: after `---` and its spaces.
    let rootAt = this.startOf(root);
    if (rootAt === undefined && marker !== null) {
      rootAt = marker + 3;
      while (text.charAt(rootAt) === ' ' || text.charAt(rootAt) === '\t') rootAt++;
    }
    const locate = (path: string): SourcePosition | null => {
      let node = root;
      let best = rootAt;
      for (const seg of parsePath(path)) {
        if (this.isScalar(node)) break;
        const loc = this.locOf(node);
        if (loc.names !== null) {
          const at = entryOf(loc, String(seg));
          if (at < 0) break;
          const value = loc.values[at]!;
          // A scalar value is the offending text itself; for a collection (or nothing) the key's
          // line is where the user looks.
          best =
            (this.isScalar(value) && this.info[value] === 0 ? this.startOf(value) : undefined) ??
            loc.keys[at];
          node = value;
        } else if (typeof seg === 'number') {
          const item = loc.values[seg];
          if (item === undefined) break;
          best = this.startOf(item) ?? best;
          node = item;
        } else break;
      }
      return this.positionOf(best);
    };
    const sourceOf = (raw: string): string | null => {
      let node = root;
      for (const seg of raw === '' ? [] : raw.split('\u0000')) {
        if (this.isScalar(node)) return null;
        const loc = this.locOf(node);
        const at = loc.names !== null ? entryOf(loc, seg) : Number(seg);
        const next = at >= 0 ? loc.values[at] : undefined;
        if (next === undefined) return null;
        node = next;
      }
      return this.isScalar(node) ? getScalarValue(text, events[node] as ScalarEvent) : null;
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
export function entryOf(loc: Loc<unknown>, key: string): number {
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

/** A character BAD_TEXT may refuse (valid surrogate pairs included): the cheap test first. */
// eslint-disable-next-line no-control-regex
export const MAYBE_BAD_TEXT = /[\u0000\ufffd\ud800-\udfff]/;

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
  if (s.length === 0) return null;
  const c = s.charCodeAt(0);
  // Only null (`~`, `null`) and the booleans start with ~ n N t T f F; other text that does not
  // start with a digit, a sign or a dot is text: most scalars are told apart by their first
  // character, before any pattern is tried.
  if (c === 0x7e || c === 0x6e || c === 0x4e) return CORE_NULL.test(s) ? null : s;
  if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) {
    return CORE_BOOL.test(s) ? c === 0x74 || c === 0x54 : s;
  }
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
  }
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
