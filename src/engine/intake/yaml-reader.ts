// Reads the manifest text into YAML documents with the `yaml` package (never a hand-written
// parser): positions through LineCounter, duplicate keys, YAML 1.1 booleans, bounded alias
// expansion (reliability-plan 1.3). JSON is YAML flow syntax: JSON text takes the JSON road
// (json-reader.ts, JSON.parse) when it reads it exactly as this one would, and this road
// otherwise (a duplicate key, which JSON.parse would let win silently; invalid JSON).

import type { Document, Node as YamlNode } from 'yaml';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Diagnostic, SourcePosition } from '../report';
import { readJsonDocuments } from './json-reader';
import { originalOffset, padContinuationLines } from './kubectl-dialect';
import { MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH } from './limits';
import type { PathSegment } from './paths';
import { child, index, parsePath } from './paths';
import { YAML11_BOOLEAN } from './shape';
import { readDocumentsFast } from './yaml-events';

export interface ReadDocument {
  /** Offsets of the document's own text in the input (from the end of the previous document). */
  sourceRange: { start: number; end: number };
  /** 0-based index in the stream. */
  index: number;
  /** The document as plain JSON data; undefined when it could not be read. */
  value: unknown;
  /** True when the document holds no node at all (`---` alone, comments only). */
  empty: boolean;
  /** False when syntax errors make the document's content untrustworthy. */
  readable: boolean;
  diagnostics: Diagnostic[];
  /** Raw keys (segments joined by NUL) of plain scalars that YAML 1.1 reads as booleans. */
  ambiguous: Set<string>;
  /** The source text of the scalar at a raw key (segments joined by NUL), e.g. `1.10`, `1e400`. */
  sourceOf(raw: string): string | null;
  locate(path: string): SourcePosition | null;
}

// NUL is what PostgreSQL cannot store: matching it is the point.
export const BAD_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\u0000\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function readDocuments(text: string): ReadDocument[] {
  return readJsonDocuments(text) ?? readYamlDocuments(text);
}

/** The YAML roads: JSON that the JSON road (json-reader.ts) gives way on comes here too. */
export function readYamlDocuments(text: string): ReadDocument[] {
  // Most manifests take the fast road (yaml-events.ts); it gives way here for anything else.
  return readDocumentsFast(text) ?? readDocumentsWithYaml(text);
}

/** The `yaml` road: every stream, every diagnostic, kubectl's dialect as a second chance. */
export function readDocumentsWithYaml(text: string): ReadDocument[] {
  let parsed = parseStream(text);
  let at: Locator = (offset) => position(parsed.lineCounter, offset);
  let toOriginal = (offset: number): number => offset;
  if (parsed.errorCount > 0) {
    // kubectl's dialect: go-yaml reads quoted scalars and flow collections whose continuation
    // lines are not indented (kubectl-dialect.ts). Only text that failed strictly pays for this.
    const dialect = padContinuationLines(text);
    const again = dialect ? parseStream(dialect.text) : null;
    if (dialect && again && again.errorCount < parsed.errorCount) {
      parsed = again;
      const original = lineCounterOf(text);
      toOriginal = (offset) => originalOffset(dialect, offset);
      at = (offset) => position(original, offset === undefined ? offset : toOriginal(offset));
    }
  }
  const list = parsed.docs;
  return list.map((doc, i) =>
    readOne(doc, i, at, {
      start: i === 0 ? 0 : toOriginal(list[i - 1]?.range[2] ?? 0),
      end: toOriginal(doc.range[2]),
    }),
  );
}

type Locator = (offset: number | undefined) => SourcePosition | null;

function parseStream(text: string): {
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  errorCount: number;
} {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter,
    merge: true, // Kubernetes (goyaml.v2) honours `<<` merge keys
    uniqueKeys: false, // duplicates are reported below, with their field path
    prettyErrors: false,
    strict: true,
    schema: 'core',
    version: '1.2',
    resolveKnownTags: false,
    stringKeys: true, // a mapping key that is a collection is an error, as in JSON
    logLevel: 'silent', // pure engine: problems come back as diagnostics, never on the console
  });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  let errorCount = 0;
  for (const d of list) errorCount += d.errors.length;
  return { docs: list, lineCounter, errorCount };
}

