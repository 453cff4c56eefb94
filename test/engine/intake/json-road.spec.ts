// The reader's JSON road (src/engine/intake/json-reader.ts: JSON.parse, positions computed on
// demand) must read every text it takes exactly as the `yaml` road does: the same documents,
// data, diagnostics, document range, and the same line and column for every field path. Checked
// on every manifest of the repository written as JSON (compact, indented, tab-indented, with CRLF
// line breaks) and on the edge cases of JSON; what it gives way on (duplicate keys, text that
// cannot be stored, nesting beyond the limit, invalid JSON) must reach the YAML roads, so that
// their diagnostics, positions and messages stay what they were. The whole analysis of each
// manifest as JSON is compared with the analysis that never takes the JSON road.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { analyzeManifest } from '../../../src/engine';
import { readManifest } from '../../../src/engine/intake';
import { readJsonDocuments } from '../../../src/engine/intake/json-reader';
import { child, index } from '../../../src/engine/intake/paths';
import { readDocuments, readDocumentsWithYaml } from '../../../src/engine/intake/yaml-reader';
import { versionOf } from '../../../src/engine/k8s/version';
import { validateWorkload } from '../../../src/engine/validation';
import { repositoryFiles, roadDifferences } from '../../support/reader-roads';

const ROOT = path.join(__dirname, '..', '..', '..');
const V = versionOf(37);
const read = (text: string) => readManifest(text, { version: V, validate: validateWorkload });

/** Every manifest of the repository as JSON: each readable document, and a List of them. */
function manifestsAsJson(): [string, string][] {
  const out: [string, string][] = [];
  for (const [file, text] of repositoryFiles(['*.yaml', '*.yml'])) {
    const values = readDocumentsWithYaml(text)
      .filter((d) => d.readable && !d.empty && d.value !== null && typeof d.value === 'object')
      .map((d) => d.value);
    if (values.length === 0) continue;
    const value =
      values.length === 1 ? values[0] : { apiVersion: 'v1', kind: 'List', items: values };
    out.push([`${file} (compact)`, JSON.stringify(value)]);
    const pretty = JSON.stringify(value, null, 2);
    out.push([`${file} (indented)`, `${pretty}\n`]);
    if (out.length % 7 === 0) out.push([`${file} (tabs)`, JSON.stringify(value, null, '\t')]);
    if (out.length % 5 === 0) out.push([`${file} (CRLF)`, `${pretty.replace(/\n/g, '\r\n')}\r\n`]);
  }
  return out;
}

/** JSON the road takes, with what YAML and JSON could read differently. */
const EDGE_CASES = [
  '{}',
  '[]',
  '  \n\t{"a": 1}  \n\n',
  '{"a": 1}\n\n\n', // the yaml road ends the document after the second line break
  '[1] \t\r\n \r\n\r\n\n  ',
  '{"a": "x", "b": 1.10, "c": null, "d": true, "e": [1, "y", null, false], "f": {}, "g": []}',
  '{"n": [-0, 0, -0.0, 1E+2, 1e-7, 0.1e1, 1e400, -1e400, 12345678901234567890, 9007199254740993]}',
  '{"b": 1, "1": 2, "0": {"x": [3]}, "a": {"10": 1, "9": 2}}', // integer keys: JSON.parse orders them first
  '{"__proto__": {"x": 1}, "constructor": 2, "toString": "s"}',
  '{"a\\"b": 1, "\\u0041": 2, "c\\\\": "\\\\", "d": "\\"\\\\\\"", "e": "\\/\\b\\f\\n\\r\\t"}',
  '{"a": "😀 \\ud83d\\ude00 \\u00e9 é \\u2028 \\u0085", "b": "\\u003c\\u0026\\u003e"}',
  '{"a": "# not a comment", "b": "--- not a document", "c": "a: b", "d": "&x *x !tag"}',
  '{"a:b": "c:d::", "e": ["f:", ":", {":": "::"}], "g": "\\u003a and : (an escaped colon, then a colon)"}',
  '{"a"\n: 1, "b":\n\n2}',
  '{\n\t"a": [\n\t\t1,\n\t\t{"b": null}\n\t]\n}\n',
  '[{"apiVersion": "v1", "kind": "Pod"}, 1, "x"]',
  `{"${'k'.repeat(1100)}": "${'v'.repeat(2000)}"}`,
  `${'['.repeat(100)}${']'.repeat(100)}`,
  `{"a": ${'{"b": '.repeat(98)}1${'}'.repeat(98)}}`,
];

