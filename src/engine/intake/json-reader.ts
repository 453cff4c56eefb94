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
  const check = new Check(text.indexOf('\\u') >= 0);
  if (!check.walk(value, 1) || check.keys !== keysWritten(text)) return null;
  return [new JsonDocument(text, root, value)];
}

/** A collection's Loc, or a scalar's offset (bitwise-not when it is null). */
type JsonNode = Loc<JsonNode> | number;

/** The facts of the parsed data the road needs: its keys, its depth, its escaped text. */
class Check {
  keys = 0;

  /** escapes: the text has `\u` escapes, which may spell a NUL or a lone surrogate. */
  constructor(private readonly escapes: boolean) {}

  /** False when the data nests too deep or holds text that cannot be stored. */
  walk(v: unknown, depth: number): boolean {
    if (typeof v === 'string') return !this.escapes || !BAD_TEXT.test(v);
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
      if (this.escapes && BAD_TEXT.test(key)) return false;
      if (!this.walk(record[key], depth + 1)) return false;
    }
    return true;
  }
}

/**
 * How many keys valid JSON text writes: the strings followed by `:`. More than the parsed data
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
    this.lines ??= lineStarts(this.text);
    return linePosition(this.lines, best);
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
          const end = this.stringEnd(j);
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
        this.pos = this.stringEnd(i) + 1;
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

  /** The offset of the quote that closes the string opened at `i`. */
  private stringEnd(i: number): number {
    let end = this.text.indexOf('"', i + 1);
    while (escaped(this.text, end)) end = this.text.indexOf('"', end + 1);
    return end;
  }
}
