// kubectl's YAML dialect (docs/adr/0005-yaml-reader.md): every row of the table was run through
// sigs.k8s.io/yaml (go-yaml v2) and its result recorded; the engine must read the same data, or
// refuse what kubectl refuses with a diagnostic that has a line and a column, once per place.
import { analyzeManifest } from '../../../src/engine';
import { readDocuments } from '../../../src/engine/intake/yaml-reader';
import { DIALECT_ROWS } from './yaml-dialect.table';

/** JSON as kubectl hands it to the API server: numbers, strings, booleans, null. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('the YAML dialect table (go-yaml decode tests, go-yaml output, real manifests)', () => {
  it.each(DIALECT_ROWS.map((r) => [r.source, r] as const))('%s', (_source, row) => {
    const docs = readDocuments(row.yaml);
    const content = docs.filter((d) => !d.empty);
    const errors = docs.flatMap((d) => d.diagnostics.filter((x) => x.severity === 'ERROR'));
    if (row.engine !== 'same' && row.engine !== 'yaml11-boolean') {
      // A known, documented gap: pinned so that closing it is a conscious change of this table.
      expect(typeof row.engine.differs).toBe('string');
      return;
    }
    if ('error' in row.kubectl) {
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.line).not.toBeNull();
        expect(e.column).not.toBeNull();
      }
      // One diagnostic per problem: never two at the same place.
      const places = errors.map((e) => `${e.document}:${e.line}:${e.column}`);
      expect(new Set(places).size).toBe(places.length);
      return;
    }
    expect(errors).toEqual([]);
    expect(content).toHaveLength(1);
    const [doc] = content;
    if (row.engine === 'yaml11-boolean') {
      // go-yaml reads y/n/yes/no/on/off as booleans; the engine keeps the text and marks it, so
      // that boolean fields get the boolean and string fields a WARNING (shape.ts).
      const json = row.kubectl.json as Record<string, boolean>;
      const [key] = Object.keys(json);
      expect(typeof json[key!]).toBe('boolean');
      expect(doc!.ambiguous.has(key!)).toBe(true);
      return;
    }
    expect(asJson(doc!.value)).toEqual(row.kubectl.json);
  });

  it('covers go-yaml output, its decode tests, the rejected inputs and a real manifest', () => {
    const sources = DIALECT_ROWS.map((r) => r.source);
    expect(sources.filter((s) => s.includes('decode_test.go')).length).toBeGreaterThan(40);
    expect(sources.filter((s) => s.includes('JSONToYAML')).length).toBeGreaterThanOrEqual(5);
    expect(DIALECT_ROWS.filter((r) => 'error' in r.kubectl).length).toBeGreaterThan(10);
    expect(sources.some((s) => s.includes('multus-cni'))).toBe(true);
  });
});

describe('a workload is never dropped silently', () => {
  // k8snetworkplumbingwg/multus-cni docs/how-to-use.md, "Launch pod with json annotation": the
  // closing line of the quoted annotation is at the key's column; kubectl creates the pod.
  const multus = DIALECT_ROWS.find((r) => r.source.includes('multus-cni'))!.yaml;

  it('a Pod whose quoted annotation continues at the key column is analysed', () => {
    const r = analyzeManifest(multus);
    if (!r.ok) throw new Error('options');
    expect(r.report.diagnostics.filter((d) => d.reason === 'SyntaxError')).toEqual([]);
    expect(r.report.workloads.map((w) => w.name)).toEqual(['pod-case-04']);
  });

  it('positions after a padded line are the positions in the text as written', () => {
    // The same Pod with a duplicate key after the padded annotation: line 10 as the user sees it.
    const text = multus.replace('spec:\n', 'spec:\n  hostNetwork: true\n  hostNetwork: false\n');
    const r = analyzeManifest(text);
    if (!r.ok) throw new Error('options');
    const dup = r.report.diagnostics.find((d) => d.reason === 'FieldValueDuplicate');
    expect(dup).toMatchObject({ line: 12, column: 3, path: 'spec.hostNetwork' });
  });

  it('a workload document that cannot be read is named in an ERROR', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: ok}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: app',
      '        image: "nginx',
      '---',
      '"',
      '',
    ].join('\n');
    const r = analyzeManifest(text);
    if (!r.ok) throw new Error('options');
    expect(r.report.workloads).toEqual([]);
    const named = r.report.diagnostics.filter(
      (d) => d.severity === 'ERROR' && d.document === 1 && /not analysed/.test(d.message),
    );
    expect(named).toHaveLength(1);
    expect(named[0]!.message).toMatch(/document 1 \(Deployment "web"\)/);
    expect(named[0]!.line).not.toBeNull();
  });

  it('YAML 1.1 octal, as go-yaml reads it: defaultMode 0644 is 420', () => {
    // go-yaml resolve.go: strconv.ParseInt(plain, 0, 64); Kubernetes' own examples write 0644.
    const [doc] = readDocuments('a: 0644\nb: 0o644\nc: 1_000\nd: "0644"\ne: 08\n');
    expect(doc!.value).toEqual({ a: 420, b: 420, c: 1000, d: '0644', e: 8 });
  });
});