/** JSON the road gives way on: the YAML roads read it (and report what is wrong). */
const GIVEN_WAY = [
  ['a duplicate key', '{"a": 1, "b": {"c": 2, "c": 3}}'],
  ['a duplicate key written with an escape', '{"a": 1, "\\u0061": 2}'],
  ['a duplicate __proto__', '{"__proto__": 1, "__proto__": 2}'],
  ['a duplicate key whose hidden value holds colons', '{"a": "x:y", "b": 1, "a": "z"}'],
  ['a duplicate key that holds a colon', '{"a:b": 1, "a:b": 2}'],
  ['a duplicate key with colons in escaped text', '{"a": "\\u003a:", "a": ":"}'],
  ['an escaped NUL', '{"a": "x\\u0000"}'],
  ['an escaped lone surrogate', '{"a": "\\ud800"}'],
  ['an escaped lone surrogate in a key', '{"\\udc00": 1}'],
  ['an escaped U+FFFD', '{"a": "\\ufffd"}'],
  ['a raw U+FFFD', '{"a": "\ufffd"}'],
  ['a raw lone surrogate', '{"a": "\ud800"}'],
  ['nesting beyond the limit', `${'['.repeat(101)}${']'.repeat(101)}`],
  ['a trailing comma (YAML reads it)', '{"a": 1,}'],
  ['a comment (YAML reads it)', '{"a": 1} # end\n'],
  ['two documents', '{"a": 1}\n---\n{"b": 2}\n'],
  ['an unclosed mapping', '{"a": 1'],
  ['an unclosed string', '{"a": "x}'],
  ['a raw tab in a string', '{"a": "x\ty"}'],
  ['single quotes', "{'a': 1}"],
  ['a byte-order mark', '\ufeff{"a": 1}'],
  ['plain YAML in flow style', '{a: 1, b: [x, y]}'],
] as const;

