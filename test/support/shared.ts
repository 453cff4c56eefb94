import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The repository's root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Test data kept in the repository, each folder with its provenance:
 * - `test/vectors/upstream/`: vectors from Kubernetes' own test tables (README.md names the sources);
 * - `test/corpus/real-world/`: real public manifests (SOURCES.md gives repository, commit, licence);
 * - `test/contract/api-contract.graphql`: the GraphQL contract clients depend on;
 * - `test/schemas/`: published schemas outputs are validated against (SARIF 2.1.0, OASIS).
 */
export const TEST_DATA_DIR = path.join(REPO_ROOT, 'test');

export function testDataPath(...parts: string[]): string {
  return path.join(TEST_DATA_DIR, ...parts);
}

/** A file of the real-world corpus in the repository. */
export function corpusPath(file: string): string {
  return testDataPath('corpus', 'real-world', file);
}

export interface GoldenFile<V> {
  schemaVersion: number;
  kind: string;
  count: number;
  vectors: V[];
}

/** Loads test/vectors/upstream/<name>.json; fails loudly when it is missing (a test must never pass on nothing). */
export function loadGolden<V>(name: string): GoldenFile<V> {
  const file = testDataPath('vectors', 'upstream', `${name}.json`);
  if (!existsSync(file)) {
    throw new Error(`upstream vectors not found at ${file}`);
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as GoldenFile<V>;
  if (!Array.isArray(parsed.vectors) || parsed.vectors.length === 0) {
    throw new Error(`${file} holds no vectors`);
  }
  return parsed;
}

/** The real-world corpus: [file name, text] in file-name order. */
export function loadCorpus(): [string, string][] {
  const dir = testDataPath('corpus', 'real-world');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json'))
    .sort()
    .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]);
}
