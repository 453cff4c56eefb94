// Limits that protect the service (the limits table in README.md). All checks here are
// cheap linear scans that run before the YAML parser sees the text, so hostile input is refused
// in milliseconds and never reaches the parser's recursion.

import type { Diagnostic } from '../report';

/** The API server's request body limit (MaxRequestBodyBytes, 3 MiB). */
export const MAX_MANIFEST_BYTES = 3 * 1024 * 1024;
/** Deepest nesting of mappings/sequences accepted (the parser's own stack gives out near 800). */
export const MAX_NESTING_DEPTH = 100;
/** Most YAML documents in one manifest. */
export const MAX_DOCUMENTS = 500;
/** Most diagnostics listed for one document; the rest are summarised in one "and K more". */
export const MAX_DIAGNOSTICS_PER_DOCUMENT = 50;
/**
 * Most nodes that YAML aliases may add to one document's data (each alias adds the size of what
 * it refers to, nested aliases included), counted while the document is composed and before any
 * analysis walks it: stops "billion laughs" and keeps every expansion linear.
 */
export const MAX_ALIAS_EXPANSION = 10_000;
/** Most characters of a user value quoted back in a message. */
export const MAX_QUOTED_VALUE_CHARS = 80;

/** UTF-8 byte length of a JS string, stopping early once it is known to exceed `limit`. */
export function utf8ByteLength(text: string, limit = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
    if (bytes > limit) return bytes;
  }
  return bytes;
}

/** The byte-size check: refuse anything the API server would refuse with 413. */
export function checkSize(text: string): Diagnostic | null {
  // Fast paths: every UTF-16 unit is at least one byte and at most three.
  if (text.length * 3 <= MAX_MANIFEST_BYTES) return null;
  const bytes =
    text.length > MAX_MANIFEST_BYTES ? text.length : utf8ByteLength(text, MAX_MANIFEST_BYTES);
  if (bytes <= MAX_MANIFEST_BYTES) return null;
  return manifestDiagnostic(
    'ERROR',
    'TooLarge',
    `the manifest is larger than ${MAX_MANIFEST_BYTES} bytes (3 MiB), the Kubernetes API server's request body limit; nothing was read`,
  );
}

export interface ScanResult {
  /** ERROR diagnostics that mean the text must not be parsed. */
  diagnostics: Diagnostic[];
}

/**
 * One pass over the text: characters that cannot be stored (NUL, lone surrogates, U+FFFD left by
 * a transport that decoded invalid UTF-8), nesting depth (flow brackets and block indentation,
 * estimated without parsing) and the number of documents.
 */
