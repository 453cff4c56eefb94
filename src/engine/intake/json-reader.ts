// The JSON road of the reader (docs/adr/0005-yaml-reader.md): text whose first non-blank
// character is `{` or `[` is read with `JSON.parse`, and line and column are found only when a
// diagnostic or a finding asks for one (one scan of the text, on the first question). JSON is
// YAML flow syntax, and the YAML roads read it to the same data; this road takes only what it
// reads exactly as they do: text that `JSON.parse` accepts, with no duplicate key (JSON.parse
// lets the last one win silently; the YAML roads report it), no character that cannot be stored
// (raw or escaped) and no collection nested deeper than the limit. Anything else returns null
// and the YAML roads read the text: the same diagnostics with the same positions, the same error
// on invalid JSON. test/engine/intake/json-road.spec.ts compares this road with the `yaml` road
// on every manifest of the repository written as JSON.

import type { Diagnostic, SourcePosition } from '../report';
import { MAX_NESTING_DEPTH } from './limits';
import { parsePath } from './paths';
import type { Loc } from './yaml-events';
import { entryOf, linePosition, lineStarts, MAYBE_BAD_TEXT } from './yaml-events';
import type { ReadDocument } from './yaml-reader';
import { BAD_TEXT } from './yaml-reader';

/**
 * The one document of a JSON text, or null when the YAML roads must read it. Text this road
 * takes is text the pre-scan (limits.ts scanText) passes: no NUL, lone surrogate or U+FFFD, one
 * document, no collection deeper than MAX_NESTING_DEPTH.
 */
export function readJsonDocuments(text: string): ReadDocument[] | null {
  const root = skipBlank(text, 0);
  const c = text.charCodeAt(root);
  if (c !== 0x7b /* { */ && c !== 0x5b /* [ */) return null;
  // Characters that cannot be stored: the pre-scan and the YAML roads report where they are.
  if (MAYBE_BAD_TEXT.test(text) && BAD_TEXT.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // invalid JSON: the YAML roads give the syntax error and its position
  }
  const escapes = text.indexOf('\\u') >= 0;
  const check = new Check(escapes);
  if (!check.walk(value, 1)) return null;
  // A key written twice: the text writes more keys than the data holds. Without `\u` escapes a
  // `:` in a string is a `:` of the text, and every other `:` of valid JSON ends a key: the
  // keys written are the text's colons less the data's. (A key written twice hides its first
  // value, whose colons the data lacks too: the difference then exceeds the data's keys.)
  const written = escapes ? keysWritten(text) : colonsIn(text) - check.colons;
  if (check.keys !== written) return null;
  return [new JsonDocument(text, root, value)];
}

/** A collection's Loc, or a scalar's offset (bitwise-not when it is null). */
type JsonNode = Loc<JsonNode> | number;

/** The facts of the parsed data the road needs: its keys, its depth, its escaped text. */
class Check {
  keys = 0;
  /** The `:` in the data's keys and strings, counted when the text has no `\u` escapes. */
  colons = 0;

  /** escapes: the text has `\u` escapes, which may spell a NUL or a lone surrogate. */
  constructor(private readonly escapes: boolean) {}

  /** False when the data nests too deep or holds text that cannot be stored. */
  walk(v: unknown, depth: number): boolean {
    if (typeof v === 'string') {
      if (this.escapes) return !BAD_TEXT.test(v);
      this.colons += colonsIn(v);
      return true;
    }
    if (typeof v !== 'object' || v === null) return true;
    // The root collection is depth 1: the pre-scan counts brackets the same way.
    if (depth > MAX_NESTING_DEPTH) return false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (!this.walk(v[i], depth + 1)) return false;
      return true;
    }
    const record = v as Record<string, unknown>;
    for (const key in record) {
      this.keys++;
      if (this.escapes) {
        if (BAD_TEXT.test(key)) return false;
      } else this.colons += colonsIn(key);
      if (!this.walk(record[key], depth + 1)) return false;
    }
    return true;
  }
}