/** Every field path of the data, each also one level past where the data ends. */
function pathsEverywhere(value: unknown, at = '', out: string[] = []): string[] {
  out.push(at, `${at}.missing`, `${at}[7]`);
  if (Array.isArray(value)) value.forEach((v, i) => pathsEverywhere(v, index(at, i), out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsEverywhere(v, child(at, k), out);
  }
  return out;
}

describe('the JSON road reads as the yaml road does', () => {
  const manifests = manifestsAsJson();

  it('takes every manifest of the repository written as JSON, and agrees', () => {
    expect(manifests.length).toBeGreaterThan(300);
    const disagreements: string[] = [];
    for (const [name, text] of manifests) {
      const json = readJsonDocuments(text);
      if (json === null) {
        disagreements.push(`${name}: not taken`);
        continue;
      }
      const diff = roadDifferences(json, readDocumentsWithYaml(text), { missing: true });
      if (diff.length > 0) disagreements.push(`${name}: ${diff.slice(0, 3).join('; ')}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('takes the JSON files of the repository, and agrees', () => {
    const files = repositoryFiles(['*.json']).filter(([, text]) => /^\s*[[{]/.test(text));
    expect(files.length).toBeGreaterThan(20);
    for (const [name, text] of files) {
      const json = readJsonDocuments(text);
      expect([name, json === null]).toEqual([name, false]);
      expect([
        name,
        roadDifferences(json!, readDocumentsWithYaml(text), { missing: true }),
      ]).toEqual([name, []]);
    }
  });

  it('finds the first positions a document is asked by following their path, as the yaml road does', () => {
    // A document answers its first few positions from the text before it indexes it: each
    // path is asked of a fresh document so that every answer comes from the path-directed
    // search (the comparison above asks each document every path, most of them indexed).
    const texts = [
      ...manifests.filter((_, i) => i % 6 === 0).map(([, text]) => text),
      ...EDGE_CASES,
    ];
    const wrong: string[] = [];
    for (const text of texts) {
      const yaml = readDocumentsWithYaml(text)[0]!;
      for (const p of pathsEverywhere(yaml.value)) {
        const fresh = readJsonDocuments(text)![0]!;
        if (!isDeepStrictEqual(fresh.locate(p), yaml.locate(p))) {
          wrong.push(`${p} in ${text.slice(0, 60)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(EDGE_CASES.map((t, i) => [i, t] as const))(
    'edge case %i is taken and agrees',
    (_, text) => {
      const json = readJsonDocuments(text);
      expect(json).not.toBeNull();
      expect(roadDifferences(json!, readDocumentsWithYaml(text), { missing: true })).toEqual([]);
    },
  );

  it.each(GIVEN_WAY)('gives way on %s: the YAML roads read it', (_, text) => {
    expect(readJsonDocuments(text)).toBeNull();
    const yaml = readDocumentsWithYaml(text);
    const read = readDocuments(text);
    expect(read.map((d) => [d.value, d.diagnostics, d.readable])).toEqual(
      yaml.map((d) => [d.value, d.diagnostics, d.readable]),
    );
  });

  it('leaves text that is not JSON to the YAML roads', () => {
    for (const text of ['', '   \n', 'a: 1\n', '- 1\n', '"a"', '1', 'null', '# {"a": 1}\n']) {
      expect(readJsonDocuments(text)).toBeNull();
    }
  });

  describe('the whole analysis is the one the YAML roads give', () => {
    // The engine loaded a second time, with the JSON road closed: every text takes the YAML roads.
    let analyzeWithoutJsonRoad: typeof analyzeManifest = analyzeManifest;
    const closedRoad = jest.fn(() => null);
    beforeAll(() => {
      jest.isolateModules(() => {
        jest.doMock('../../../src/engine/intake/json-reader', () => ({
          readJsonDocuments: closedRoad,
        }));
        const engine =
          jest.requireActual<typeof import('../../../src/engine')>('../../../src/engine');
        analyzeWithoutJsonRoad = engine.analyzeManifest;
      });
    });

    it('on every manifest written as JSON', () => {
      expect(analyzeWithoutJsonRoad).not.toBe(analyzeManifest);
      const different: string[] = [];
      for (const [name, text] of manifests.filter(([n]) => n.endsWith('(indented)'))) {
        const options = { includeFixes: false };
        if (
          !isDeepStrictEqual(analyzeManifest(text, options), analyzeWithoutJsonRoad(text, options))
        ) {
          different.push(name);
        }
      }
      expect(different).toEqual([]);
      expect(closedRoad).toHaveBeenCalled();
    });

    it('with fixes, on the playground Deployment as JSON', () => {
      const playground = readFileSync(
        path.join(ROOT, 'web', 'examples', 'native-and-legacy-sidecar.yaml'),
        'utf8',
      );
      const text = JSON.stringify(readDocumentsWithYaml(playground)[0]!.value, null, 2);
      expect(readJsonDocuments(text)).not.toBeNull();
      const result = analyzeManifest(text);
      expect(result).toEqual(analyzeWithoutJsonRoad(text));
      expect(JSON.stringify(result)).toMatch(/"line":\d+/);
    });
  });
});

describe('positions of diagnostics on JSON input', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { version: 1.1 } },
    spec: {
      replicas: 'two',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx',
              ports: [{ containerPort: 'http' }],
              resources: { requests: { cpu: 'lots' } },
            },
          ],
        },
      },
    },
  };

  /** Line and column (1-based) where `needle` is found, at or after the line holding `after`. */
  function where(text: string, needle: string, after?: string): { line: number; column: number } {
    const from = after === undefined ? 0 : text.indexOf(after);
    const offset = text.indexOf(needle, from);
    expect(offset).toBeGreaterThanOrEqual(0);
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  }

  it.each([
    ['indented', JSON.stringify(deployment, null, 2)],
    ['indented with CRLF', JSON.stringify(deployment, null, 4).replace(/\n/g, '\r\n')],
    ['on one line', JSON.stringify(deployment)],
  ])('%s: at the offending value, or the key of a collection', (_, text) => {
    expect(readJsonDocuments(text)).not.toBeNull();
    const r = read(text);
    const at = (path: string) => {
      const d = r.diagnostics.find((x) => x.path === path);
      expect(d).toBeDefined();
      return { line: d!.line, column: d!.column };
    };
    expect(at('spec.replicas')).toEqual(where(text, '"two"'));
    expect(at('spec.template.spec.containers[0].resources.requests.cpu')).toEqual(
      where(text, '"lots"'),
    );
    expect(at('spec.template.spec.containers[0].ports[0].containerPort')).toEqual(
      where(text, '"http"'),
    );
    // A number in a string field: reported at the number, quoted as written.
    const label = r.diagnostics.find((x) => x.path === 'metadata.labels.version');
    expect(label).toMatchObject({
      ...where(text, '1.1'),
      message: expect.stringContaining('"1.1"'),
    });
    // The workload locates what findings name: a collection by its key, a missing field by the
    // nearest ancestor that is written.
    const w = r.workloads[0]!;
    expect(w.locate('spec.template.spec.containers')).toEqual(where(text, '"containers"'));
    expect(w.locate('spec.template.spec.containers[0]')).toEqual(where(text, '{', '"containers"'));
    expect(w.locate('spec.template.spec.containers[0].livenessProbe')).toEqual(
      where(text, '{', '"containers"'),
    );
    expect(w.locate('spec.template.spec.containers[0].image')).toEqual(where(text, '"nginx"'));
    expect(w.locate('')).toEqual({ line: 1, column: 1 });
  });

  it('a duplicate key in JSON is reported where the second one is written', () => {
    const text =
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "kind": "Pod",\n  "metadata": {"name": "x"},\n  "spec": {"containers": [{"name": "a", "image": "b"}]}\n}\n';
    expect(readJsonDocuments(text)).toBeNull();
    expect(read(text).diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueDuplicate',
        path: 'kind',
        line: 4,
        column: 3,
        message: expect.stringContaining('(first at line 3)'),
      }),
    ]);
  });

  it('invalid JSON keeps the syntax error and its position', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod"\n  "metadata": {}\n}\n';
    const r = read(text);
    expect(r.workloads).toEqual([]);
    expect(r.diagnostics).toEqual(
      readDocumentsWithYaml(text)[0]!.diagnostics.map((d) =>
        expect.objectContaining({
          reason: d.reason,
          message: d.message,
          line: d.line,
          column: d.column,
        }),
      ),
    );
    expect(r.diagnostics[0]).toMatchObject({ severity: 'ERROR', reason: 'SyntaxError', line: 4 });
  });

  it('nesting beyond the limit is refused before anything is read, at the bracket', () => {
    const text = `{"a": ${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(read(text).diagnostics).toEqual([
      expect.objectContaining({ reason: 'TooLarge', line: 1, column: 106 }),
    ]);
  });

  it('a character that cannot be stored is refused before anything is read, where it is', () => {
    const text = '{\n  "kind": "Pod",\n  "metadata": {"name": "x\ufffd"}\n}\n';
    expect(read(text).diagnostics).toEqual([
      expect.objectContaining({ reason: 'SyntaxError', line: 3, column: 26 }),
    ]);
  });
});
