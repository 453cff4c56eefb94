// The YAML reader's fast road (js-yaml events, src/engine/intake/yaml-events.ts) must read every
// stream it accepts exactly as the `yaml` road does: the same documents, data, diagnostics,
// document ranges, YAML 1.1 words, and the same line and column for every field path. Checked on
// every YAML and JSON file in the repository, every row of the kubectl dialect table and the edge
// cases of document ranges and empty values. Whatever the fast road refuses goes to the `yaml`
// road, so refusing is always safe; the test also pins that real manifests do take the fast road.
import { readDocumentsFast } from '../../../src/engine/intake/yaml-events';
import { readDocuments, readDocumentsWithYaml } from '../../../src/engine/intake/yaml-reader';
import { repositoryFiles, roadDifferences } from '../../support/reader-roads';
import { DIALECT_ROWS } from './yaml-dialect.table';

const EDGE_CASES = [
  'a:\n',
  'a:\n\n',
  'a: \n',
  '- \n',
  '- a:\n',
  'a:\n  b:\n\n---\nb: 1\n',
  '---\n---\n',
  'a: 1\n--- \n\n',
  'a: 1\n---\n',
  '--- \t\n',
  '---\na: 1\n',
  '',
  '# only a comment\n',
  'a: |\n  x\n  y\nb: >-\n  z\n',
  'a: |2\n    x\n',
  'a: |\n\n  x\nb: |-\n\nc: >+ # c|x\n  y\n',
  'l: [a, "b", c]\nm: {x: 1, "y": [2]}\n',
  '? a\n: b\n',
  'a: "x\\u0000"\n',
  'a: 1\na: 2\n',
  'v: 0644\nw: 1_000\nx: 0b101\ny: on\nz: 1e3\nq: .inf\nn: ~\nt: True\no: 0o17\nh: 0x1F\nf: 1.50\n',
  'a: "multi\n  line"\nb: plain\n  more\n',
  '- - - x\n',
  'k: !!str 1\n',
  'a: &x 1\nb: *x\n',
  'base: &b {x: 1}\nd:\n  <<: *b\n',
  'a: 1\n...\n---\nb: 2\n',
  'a: 1\r\nb: 2\r\n',
  '%YAML 1.2\n---\na: 1\n',
  '"true": 1\n\'1\': 2\n~: 3\n',
];

describe('the YAML reader: the fast road reads as the yaml road does', () => {
  const inputs: [string, string][] = [
    ...repositoryFiles(['*.yaml', '*.yml', '*.json']),
    ...DIALECT_ROWS.map((r, i): [string, string] => [`dialect row ${i} (${r.source})`, r.yaml]),
    ...EDGE_CASES.map((t, i): [string, string] => [`edge case ${i}`, t]),
  ];

  it('agrees on every input it takes', () => {
    const disagreements: string[] = [];
    let taken = 0;
    for (const [name, text] of inputs) {
      const fast = readDocumentsFast(text);
      if (fast === null) continue;
      taken++;
      const diff = roadDifferences(fast, readDocumentsWithYaml(text));
      if (diff.length > 0) disagreements.push(`${name}: ${diff.slice(0, 3).join('; ')}`);
    }
    expect(disagreements).toEqual([]);
    expect(taken).toBeGreaterThan(inputs.length / 2);
  });

  it('takes the real manifests and gives way on what it cannot read exactly', () => {
    const corpus = repositoryFiles(['*.yaml', '*.yml', '*.json']).filter(([f]) =>
      f.startsWith('test/corpus/real-world/'),
    );
    expect(corpus.length).toBeGreaterThan(20);
    for (const [, text] of corpus) expect(readDocumentsFast(text)).not.toBeNull();
    for (const text of [
      'a: &x 1\nb: *x\n', // aliases: the yaml road counts their expansion
      'k: !!str 1\n', // tags
      'a: 1\n...\n---\nb: 2\n', // explicit document end
      'a: 1\r\nb: 2\r\n', // CR line breaks
      'a: 1\n  b: 2\n', // a syntax error: the yaml road reports it
      'metadata:\n  annotations:\n    k: \'[\n  {"a": 1}\n]\'\n', // kubectl's dialect
    ]) {
      expect(readDocumentsFast(text)).toBeNull();
      expect(readDocuments(text).length).toBe(readDocumentsWithYaml(text).length);
    }
  });

  it('gives way on a flow collection as the root, which yaml ends where the events do not say', () => {
    for (const text of [
      '{a: 1}\n\n\n',
      '[1]\n\n\n---\n[2]\n',
      '---\n{a: 1}\n\n\n# c\n---\nb: 2\n',
      '{\n  a: "x",\n  b,\n}\n',
    ]) {
      expect(readDocumentsFast(text)).toBeNull();
      expect(readDocuments(text).map((d) => [d.sourceRange, d.value])).toEqual(
        readDocumentsWithYaml(text).map((d) => [d.sourceRange, d.value]),
      );
    }
  });
});