export function scanText(text: string): ScanResult {
  if (nothingToFind(text)) return { diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  let badChars = 0;
  let line = 1;
  let lineStart = 0;
  let documents = 1;
  let sawContent = false;
  let markers = 0;
  // Block nesting: a stack of indentation columns of the open block collections.
  const indents: number[] = [];
  let flowDepth = 0;
  // Block levels enclosing the flow collections of the current line.
  let flowBase = 0;
  let depthReported = false;
  let quote: '"' | "'" | null = null;
  let atLineStart = true;
  let blockScalarIndent = -1;
  const reportDepth = (offset: number): void => {
    if (depthReported) return;
    depthReported = true;
    diagnostics.push({
      severity: 'ERROR',
      reason: 'TooLarge',
      path: null,
      message: `the manifest nests mappings or sequences more than ${MAX_NESTING_DEPTH} levels deep; nothing was read`,
      document: documents - 1,
      line,
      column: offset - lineStart + 1,
    });
  };

  // Where the next `|` and `>` are (a line that has neither cannot open a block scalar): found
  // with indexOf and kept until passed, so that lines are not searched character by character.
  let nextBar = text.indexOf('|');
  let nextGreater = text.indexOf('>');

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Most characters change nothing in any state: one table lookup, no further test.
    if (
      !atLineStart &&
      (c < 0x80 ? ORDINARY_ASCII[c] === 1 : c < 0xd800 || (c > 0xdfff && c !== 0xfffd))
    ) {
      continue;
    }
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
      atLineStart = true;
      continue;
    }
    // Characters PostgreSQL and the API cannot take (reliability-plan 3.1 #8, #39).
    let bad: string | null = null;
    if (c === 0) bad = 'a NUL character (U+0000)';
    else if (c === 0xfffd) {
      bad = 'U+FFFD, the replacement character left where the text was not valid UTF-8';
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else bad = 'an unpaired UTF-16 surrogate (the text is not valid Unicode)';
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      bad = 'an unpaired UTF-16 surrogate (the text is not valid Unicode)';
    }
    if (bad !== null) {
      badChars++;
      if (badChars <= MAX_DIAGNOSTICS_PER_DOCUMENT) {
        diagnostics.push({
          severity: 'ERROR',
          reason: 'SyntaxError',
          path: null,
          message: `the manifest contains ${bad}; it must be valid UTF-8 text without NUL characters`,
          document: documents - 1,
          line,
          column: i - lineStart + 1,
        });
      }
      continue;
    }

    if (atLineStart) {
      // Measure indentation of a content line (spaces, then "- " sequence entries).
      let j = i;
      while (j < text.length && text.charCodeAt(j) === 0x20) j++;
      const ch = text.charCodeAt(j);
      if (
        j >= text.length ||
        ch === 0x0a ||
        ch === 0x0d ||
        (ch === 0x23 /* # */ && blockScalarIndent < 0)
      ) {
        // blank or comment line: no structure; skip to its end
        atLineStart = false;
        if (quote === null && flowDepth === 0) {
          const nl = text.indexOf('\n', j);
          i = (nl < 0 ? text.length : nl) - 1;
        } else i = j - 1;
        continue;
      }
      atLineStart = false;
      if (quote === null && flowDepth === 0) {
        const indent = j - lineStart;
        // Lines of a block scalar (`key: |`) are text, not structure.
        if (blockScalarIndent >= 0 && indent > blockScalarIndent) {
          const nl = text.indexOf('\n', j);
          i = (nl < 0 ? text.length : nl) - 1;
          continue;
        }
        blockScalarIndent = -1;
        const eol = text.indexOf('\n', j);
        const end = eol < 0 ? text.length : eol;
        // Only a line with `|` or `>` can be a block scalar's header: the others skip the test.
        if (nextBar >= 0 && nextBar < j) nextBar = text.indexOf('|', j);
        if (nextGreater >= 0 && nextGreater < j) nextGreater = text.indexOf('>', j);
        if ((nextBar >= 0 && nextBar < end) || (nextGreater >= 0 && nextGreater < end)) {
          const content = text.slice(j, end);
          const hash = content.indexOf(' #');
          if (BLOCK_SCALAR_HEADER.test(hash < 0 ? content : content.slice(0, hash))) {
            blockScalarIndent = indent;
          }
        }
        if (indent === 0 && text.startsWith('---', j) && /^---(\s|$)/.test(text.slice(j, j + 4))) {
          // Every marker after the first, or after content, starts one more document (empty
          // documents count too: 20,000 of them still cost the parser time).
          if (sawContent || markers > 0) documents++;
          markers++;
          sawContent = false;
          indents.length = 0;
          i = j + 2;
          continue;
        }
        if (indent === 0 && text.startsWith('...', j)) {
          indents.length = 0;
          continue;
        }
        sawContent = true;
        while (indents.length > 0 && (indents[indents.length - 1] ?? 0) > indent) indents.pop();
        if (indents.length === 0 || (indents[indents.length - 1] ?? 0) < indent) {
          indents.push(indent);
        }
        // "- - - x": each dash opens one more sequence on the same line
        let dashes = 0;
        let k = j;
        while (
          text.charCodeAt(k) === 0x2d &&
          (text.charCodeAt(k + 1) === 0x20 || k + 1 >= text.length)
        ) {
          dashes++;
          k += 2;
          while (text.charCodeAt(k) === 0x20) k++;
        }
        if (indents.length + dashes > MAX_NESTING_DEPTH) reportDepth(j);
        // A line that opens a flow collection is not itself a block mapping level.
        const opensFlow = text.charCodeAt(k) === 0x5b || text.charCodeAt(k) === 0x7b;
        flowBase = indents.length + dashes - (opensFlow ? 1 : 0);
      }
      i = j - 1;
      continue;
    }

    if (quote !== null) {
      if (quote === '"' && c === 0x5c /* \ */) i++;
      else if (c === quote.charCodeAt(0)) {
        if (quote === "'" && text.charCodeAt(i + 1) === 0x27) i++;
        else quote = null;
      }
      continue;
    }
    if (c === 0x23 /* # */ && (i === 0 || /\s/.test(text.charAt(i - 1)))) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
      continue;
    }
    if (c === 0x22 || c === 0x27) {
      // A quote opens a quoted scalar only where a scalar can start.
      const prev = previousNonSpace(text, i, lineStart);
      if (
        prev === '' ||
        prev === ':' ||
        prev === '-' ||
        prev === ',' ||
        prev === '[' ||
        prev === '{' ||
        prev === '?'
      ) {
        quote = c === 0x22 ? '"' : "'";
      }
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      const prev = previousNonSpace(text, i, lineStart);
      if (flowDepth > 0 || prev === '' || prev === ':' || prev === '-' || prev === '?') {
        flowDepth++;
        if (flowDepth + flowBase > MAX_NESTING_DEPTH) reportDepth(i);
      }
      continue;
    }
    if ((c === 0x5d || c === 0x7d) && flowDepth > 0) flowDepth--;
  }

  if (badChars > MAX_DIAGNOSTICS_PER_DOCUMENT) {
    diagnostics.push(moreDiagnostics(badChars - MAX_DIAGNOSTICS_PER_DOCUMENT, 'ERROR', null));
  }
  if (documents > MAX_DOCUMENTS) diagnostics.push(tooManyDocuments(documents));
  return { diagnostics };
}