function lineCounterOf(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

function position(lineCounter: LineCounter, offset: number | undefined): SourcePosition | null {
  if (offset === undefined || offset < 0) return null;
  const p = lineCounter.linePos(offset);
  return { line: p.line, column: p.col };
}

function syntaxMessage(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') {
    return 'YAML syntax error: tabs are not allowed as indentation; indent with spaces';
  }
  // yaml appends " at line L, column C" in some messages: the position is carried separately.
  return `YAML syntax error: ${message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')}`;
}

function readOne(
  doc: Document.Parsed,
  docIndex: number,
  locator: Locator,
  sourceRange: ReadDocument['sourceRange'],
): ReadDocument {
  // The document's lookup state lives as long as the document read (sourceOf and locate keep
  // it): no module-level WeakMap, whose entries the garbage collector pays for one by one.
  const nodes: DocNodes = { doc, aliasTargets: new Map(), maps: new Map() };
  const diagnostics: Diagnostic[] = [];
  const ambiguous = new Set<string>();
  const at = (offset: number | undefined): Pick<Diagnostic, 'line' | 'column'> => {
    const p = locator(offset);
    return { line: p?.line ?? null, column: p?.column ?? null };
  };
  let readable = true;
  // One diagnostic per problem: the parser may report a problem twice at one place.
  const seenAt = new Set<string>();
  for (const err of doc.errors) {
    readable = false;
    const where = at(err.pos[0]);
    const key = `${where.line}:${where.column}`;
    if (seenAt.has(key)) continue;
    seenAt.add(key);
    diagnostics.push({
      severity: 'ERROR',
      reason: 'SyntaxError',
      path: null,
      message: syntaxMessage(err.code, err.message),
      document: docIndex,
      ...where,
    });
  }
  if (!readable) {
    // Never drop a document silently: the first error says which document was not analysed.
    const first = diagnostics[0];
    if (first) {
      const label = documentLabel(doc);
      first.message += `; document ${docIndex}${label ? ` (${label})` : ''} could not be read and was not analysed`;
    }
  }
  for (const warn of doc.warnings) {
    diagnostics.push({
      severity: 'WARNING',
      reason: 'SyntaxError',
      path: null,
      message: `YAML: ${warn.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')}`,
      document: docIndex,
      ...at(warn.pos[0]),
    });
  }

  const sourceOf = (raw: string): string | null => {
    const node = nodeAtRaw(nodes, raw === '' ? [] : raw.split('\u0000'));
    return isScalar(node) && typeof node.source === 'string' ? node.source : null;
  };
  const locate = (path: string): SourcePosition | null => {
    const found = nodeAt(nodes, parsePath(path));
    return locator(found);
  };

  const empty = doc.contents === null;
  // The document as read so far: `diagnostics` and `ambiguous` keep filling until it is returned.
  const result = (value: unknown, isReadable: boolean): ReadDocument => ({
    index: docIndex,
    value,
    empty,
    readable: isReadable,
    diagnostics,
    ambiguous,
    sourceOf,
    locate,
    sourceRange,
  });
  if (!readable || empty) return result(undefined, readable);

  // One walk over the nodes composes the plain JS value (what `toJS` would give) and checks, in
  // the same pass: duplicate keys, YAML 1.1 words and numbers, strings that cannot be stored,
  // nesting depth and the alias budget. Aliases are resolved through the anchors met so far in
  // document order (O(1), where `Alias.resolve` scans the whole document each time: a 60 KB
  // manifest of 6,000 aliases took 4 s), and their expansion is counted before anything else
  // walks the data.
  let tooDeep = false;
  let unresolved = false;
  let refused = false;
  let expanded = 0; // nodes the aliases add to the data, counted as the expansion would be
  let produced = 0; // nodes composed
  const openAnchors: string[] = [];
  const anchors = new Map<string, { node: unknown; value: unknown; size: number }>();
  const aliasTargets = nodes.aliasTargets;
  const fail = (
    reason: Diagnostic['reason'],
    segs: PathSegment[],
    node: unknown,
    message: string,
  ) => {
    diagnostics.push({
      severity: 'ERROR',
      reason,
      path: displayPath(segs) || null,
      message,
      document: docIndex,
      ...at(rangeStart(node)),
    });
  };
  const walk = (node: unknown, segs: PathSegment[], depth: number): unknown => {
    if (refused) return undefined;
    if (depth > MAX_NESTING_DEPTH) {
      if (!tooDeep) {
        tooDeep = true;
        diagnostics.push({
          severity: 'ERROR',
          reason: 'TooLarge',
          path: displayPath(segs),
          message: `the document nests mappings or sequences more than ${MAX_NESTING_DEPTH} levels deep`,
          document: docIndex,
          ...at(rangeStart(node)),
        });
      }
      return undefined;
    }
    produced++;
    const anchor =
      isMap(node) || isSeq(node) || isScalar(node)
        ? (node as { anchor?: string }).anchor
        : undefined;
    if (anchor === undefined) return walkNode(node, segs, depth, null);
    openAnchors.push(anchor);
    const before = produced + expanded;
    const entry = { node, value: undefined as unknown, size: 0 };
    try {
      entry.value = walkNode(node, segs, depth, entry);
    } finally {
      openAnchors.pop();
    }
    entry.size = produced + expanded - before + 1;
    anchors.set(anchor, entry);
    return entry.value;
  };
  const walkNode = (
    node: unknown,
    segs: PathSegment[],
    depth: number,
    entry: { value: unknown } | null,
  ): unknown => {
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      if (entry) entry.value = out;
      const seen = new Map<string, number | undefined>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        const keyText = isScalar(key) ? (key.value === null ? '' : String(key.value)) : null;
        if (keyText === '<<') {
          // A merge key (go-yaml and yaml alike): the mapping, or each mapping of a sequence,
          // adds the keys not set yet; keys written in this mapping always win.
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const src of sources) {
            const merged = walk(src, segs, depth + 1);
            if (refused) return undefined;
            if (!isPlainRecord(merged)) {
              if (merged === undefined && unresolved) continue;
              fail(
                'SyntaxError',
                segs,
                src,
                'YAML syntax error: a merge key (<<) needs a mapping or a sequence of mappings (go-yaml: "map merge requires map or sequence of maps as the value")',
              );
              unresolved = true;
              continue;
            }
            for (const k of Object.keys(merged)) {
              if (!Object.prototype.hasOwnProperty.call(out, k)) setKey(out, k, merged[k]);
            }
          }
          continue;
        }
        if (keyText === null) continue; // a collection as a key: yaml (stringKeys) reports it
        checkText(keyText, segs, key, true);
        if (seen.has(keyText)) {
          const first = locator(seen.get(keyText));
          diagnostics.push({
            severity: 'ERROR',
            reason: 'FieldValueDuplicate',
            path: displayPath([...segs, keyText]),
            message: `duplicate field ${JSON.stringify(keyText)}: the key appears more than once in this mapping${first ? ` (first at line ${first.line})` : ''}; the API server's strict decoding rejects it, and without it the last value would silently win`,
            document: docIndex,
            ...at(rangeStart(key)),
          });
        } else {
          seen.set(keyText, rangeStart(key));
        }
        segs.push(keyText);
        const v = pair.value === null ? null : walk(pair.value, segs, depth + 1);
        segs.pop();
        setKey(out, keyText, v === undefined ? null : v);
      }
      return out;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      if (entry) entry.value = out;
      for (let i = 0; i < node.items.length; i++) {
        segs.push(i);
        const v = walk(node.items[i], segs, depth + 1);
        segs.pop();
        out.push(v === undefined ? null : v);
      }
      return out;
    }
    if (isAlias(node)) {
      if (openAnchors.includes(node.source)) {
        unresolved = true;
        fail(
          'SyntaxError',
          segs,
          node,
          `YAML syntax error: the alias *${node.source} is inside the node anchored &${node.source} it refers to (go-yaml: "anchor '${node.source}' value contains itself")`,
        );
        return undefined;
      }
      const target = anchors.get(node.source);
      if (!target) {
        unresolved = true;
        fail(
          'SyntaxError',
          segs,
          node,
          `YAML syntax error: the alias *${node.source} refers to no anchor &${node.source} defined before it`,
        );
        return undefined;
      }
      aliasTargets.set(node, target.node);
      expanded += target.size;
      if (expanded > MAX_ALIAS_EXPANSION) {
        refused = true;
        fail(
          'TooLarge',
          segs,
          node,
          `the document expands YAML aliases excessively: at this alias *${node.source} they add more than ${MAX_ALIAS_EXPANSION} nodes to the data (the pattern of a "billion laughs" attack); it was not read`,
        );
        return undefined;
      }
      return target.value;
    }
    if (isScalar(node)) {
      if (
        node.type === 'PLAIN' &&
        node.tag === undefined &&
        typeof node.source === 'string' &&
        (typeof node.value === 'string' || typeof node.value === 'number')
      ) {
        // YAML 1.1 numbers that the core schema leaves as text or reads otherwise (go-yaml's
        // resolve.go: `0644` is octal, `0b1010` binary, `1_000` has separators).
        const n = yaml11Number(node.source);
        if (n !== null) node.value = n;
      }
      if (typeof node.value === 'string') {
        if (node.type === 'PLAIN' && YAML11_BOOLEAN.test(node.value)) {
          ambiguous.add(segs.join('\u0000'));
        }
        checkText(node.value, segs, node, false);
      }
      return node.value === undefined ? null : node.value;
    }
    return null;
  };
  const checkText = (s: string, segs: PathSegment[], node: unknown, isKey: boolean): void => {
    if (!BAD_TEXT.test(s)) return;
    fail(
      'FieldValueInvalid',
      segs,
      node,
      `the ${isKey ? 'key' : 'value'} contains a NUL character, an unpaired surrogate or U+FFFD (left where the text was not valid UTF-8); it must be valid text`,
    );
  };
  const value = walk(doc.contents, [], 0);
  if (tooDeep || unresolved || refused) return result(undefined, false);
  return result(value === undefined ? null : value, true);
}