/**
 * How many keys valid JSON text with `\u` escapes writes: the strings followed by `:`. More than the parsed data
 * holds means a key is written twice. Jumps from quote to quote, never character by character.
 */
function keysWritten(text: string): number {
  let keys = 0;
  let q = text.indexOf('"');
  while (q >= 0) {
    let end = text.indexOf('"', q + 1);
    while (escaped(text, end)) end = text.indexOf('"', end + 1);
    const next = skipBlank(text, end + 1);
    if (text.charCodeAt(next) === 0x3a /* : */) keys++;
    q = text.indexOf('"', next);
  }
  return keys;
}

/** How many `:` a string holds. */
function colonsIn(s: string): number {
  let n = 0;
  for (let k = s.indexOf(':'); k >= 0; k = s.indexOf(':', k + 1)) n++;
  return n;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(text: string, at: number): boolean {
  let k = at - 1;
  while (text.charCodeAt(k) === 0x5c /* \ */) k--;
  return (at - 1 - k) % 2 === 1;
}

/** The first offset from `i` that is not JSON white space. */
function skipBlank(text: string, i: number): number {
  while (isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** JSON white space: space, tab, line feed, carriage return. */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

class JsonDocument implements ReadDocument {
  readonly sourceRange: { start: number; end: number };
  readonly index = 0;
  readonly empty = false;
  readonly readable = true;
  readonly diagnostics: Diagnostic[] = [];
  readonly ambiguous = new Set<string>(); // JSON strings are quoted: never a YAML 1.1 word
  private tree: Loc<JsonNode> | null = null;
  private lines: number[] | null = null;
  /** Positions found by following their path (see locate). */
  private lookups = 0;

  constructor(
    private readonly text: string,
    private readonly rootAt: number,
    readonly value: unknown,
  ) {
    // Where the `yaml` road ends the document (its Document.range[2]): past the second line
    // break after the root's closing bracket, or at the end of the text.
    let rootEnd = text.length;
    while (rootEnd > 0 && isBlank(text.charCodeAt(rootEnd - 1))) rootEnd--;
    const first = text.indexOf('\n', rootEnd);
    const second = first < 0 ? -1 : text.indexOf('\n', first + 1);
    this.sourceRange = { start: 0, end: second < 0 ? text.length : second + 1 };
    // Callers pass these as functions (Workload.locate): bound once here.
    this.locate = this.locate.bind(this);
    this.sourceOf = this.sourceOf.bind(this);
  }

  /** Same answers as the YAML roads: a scalar's value, a collection's key, the nearest ancestor. */
  locate(path: string): SourcePosition | null {
    // An analysis asks few positions (often one, or none): the first ones follow the path
    // through the text (no offsets of the whole text, nothing allocated but the answer), so
    // a position costs in proportion to the text before it. A document asked many positions
    // builds the offsets of every collection once and answers from them.
    if (this.tree === null && this.lookups < PATH_DIRECTED_LOOKUPS) {
      this.lookups++;
      return this.position(this.find(path));
    }
    let node: JsonNode = this.offsets();
    let best = this.rootAt;
    for (const seg of parsePath(path)) {
      if (typeof node === 'number') break;
      if (node.names !== null) {
        const at = entryOf(node, String(seg));
        if (at < 0) break;
        const value: JsonNode = node.values[at]!;
        // A scalar value is the offending text itself; for a collection (or null) the key's line
        // is where the user looks.
        best = typeof value === 'number' && value >= 0 ? value : node.keys[at]!;
        node = value;
      } else if (typeof seg === 'number') {
        const item: JsonNode | undefined = node.values[seg];
        if (item === undefined) break;
        best = typeof item === 'number' ? (item < 0 ? ~item : item) : item.start;
        node = item;
      } else break;
    }
    return this.position(best);
  }

  /**
   * The offset locate() answers for a path, found by following it through the text: the same
   * choice as the offsets' walk (a scalar's value, a collection's or null's key, an item's
   * start, the nearest ancestor when the path goes further than the data).
   */
  private find(path: string): number {
    const text = this.text;
    let i = this.rootAt;
    let best = i;
    for (const seg of parsePath(path)) {
      const c = text.charCodeAt(i);
      if (c === 0x7b /* { */) {
        const key = String(seg);
        let j = skipBlank(text, i + 1);
        let value = -1;
        while (text.charCodeAt(j) === 0x22 /* " */) {
          const end = stringEnd(text, j);
          const v = skipBlank(text, skipBlank(text, end + 1) + 1); // past the `:`
          if (keyIs(text, j, end, key)) {
            value = v;
            break;
          }
          j = skipBlank(text, skipValue(text, v));
          if (text.charCodeAt(j) === 0x2c /* , */) j = skipBlank(text, j + 1);
        }
        if (value < 0) break;
        const vc = text.charCodeAt(value);
        best = vc === 0x7b || vc === 0x5b || vc === 0x6e /* { [ n(ull) */ ? j : value;
        i = value;
      } else if (c === 0x5b /* [ */ && typeof seg === 'number') {
        let j = skipBlank(text, i + 1);
        for (let n = 0; n < seg && text.charCodeAt(j) !== 0x5d /* ] */; n++) {
          j = skipBlank(text, skipValue(text, j));
          if (text.charCodeAt(j) === 0x2c /* , */) j = skipBlank(text, j + 1);
        }
        if (text.charCodeAt(j) === 0x5d /* ] */) break;
        best = j;
        i = j;
      } else break;
    }
    return best;
  }

  /** Line and column of an offset: counted up to it for the first questions, then indexed. */
  private position(offset: number): SourcePosition {
    if (this.lines === null && this.lookups < PATH_DIRECTED_LOOKUPS) {
      let line = 1;
      let start = 0;
      for (
        let n = this.text.indexOf('\n');
        n >= 0 && n < offset;
        n = this.text.indexOf('\n', n + 1)
      ) {
        line++;
        start = n + 1;
      }
      return { line, column: offset - start + 1 };
    }
    this.lines ??= lineStarts(this.text);
    return linePosition(this.lines, offset);
  }

  /** The scalar's text as the YAML roads give it: the string, or the literal as written. */
  sourceOf(raw: string): string | null {
    let v = this.value;
    const segs = raw === '' ? [] : raw.split('\u0000');
    for (const seg of segs) {
      if (Array.isArray(v)) v = v[Number(seg)];
      else if (
        typeof v === 'object' &&
        v !== null &&
        Object.prototype.hasOwnProperty.call(v, seg)
      ) {
        v = (v as Record<string, unknown>)[seg];
      } else return null;
      if (v === undefined) return null;
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean' || v === null) return String(v);
    if (typeof v !== 'number') return null;
    // A number: `1.10`, `1e400` as written.
    let node: JsonNode = this.offsets();
    for (const seg of segs) {
      if (typeof node === 'number') return null;
      const at: number = node.names !== null ? entryOf(node, seg) : Number(seg);
      node = node.values[at]!;
    }
    if (typeof node !== 'number') return null;
    let end = node;
    while (end < this.text.length && NUMBER_CHAR.test(this.text.charAt(end))) end++;
    return this.text.slice(node, end);
  }

  /** Where every collection's keys and values start, scanned on the first question. */
  private offsets(): Loc<JsonNode> {
    if (this.tree === null) {
      const scan = new OffsetScan(this.text);
      this.tree = scan.value(this.rootAt) as Loc<JsonNode>;
    }
    return this.tree;
  }
}

const NUMBER_CHAR = /[-+.0-9eE]/;

/** How many positions a document finds by following their path before it indexes the text. */
const PATH_DIRECTED_LOOKUPS = 8;

/** The offset of the quote that closes the string opened at `i`. */
function stringEnd(text: string, i: number): number {
  let end = text.indexOf('"', i + 1);
  while (escaped(text, end)) end = text.indexOf('"', end + 1);
  return end;
}

/** Whether the key written from the quote at `start` to the one at `end` reads as `key`. */
function keyIs(text: string, start: number, end: number, key: string): boolean {
  const length = end - start - 1;
  // An escape is longer than what it reads as: text as long as the key matches only as is.
  if (length === key.length) return text.startsWith(key, start + 1) && key.indexOf('\\') < 0;
  if (length < key.length) return false;
  for (let k = start + 1; k < end; k++) {
    if (text.charCodeAt(k) === 0x5c /* \\ */) {
      return (JSON.parse(text.slice(start, end + 1)) as string) === key;
    }
  }
  return false;
}

/** The offset after the value that starts at `i` (valid JSON: nothing is checked). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22 /* " */) return stringEnd(text, i) + 1;
  if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
    let depth = 0;
    for (let k = i; ; k++) {
      const d = text.charCodeAt(k);
      if (d === 0x22 /* " */) k = stringEnd(text, k);
      else if (d === 0x7b || d === 0x5b) depth++;
      else if ((d === 0x7d || d === 0x5d) && --depth === 0) return k + 1; // } ]
    }
  }
  let k = i + 1;
  while (k < text.length) {
    const d = text.charCodeAt(k);
    if (d === 0x2c || d === 0x7d || d === 0x5d || isBlank(d)) break; // , } ]
    k++;
  }
  return k;
}

/**
 * Offsets of valid JSON (JSON.parse accepted it, so nothing is checked): per collection, a Loc
 * as the js-yaml road keeps it, with each scalar as its offset (bitwise-not for null, which the
 * YAML roads locate by its key).
 */
class OffsetScan {
  /** The offset after the value just scanned. */
  private pos = 0;

  constructor(private readonly text: string) {}

  value(i: number): JsonNode {
    const text = this.text;
    switch (text.charCodeAt(i)) {
      case 0x7b /* { */: {
        const loc: Loc<JsonNode> = { start: i, names: [], keys: [], values: [], index: null };
        let j = skipBlank(text, i + 1);
        while (text.charCodeAt(j) === 0x22 /* " */) {
          const end = stringEnd(text, j);
          const raw = text.slice(j + 1, end);
          loc.names!.push(
            raw.indexOf('\\') < 0 ? raw : (JSON.parse(text.slice(j, end + 1)) as string),
          );
          loc.keys.push(j);
          j = skipBlank(text, skipBlank(text, end + 1) + 1); // past the `:`
          loc.values.push(this.value(j));
          j = skipBlank(text, this.pos);
          if (text.charCodeAt(j) === 0x2c /* , */) j = skipBlank(text, j + 1);
        }
        this.pos = j + 1; // past the `}`
        return loc;
      }
      case 0x5b /* [ */: {
        const loc: Loc<JsonNode> = { start: i, names: null, keys: [], values: [], index: null };
        let j = skipBlank(text, i + 1);
        while (text.charCodeAt(j) !== 0x5d /* ] */) {
          loc.values.push(this.value(j));
          j = skipBlank(text, this.pos);
          if (text.charCodeAt(j) === 0x2c /* , */) j = skipBlank(text, j + 1);
        }
        this.pos = j + 1;
        return loc;
      }
      case 0x22 /* " */:
        this.pos = stringEnd(text, i) + 1;
        return i;
      case 0x6e /* n */:
        this.pos = i + 4;
        return ~i;
      case 0x74 /* t */:
        this.pos = i + 4;
        return i;
      case 0x66 /* f */:
        this.pos = i + 5;
        return i;
      default: {
        let j = i + 1;
        while (j < text.length && NUMBER_CHAR.test(text.charAt(j))) j++;
        this.pos = j;
        return i;
      }
    }
  }
}
