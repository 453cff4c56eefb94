// A multi-document stream is read and analysed one document at a time on the fast road
// (yaml-events.ts readDocumentsFastEach, intake readManifestEach, analyzeManifest): each document
// is parsed from its own piece of the text, analysed, and let go of before the next is read. The
// report must be the one the whole-text `yaml` road gives, byte for byte (diagnostics, finding
// positions, document indexes, fixes), and each document must read as it does alone, its lines
// shifted by the lines before it; where the fast road gives way on a later document, what was
// analysed before it is dropped and the whole text is read again.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as Analyze from '../../../src/engine/analyze';
import { readDocumentsFast, readDocumentsFastEach } from '../../../src/engine/intake/yaml-events';
import type { ReadDocument } from '../../../src/engine/intake/yaml-reader';
import { readDocumentsWithYaml } from '../../../src/engine/intake/yaml-reader';
import type { Diagnostic } from '../../../src/engine/report';
import { repositoryFiles, roadDifferences } from '../../support/reader-roads';

const ROOT = path.join(__dirname, '..', '..', '..');
const file = (f: string): string => readFileSync(path.join(ROOT, f), 'utf8');

// Documents with findings, intake diagnostics (a duplicate key, a YAML 1.1 word, an unknown
// field, a wrong type, a skipped kind) and an exemption.
const DOCUMENTS = [
  file('web/examples/native-and-legacy-sidecar.yaml'),
  file('test/corpus/real-world/05-istio-job-legacy-sidecar.yaml'),
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  annotations:',
    '    sidecar-lens.io/ignore-probe-missing: "checked by the platform"',
    'spec:',
    '  replicas: 2',
    '  replica: 3',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata:',
    '      labels: {app: web, enabled: yes}',
    '    spec:',
    '      containers:',
    '      - name: app',
    '        image: nginx',
    '        image: nginx:1.27',
    '        ports: [{containerPort: "80"}]',
    '      - name: proxy',
    '        image: envoy',
    '        restartpolicy: Always',
    '',
  ].join('\n'),
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n',
  file('test/corpus/real-world/21-tailing-sidecar-log-shippers.yaml'),
  '\n', // an empty document
  '# a comment\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
  file('test/corpus/real-world/19-dapr-annotated-deployment.yaml'),
];

const stream = (docs: string[]): string =>
  docs.map((d) => (d.endsWith('\n') ? d : `${d}\n`)).join('---\n');

/** analyzeManifest as it runs, and with the fast road giving way on every text (the `yaml` road). */
function analyzers(): { fast: typeof Analyze; yaml: typeof Analyze } {
  let fast!: typeof Analyze;
  let yaml!: typeof Analyze;
  jest.isolateModules(() => {
    fast = jest.requireActual('../../../src/engine/analyze');
  });
  jest.isolateModules(() => {
    // yaml-events and yaml-reader import each other: the actual module is looked up lazily.
    jest.doMock('../../../src/engine/intake/yaml-events', () => {
      const actual = (): Record<string | symbol, unknown> =>
        jest.requireActual('../../../src/engine/intake/yaml-events');
      const givesWay: Record<string, unknown> = {
        readDocumentsFast: () => null,
        readDocumentsFastEach: () => false,
      };
      return new Proxy({}, { get: (_, key) => givesWay[key as string] ?? actual()[key] });
    });
    yaml = jest.requireActual('../../../src/engine/analyze');
  });
  return { fast, yaml };
}

