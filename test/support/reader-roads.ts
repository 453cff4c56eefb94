// Comparing two roads of the manifest reader (docs/adr/0005-yaml-reader.md): the js-yaml fast
// road and the JSON road must read every text they take exactly as the `yaml` road does.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { child, index } from '../../src/engine/intake/paths';
import type { ReadDocument } from '../../src/engine/intake/yaml-reader';

const ROOT = path.join(__dirname, '..', '..');

/** The repository's files matching the git pathspecs, with their text. */
export const repositoryFiles = (patterns: string[]): [string, string][] =>
  execFileSync('git', ['ls-files', ...patterns], { cwd: ROOT, encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter((f) => f !== '' && !f.includes('node_modules'))
    .map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')]);

/** Every field path of a document's data, as the engine writes them. */
function pathsOf(value: unknown, at = '', out: string[] = []): string[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, index(at, i), out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, child(at, k), out);
  }
  return out;
}

/** Every raw key (segments joined by NUL) of a document's data. */
function rawKeysOf(value: unknown, at: string[] = [], out: string[] = []): string[] {
  out.push(at.join('\u0000'));
  if (Array.isArray(value)) value.forEach((v, i) => rawKeysOf(v, [...at, String(i)], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) rawKeysOf(v, [...at, k], out);
  }
  return out;
}

/**
 * What differs between a road's reading of one text and the `yaml` road's (empty when they
 * agree): the documents' data, diagnostics and ranges, and the position and source text of every
 * path. With `missing`, paths that do not exist too (the nearest written ancestor answers).
 */
export function roadDifferences(
  road: ReadDocument[],
  yaml: ReadDocument[],
  opts: { missing?: boolean } = {},
): string[] {
  const out: string[] = [];
  if (road.length !== yaml.length) return [`${road.length} documents vs ${yaml.length}`];
  yaml.forEach((y, i) => {
    const r = road[i]!;
    for (const k of [
      'index',
      'value',
      'empty',
      'readable',
      'diagnostics',
      'sourceRange',
    ] as const) {
      if (!isDeepStrictEqual(r[k], y[k])) out.push(`document ${i}: ${k}`);
    }
    if (!isDeepStrictEqual([...r.ambiguous].sort(), [...y.ambiguous].sort())) {
      out.push(`document ${i}: ambiguous`);
    }
    const paths = pathsOf(y.value);
    const raws = rawKeysOf(y.value);
    for (const p of opts.missing ? paths.flatMap((p) => [p, `${p}.missing`]) : paths) {
      if (!isDeepStrictEqual(r.locate(p), y.locate(p))) out.push(`document ${i}: locate ${p}`);
    }
    for (const raw of opts.missing ? raws.flatMap((x) => [x, `${x}\u0000missing`]) : raws) {
      if (r.sourceOf(raw) !== y.sourceOf(raw)) out.push(`document ${i}: sourceOf ${raw}`);
    }
  });
  return out;
}
