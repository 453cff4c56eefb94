import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The repository's root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The shared/ folder that sits beside the project (golden vectors, real-world corpus, design).
 * SIDECAR_LENS_SHARED overrides it.
 */
export const SHARED_DIR =
  process.env.SIDECAR_LENS_SHARED ?? path.resolve(REPO_ROOT, '..', 'shared');

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}

export interface GoldenFile<V> {
  schemaVersion: number;
  kind: string;
  count: number;
  vectors: V[];
}

/** Loads ../shared/golden/<name>.json; fails loudly when it is missing (a test must never pass on nothing). */
export function loadGolden<V>(name: string): GoldenFile<V> {
  const file = sharedPath('golden', `${name}.json`);
  if (!existsSync(file)) {
    throw new Error(
      `golden vectors not found at ${file}: set SIDECAR_LENS_SHARED to the shared/ folder`,
    );
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as GoldenFile<V>;
  if (!Array.isArray(parsed.vectors) || parsed.vectors.length === 0) {
    throw new Error(`${file} holds no vectors`);
  }
  return parsed;
}

/** The real-world corpus: [file name, text] in file-name order. */
export function loadCorpus(): [string, string][] {
  const dir = sharedPath('corpus', 'real-world');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json'))
    .sort()
    .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]);
}