/** One document's nodes and the lookups built over them while it is read. */
interface DocNodes {
  doc: Document.Parsed;
  /** The anchored node each alias stands for (filled by the composing walk). */
  aliasTargets: Map<unknown, unknown>;
  /** Each mapping's keys, indexed the first time a diagnostic is located in it. */
  maps: Map<object, KeyedMap>;
}

function resolveAlias(nodes: DocNodes, node: unknown): unknown {
  if (!isAlias(node)) return node;
  const known = nodes.aliasTargets.get(node);
  return known !== undefined ? known : node.resolve(nodes.doc);
}

export function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `__proto__` is a key like any other (yaml's addPairToJSMap does the same). */
export function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else out[key] = value;
}

const YAML11_INT = /^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const YAML11_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/**
 * A plain scalar as go-yaml v2 resolves a number (resolve.go: underscores removed, then Go's
 * strconv.ParseInt with base 0, then yamlStyleFloat), when that differs from the core schema's
 * reading; null when the core schema already reads it the same way or it is no number.
 */
export function yaml11Number(text: string): number | null {
  if (text.indexOf('_') < 0) {
    // Octal and binary both start with 0 after the sign: other numbers skip the patterns.
    const sign = text.charCodeAt(0) === 0x2d || text.charCodeAt(0) === 0x2b ? 1 : 0;
    if (
      text.charCodeAt(sign) !== 0x30 ||
      (!/^[-+]?0[0-7]+$/.test(text) && !/^[-+]?0b/.test(text))
    ) {
      return null; // the core schema's reading is go-yaml's
    }
  }
  const plain = text.replace(/_/g, '');
  if (plain === '' || plain === '+' || plain === '-') return null;
  if (YAML11_INT.test(plain)) {
    const sign = plain.startsWith('-') ? -1 : 1;
    const digits = plain.replace(/^[-+]/, '');
    let base = 10;
    let body = digits;
    if (/^0b/.test(digits)) [base, body] = [2, digits.slice(2)];
    else if (/^0o/.test(digits)) [base, body] = [8, digits.slice(2)];
    else if (/^0x/i.test(digits)) [base, body] = [16, digits.slice(2)];
    else if (/^0[0-7]+$/.test(digits)) [base, body] = [8, digits.slice(1)];
    if (body === '') return null;
    const v = parseInt(body, base);
    return Number.isFinite(v) ? sign * v : null;
  }
  if (YAML11_FLOAT.test(plain)) {
    const v = Number(plain);
    return Number.isFinite(v) ? v : null;
  }
  return null;
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node === 'object' && node !== null && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range ? range[0] : undefined;
  }
  return undefined;
}