/**
 * True when scanText cannot report anything, known from a few counts (a small manifest, the
 * common case, skips the scan): no character it refuses; fewer `---` than MAX_DOCUMENTS (each
 * document after the first starts at one); and lines, `- ` entries and brackets that add up to
 * at most MAX_NESTING_DEPTH, since its nesting estimate counts at most one level per line (the
 * stack of indentations), one per `- ` of the line and one per opening bracket.
 */
function nothingToFind(text: string): boolean {
  if (MAYBE_REFUSED.test(text)) return false;
  let budget = MAX_NESTING_DEPTH - 1; // the first line
  for (const s of ['\n', '- ', '[', '{']) {
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
      if (--budget < 0) return false;
    }
  }
  if (text.endsWith('-')) budget--; // a dash at the very end counts as an entry too
  let markers = 0;
  for (let i = text.indexOf('---'); i >= 0; i = text.indexOf('---', i + 3)) markers++;
  return budget >= 0 && markers + 1 <= MAX_DOCUMENTS;
}

/** The characters scanText refuses where they are unpaired or anywhere (NUL, U+FFFD). */
// eslint-disable-next-line no-control-regex
const MAYBE_REFUSED = /[\u0000\ufffd\ud800-\udfff]/;

/**
 * 1 for the ASCII characters that change nothing in scanText, whatever its state: everything but
 * the line break, NUL, quotes, the backslash (an escape in double quotes), `#` and the brackets.
 */
const ORDINARY_ASCII = new Uint8Array(0x80).fill(1);
for (const ch of '\n\0"\'\\#[]{}') ORDINARY_ASCII[ch.charCodeAt(0)] = 0;

// `key: |`, `- >-`, `|2`: the line opens a block scalar.
const BLOCK_SCALAR_HEADER = /(^|[:-])\s*[|>][-+1-9]{0,2}\s*(#.*)?\r?$/;

function previousNonSpace(text: string, i: number, lineStart: number): string {
  for (let k = i - 1; k >= lineStart; k--) {
    const ch = text.charAt(k);
    if (ch !== ' ' && ch !== '\t') return ch;
  }
  return '';
}

/** The one diagnostic that stands for the ones not listed. */
export function moreDiagnostics(
  count: number,
  severity: Diagnostic['severity'],
  document: number | null,
): Diagnostic {
  return manifestDiagnostic(
    severity,
    'FieldValueTooMany',
    `and ${count} more diagnostic${count === 1 ? '' : 's'} not listed (at most ${MAX_DIAGNOSTICS_PER_DOCUMENT} per document)`,
    document,
  );
}

/** More YAML documents than are read: the whole manifest is refused. */
export function tooManyDocuments(count: number): Diagnostic {
  return manifestDiagnostic(
    'ERROR',
    'TooLarge',
    `the manifest has ${count} YAML documents; at most ${MAX_DOCUMENTS} are read; nothing was read`,
  );
}

/** A diagnostic with no field path and no position: about the manifest, or a whole document. */
export function manifestDiagnostic(
  severity: Diagnostic['severity'],
  reason: Diagnostic['reason'],
  message: string,
  document: number | null = null,
): Diagnostic {
  return { severity, reason, path: null, message, document, line: null, column: null };
}

/**
 * What one analysis may cost on a server's event loop (issue: no request holds it for more than
 * 50 ms). The engine's cost grows with the text, the containers and the aliases; above any of
 * these a caller should run it off the event loop (src/modules/analysis/analysis-pool.ts).
 * Measured on a 2-core machine: 16 KiB of YAML or 40 containers is 5-15 ms, so a loaded machine
 * still stays well under 50 ms.
 */
export const INLINE_LIMITS = { bytes: 16 * 1024, containers: 40, aliases: 200, documents: 40 };

export interface CostEstimate {
  bytes: number;
  /** Lines that start a container entry (`- name:` under any list): an upper bound. */
  containers: number;
  aliases: number;
  documents: number;
  /** True when every count is within INLINE_LIMITS. */
  inline: boolean;
}

/** A cheap scan (no parsing; about 1/100 of the analysis) of what the analysis will cost. */
export function estimateCost(text: string): CostEstimate {
  const bytes = text.length * 3 <= INLINE_LIMITS.bytes ? text.length : utf8ByteLength(text);
  let containers = 0;
  let aliases = 0;
  let documents = 1;
  for (let i = text.indexOf('image'); i >= 0; i = text.indexOf('image', i + 5)) {
    const c = text.charCodeAt(i + 5);
    if (c === 0x3a /* : */ || c === 0x22 /* " */) containers++;
  }
  for (let i = text.indexOf('*'); i >= 0; i = text.indexOf('*', i + 1)) {
    const p = i === 0 ? 0x20 : text.charCodeAt(i - 1);
    // an alias starts a node: after a space, a flow indicator or a line start
    if (p === 0x20 || p === 0x0a || p === 0x2c || p === 0x5b || p === 0x7b) aliases++;
  }
  for (let i = text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 4)) documents++;
  const inline =
    bytes < INLINE_LIMITS.bytes &&
    containers <= INLINE_LIMITS.containers &&
    aliases <= INLINE_LIMITS.aliases &&
    documents <= INLINE_LIMITS.documents;
  return { bytes, containers, aliases, documents, inline };
}
