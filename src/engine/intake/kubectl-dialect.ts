// kubectl's YAML dialect (docs/adr/0005-yaml-reader.md). Kubernetes decodes manifests with
// sigs.k8s.io/yaml, that is go-yaml v2 (a port of libyaml). Its scanner never checks the
// indentation of the continuation lines of a quoted scalar, nor of the lines inside a flow
// collection (`yaml_parser_scan_flow_scalar` and the flow-level branches of
// `yaml_parser_unroll_indent` in go-yaml's scannerc.go): Helm templates, re-indented CRDs and
// operator bundles rely on that, and `kubectl apply -f` accepts them. The `yaml` package follows
// YAML 1.2 here and reports an error. Leading white space of those lines is not content (it is
// folded away in both dialects), so indenting such a line further changes no value: this module
// pads exactly those lines, and maps positions in the padded text back to the user's text.
//
// It runs only after the strict parse of the original text reported errors (the fast path never
// sees it), and its result is used only when it removes errors.

/** A padded copy of the text, with the offsets where spaces were inserted. */
export interface DialectText {
  text: string;
  /** Insertion points, ascending: `at` is the offset in the ORIGINAL text, `count` spaces. */
  pads: { at: number; count: number }[];
  /** The padded-text offset where each pad starts (for originalOffset's binary search). */
  starts: number[];
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);
}

/** `---` or `...` at column 0 followed by a blank: a document marker, even inside a scalar. */
function isDocumentMarker(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== 0x2d && c !== 0x2e) return false;
  return (
    text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c && isBlank(text.charCodeAt(i + 3))
  );
}

/**
 * Where the quoted scalar that opens at `open` (its quote character) closes, searching from
 * `from`; -1 when it does not close on this line. `''` in single quotes and `\"` in double quotes
 * are escapes, as in go-yaml.
 */
function closeOnLine(text: string, quote: number, from: number, eol: number): number {
  for (let i = from; i < eol; i++) {
    const c = text.charCodeAt(i);
    if (quote === 0x22 && c === 0x5c) {
      i++; // an escape: the next character is never the closing quote
    } else if (c === quote) {
      if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
      else return i;
    }
  }
  return -1;
}

/**
 * Pads the under-indented continuation lines of quoted scalars and flow collections; null when
 * there is none (or the text has a construct go-yaml rejects there, such as a document marker
 * inside a quoted scalar: then the original errors stand).
 */