export function displayPath(segs: readonly PathSegment[]): string {
  let p = '';
  for (const s of segs) p = typeof s === 'number' ? index(p, s) : child(p, s);
  return p;
}

/**
 * The source offset of the deepest node on `segs`: the key of a mapping entry, the item of a
 * sequence. Follows aliases and `<<` merges one step at a time, so it is bounded by the path.
 */
function nodeAt(nodes: DocNodes, segs: readonly PathSegment[]): number | undefined {
  let node: unknown = nodes.doc.contents;
  let best = rangeStart(node);
  for (const seg of segs) {
    let hops = 0;
    while (isAlias(node) && hops++ < 10) node = resolveAlias(nodes, node);
    if (isMap(node)) {
      const found = findPair(nodes, node as YamlNode, String(seg));
      if (!found) break;
      // A scalar value is the offending text itself; for a collection (or nothing) the key's
      // line is where the user looks.
      best =
        (isScalar(found.value) && found.value.value !== null
          ? rangeStart(found.value)
          : undefined) ??
        rangeStart(found.key) ??
        best;
      node = found.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      best = rangeStart(item) ?? best;
      node = item;
    } else break;
  }
  return best;
}

interface KeyedMap {
  pairs: Map<string, { key: unknown; value: unknown }>;
  merges: unknown[];
}