describe('a multi-document stream, read and analysed one document at a time', () => {
  const { fast, yaml } = analyzers();

  it('gives the report the whole-text yaml road gives, byte for byte', () => {
    const texts = [
      stream(DOCUMENTS),
      stream([...DOCUMENTS].reverse()),
      `# leading comment\n---\n${stream(DOCUMENTS)}`,
      stream(Array.from({ length: 80 }, (_, i) => DOCUMENTS[i % DOCUMENTS.length]!)),
    ];
    for (const text of texts) {
      expect(readDocumentsFast(text)).not.toBeNull(); // the streaming road is the one taken
      for (const options of [{}, { includeFixes: false }, { kubernetesVersion: '1.28' }]) {
        const got = fast.analyzeManifest(text, options);
        const want = yaml.analyzeManifest(text, options);
        expect(got.ok && got.report.workloads.length).toBeGreaterThanOrEqual(5);
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      }
      const withWorkloads = fast.analyzeManifestWithWorkloads(text);
      const yamlWorkloads = yaml.analyzeManifestWithWorkloads(text);
      expect(JSON.stringify(withWorkloads.result)).toBe(JSON.stringify(yamlWorkloads.result));
      expect(withWorkloads.workloads.map((w) => [w.document, w.kind, w.name])).toEqual(
        yamlWorkloads.workloads.map((w) => [w.document, w.kind, w.name]),
      );
    }
  });

  it('reads every batch of documents as the yaml road reads the whole text', () => {
    const many = Array.from({ length: 80 }, (_, i) => DOCUMENTS[i % DOCUMENTS.length]!);
    const texts = [
      stream(DOCUMENTS),
      stream(many),
      `# leading comment\n---\n${stream(DOCUMENTS)}`,
      `---\n${stream(DOCUMENTS)}---\n`,
      ...repositoryFiles(['*.yaml', '*.yml'])
        .map(([, t]) => t)
        .filter((t) => t.includes('\n---')),
    ];
    let batched = 0;
    for (const text of texts) {
      const whole = readDocumentsFast(text);
      if (whole === null) continue;
      const yaml = readDocumentsWithYaml(text);
      expect(roadDifferences(whole, yaml, { missing: true })).toEqual([]);
      // Batches of one document (1 character), of a few, and of many.
      for (const batch of [1, 700, 5000]) {
        const docs: ReadDocument[] = [];
        expect(readDocumentsFastEach(text, (d) => docs.push(d), batch)).toBe(true);
        expect(roadDifferences(docs, yaml, { missing: true })).toEqual([]);
        batched++;
      }
    }
    expect(batched).toBeGreaterThan(20);
  });

  it('starts over on the yaml road when a later document needs it, keeping nothing twice', () => {
    // An alias in the fifth document, a syntax error in the last: the fast road gives way there.
    const many = Array.from({ length: 80 }, (_, i) => DOCUMENTS[i % DOCUMENTS.length]!);
    for (const [before, odd] of [
      [DOCUMENTS.slice(0, 4), 'a: &x 1\nb: *x\n'],
      [DOCUMENTS.slice(0, 4), 'kind: Pod\n  bad: indent\n'],
      [many, 'a: &x 1\nb: *x\n'], // a later batch gives way
      [many, 'kind: Pod\n  bad: indent\n'],
    ] as const) {
      const text = stream([...before, odd, ...DOCUMENTS.slice(4)]);
      expect(readDocumentsFast(text)).toBeNull();
      const got = fast.analyzeManifest(text);
      expect(JSON.stringify(got)).toBe(JSON.stringify(yaml.analyzeManifest(text)));
      const ws = got.ok ? got.report.workloads : [];
      expect(new Set(ws.map((w) => w.document)).size).toBe(ws.length); // each workload once
      expect(ws.length).toBeGreaterThan(4);
    }
  });

  it('reads each document as it reads alone, at its own lines and index', () => {
    // About 140 KB: more than one batch of the fast road (64 KB).
    const docs = Array.from({ length: 96 }, (_, i) => DOCUMENTS[i % DOCUMENTS.length]!).map((d) =>
      d.endsWith('\n') ? d : `${d}\n`,
    );
    const text = stream(docs);
    const report = fast.analyzeManifest(text, { includeFixes: false });
    if (!report.ok) throw new Error('not analysed');
    let linesBefore = 0;
    const shift = <T extends { line: number | null }>(x: T, by: number): T => ({
      ...x,
      line: x.line === null ? null : x.line + by,
    });
    let checked = 0;
    docs.forEach((doc, k) => {
      const alone = fast.analyzeManifest(doc, { includeFixes: false });
      if (!alone.ok) throw new Error('not analysed');
      const ofDoc = (d: Diagnostic) => d.document === k;
      const expected = alone.report.diagnostics
        .filter((d) => d.document === 0)
        .map((d) => ({
          ...shift(d, linesBefore),
          document: k,
          // A duplicate key's message names the line of the first one.
          message: d.message.replace(
            /first at line (\d+)/,
            (_, n) => `first at line ${Number(n) + linesBefore}`,
          ),
        }));
      expect(report.report.diagnostics.filter(ofDoc)).toEqual(expected);
      const workloads = report.report.workloads.filter((w) => w.document === k);
      expect(workloads.map((w) => w.findings)).toEqual(
        alone.report.workloads.map((w) => w.findings.map((f) => shift(f, linesBefore))),
      );
      checked += expected.length + workloads.flatMap((w) => w.findings).length;
      linesBefore += doc.split('\n').length; // its lines and the `---` after it
    });
    expect(checked).toBeGreaterThan(150);
  });
});