export function padContinuationLines(text: string): DialectText | null {
  const pads: { at: number; count: number }[] = [];
  const n = text.length;
  let quote = 0; // the open quote character, 0 when none
  let quoteCol = 0;
  let flowDepth = 0;
  let flowCol = 0;
  let blockScalarOwner = -2; // -2: not in a block scalar; else content is indented > owner
  let lineStart = 0;
  while (lineStart < n) {
    let eol = text.indexOf('\n', lineStart);
    if (eol < 0) eol = n;
    let j = lineStart;
    while (j < eol && text.charCodeAt(j) === SPACE) j++;
    const indent = j - lineStart;
    const blankLine = j >= eol || (text.charCodeAt(j) === CR && j + 1 >= eol);
    let i = j;
    if (quote !== 0 || flowDepth > 0) {
      if (isDocumentMarker(text, lineStart)) return null; // go-yaml: "found unexpected document indicator"
      const need = quote !== 0 ? quoteCol : flowCol;
      const onlyTabs = (() => {
        let k = j;
        while (k < eol && (text.charCodeAt(k) === TAB || text.charCodeAt(k) === CR)) k++;
        return k >= eol;
      })();
      if (!blankLine && !onlyTabs && indent < need) {
        pads.push({ at: lineStart + indent, count: need - indent });
      }
    } else if (blockScalarOwner > -2) {
      if (blankLine || indent > blockScalarOwner) {
        lineStart = eol + 1;
        continue;
      }
      blockScalarOwner = -2;
    }
    if (quote === 0 && flowDepth === 0 && isDocumentMarker(text, lineStart)) {
      i = lineStart + 3;
    }
    // Scan the rest of the line: where nodes start, quoted scalars, flow brackets, comments.
    let nodeStart = true;
    let keyCol = indent; // column of the node that may turn out to be a mapping key
    let ownerCol = indent - 1; // the node a block scalar on this line belongs to
    while (i < eol) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        const close = closeOnLine(text, quote, i, eol);
        if (close < 0) break;
        quote = 0;
        i = close + 1;
        nodeStart = false;
        continue;
      }
      if (c === SPACE || c === TAB || c === CR) {
        i++;
        continue;
      }
      if (c === 0x23 /* # */ && (i === lineStart || isBlank(text.charCodeAt(i - 1)))) break;
      const col = i - lineStart;
      if (c === 0x22 || c === 0x27) {
        if (nodeStart) {
          keyCol = col;
          quote = c;
          quoteCol = col;
          i++;
          continue;
        }
      } else if (c === 0x5b || c === 0x7b) {
        if (nodeStart || flowDepth > 0) {
          if (flowDepth === 0) flowCol = col;
          flowDepth++;
          nodeStart = true;
          i++;
          continue;
        }
      } else if ((c === 0x5d || c === 0x7d) && flowDepth > 0) {
        flowDepth--;
        nodeStart = false;
        i++;
        continue;
      } else if (c === 0x2c && flowDepth > 0) {
        nodeStart = true;
        i++;
        continue;
      } else if ((c === 0x2d || c === 0x3f) && nodeStart && flowDepth === 0) {
        if (isBlank(text.charCodeAt(i + 1))) {
          ownerCol = col;
          i++;
          continue;
        }
      } else if (c === 0x3a /* : */) {
        if (isBlank(text.charCodeAt(i + 1)) || (flowDepth > 0 && !nodeStart)) {
          ownerCol = keyCol;
          nodeStart = true;
          i++;
          continue;
        }
      } else if ((c === 0x26 || c === 0x21) && nodeStart) {
        // an anchor or a tag: the node itself follows
        while (i < eol && !isBlank(text.charCodeAt(i))) i++;
        continue;
      } else if ((c === 0x7c || c === 0x3e) && nodeStart && flowDepth === 0) {
        blockScalarOwner = ownerCol; // `key: |`: the lines below, indented more, are text
        break;
      }
      // A plain scalar (or an alias): up to `: `, ` #`, or in flow a flow indicator.
      if (nodeStart) keyCol = col;
      nodeStart = false;
      i++;
      while (i < eol) {
        const d = text.charCodeAt(i);
        if (d === 0x3a && (isBlank(text.charCodeAt(i + 1)) || flowDepth > 0)) break;
        if (d === 0x23 && isBlank(text.charCodeAt(i - 1))) break;
        if (flowDepth > 0 && (d === 0x2c || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d)) {
          break;
        }
        i++;
      }
    }
    lineStart = eol + 1;
  }
  if (pads.length === 0) return null;
  const parts: string[] = [];
  const starts: number[] = [];
  let from = 0;
  let added = 0;
  for (const p of pads) {
    parts.push(text.slice(from, p.at), ' '.repeat(p.count));
    from = p.at;
    starts.push(p.at + added);
    added += p.count;
  }
  parts.push(text.slice(from));
  // The pad starts are computed here, with the text, rather than cached in a module-level
  // WeakMap: a WeakMap entry per call costs the garbage collector more than the array itself.
  return { text: parts.join(''), pads, starts };
}

/** Maps an offset in the padded text back to the original text (inside a pad: where it was). */
export function originalOffset(d: DialectText, offset: number): number {
  const starts = d.starts;
  // Binary search: how many pads start at or before `offset` in the padded text.
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return offset;
  const last = d.pads[lo - 1]!;
  const startPadded = starts[lo - 1]!;
  if (offset < startPadded + last.count) return last.at;
  return offset - (startPadded - last.at) - last.count;
}