/** The node at raw segments (no merges followed: used for scalars the user wrote in place). */
function nodeAtRaw(nodes: DocNodes, segs: readonly string[]): unknown {
  let node: unknown = nodes.doc.contents;
  for (const seg of segs) {
    if (isAlias(node)) node = resolveAlias(nodes, node);
    if (isMap(node)) {
      const found = findPair(nodes, node as YamlNode, seg);
      if (!found) return null;
      node = found.value;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)];
    } else return null;
  }
  return node;
}

function findPair(
  nodes: DocNodes,
  map: YamlNode,
  key: string,
  depth = 0,
): { key: unknown; value: unknown } | null {
  if (!isMap(map) || depth > 5) return null;
  // Index each mapping once: many diagnostics in one large mapping stay linear overall.
  let keyed = nodes.maps.get(map);
  if (!keyed) {
    keyed = { pairs: new Map(), merges: [] };
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? String(pair.key.value) : null;
      if (k === '<<') keyed.merges.push(pair.value);
      else if (k !== null && !keyed.pairs.has(k)) {
        keyed.pairs.set(k, { key: pair.key, value: pair.value });
      }
    }
    nodes.maps.set(map, keyed);
  }
  const direct = keyed.pairs.get(key);
  if (direct) return direct;
  for (const m of keyed.merges) {
    const sources = isSeq(m) ? m.items : [m];
    for (let src of sources) {
      if (isAlias(src)) src = resolveAlias(nodes, src);
      const hit = findPair(nodes, src as YamlNode, key, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/** `Deployment "web"` from what could be read of a broken document (no alias is followed). */
function documentLabel(doc: Document.Parsed): string | null {
  const top = doc.contents;
  if (!isMap(top)) return null;
  const scalarAt = (map: unknown, key: string): string | null => {
    if (!isMap(map)) return null;
    for (const pair of map.items) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === key) {
        return isScalar(pair.value) && typeof pair.value.value === 'string'
          ? pair.value.value
          : null;
      }
    }
    return null;
  };
  const kind = scalarAt(top, 'kind');
  let meta: unknown = null;
  for (const pair of top.items) {
    if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'metadata') meta = pair.value;
  }
  const name = scalarAt(meta, 'name');
  if (kind === null && name === null) return null;
  return `${kind ?? 'an object'}${name !== null ? ` ${JSON.stringify(name)}` : ''}`;
}
