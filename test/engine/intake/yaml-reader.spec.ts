// YAML read the way Kubernetes reads it: YAML 1.1 booleans, strings that are numbers, duplicate
// keys, anchors and merge keys, bounded alias expansion.
import { readManifest } from '../../../src/engine/intake';
import { validateWorkload } from '../../../src/engine/validation';
import { versionOf } from '../../../src/engine/k8s/version';

const read = (text: string) =>
  readManifest(text, { version: versionOf(37), validate: validateWorkload });
const pod = (container: string, meta = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${meta}spec:\n  containers:\n  - name: app\n    image: nginx\n${container}`;

describe('YAML 1.1 booleans (the "Norway problem")', () => {
  it.each([
    'no',
    'No',
    'NO',
    'n',
    'N',
    'off',
    'Off',
    'OFF',
    'yes',
    'Yes',
    'YES',
    'y',
    'Y',
    'on',
    'On',
    'ON',
  ])('env value %s: WARNING AmbiguousValue with path and line, the string is kept', (word) => {
    const r = read(pod(`    env:\n    - name: FLAG\n      value: ${word}\n`));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        reason: 'AmbiguousValue',
        path: 'spec.containers[0].env[0].value',
        line: 11,
        column: 14,
        message: expect.stringMatching(/boolean.*quote it/),
      }),
    ]);
    expect(r.workloads[0]?.spec.containers?.[0]?.env?.[0]?.value).toBe(word);
  });

  it('warns for every string field: labels, annotations, command, args, name, image', () => {
    const r = read(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {enabled: yes}\n  annotations: {inject: off}\nspec:\n  containers:\n  - name: n\n    image: y\n    command: [on]\n    args: [no, "no"]\n`,
    );
    expect(r.diagnostics.map((d) => [d.reason, d.path, d.line])).toEqual([
      ['AmbiguousValue', 'metadata.labels.enabled', 5],
      ['AmbiguousValue', 'metadata.annotations.inject', 6],
      ['AmbiguousValue', 'spec.containers[0].name', 9],
      ['AmbiguousValue', 'spec.containers[0].image', 10],
      ['AmbiguousValue', 'spec.containers[0].command[0]', 11],
      ['AmbiguousValue', 'spec.containers[0].args[0]', 12],
    ]);
  });

  it('quoted words and ordinary strings are not ambiguous', () => {
    const r = read(
      pod(
        `    env:\n    - {name: A, value: "no"}\n    - {name: B, value: 'on'}\n    - {name: C, value: nope}\n`,
      ),
    );
    expect(r.diagnostics).toEqual([]);
  });

  it('a boolean field reads YAML 1.1 words as booleans, as Kubernetes does', () => {
    const r = read(pod('    tty: yes\n    stdin: off\n', ''));
    expect(r.diagnostics).toEqual([]);
    expect(r.workloads[0]?.spec.containers?.[0]).toMatchObject({ tty: true, stdin: false });
    const host = read(
      `apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: on\n  containers: [{name: a, image: b}]\n`,
    );
    expect(host.workloads[0]?.spec.hostNetwork).toBe(true);
  });

  it('a number in a string field: the API server cannot decode it (ERROR), the text is kept', () => {
    const r = read(pod('', '  annotations:\n    prometheus.io/port: 15020\n'));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueTypeInvalid',
        path: 'metadata.annotations[prometheus.io/port]',
        line: 6,
        column: 25,
        message: expect.stringContaining('"15020"'),
      }),
    ]);
    expect(r.workloads[0]?.objectMeta.annotations?.['prometheus.io/port']).toBe('15020');
  });

  it('a number in a string field keeps the text as written', () => {
    const r = read(pod('    env:\n    - {name: VERSION, value: 1.10}\n'));
    expect(r.diagnostics[0]).toMatchObject({
      severity: 'ERROR',
      path: 'spec.containers[0].env[0].value',
      message: expect.stringContaining('quote it: "1.10"'),
    });
    expect(r.workloads[0]?.spec.containers?.[0]?.env?.[0]?.value).toBe('1.10');
  });

  it('a string in an integer field is an ERROR and the field is left out', () => {
    const r = read(pod('    ports:\n    - containerPort: "80"\n'));
    expect(r.diagnostics[0]).toMatchObject({
      severity: 'ERROR',
      reason: 'FieldValueTypeInvalid',
      path: 'spec.containers[0].ports[0].containerPort',
    });
  });
});

describe('duplicate keys', () => {
  it('in YAML: FieldValueDuplicate at the second key', () => {
    const r = read(pod('    image: redis\n'));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueDuplicate',
        path: 'spec.containers[0].image',
        line: 9,
        column: 5,
        message: expect.stringContaining('duplicate field "image"'),
      }),
    ]);
  });

  it('in JSON: the same (JSON.parse would let the last one win silently)', () => {
    const r = read(
      '{"apiVersion": "v1", "kind": "Pod",\n "metadata": {"name": "a", "name": "b"},\n "spec": {"containers": [{"name": "a", "image": "b"}]}}',
    );
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueDuplicate',
        path: 'metadata.name',
        line: 2,
        column: 28,
      }),
    ]);
  });
});

describe('anchors, aliases and merge keys', () => {
  it('merge keys work and merged fields can be located', () => {
    const r = read(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - &base
    name: app
    image: nginx
    resources: {requests: {cpu: 100m}}
  - <<: *base
    name: second
`);
    expect(r.diagnostics).toEqual([]);
    const [a, b] = r.workloads[0]?.spec.containers ?? [];
    expect(a).toMatchObject({ name: 'app', image: 'nginx' });
    expect(b).toMatchObject({
      name: 'second',
      image: 'nginx',
      resources: { requests: { cpu: '100m' } },
    });
    expect(r.workloads[0]?.locate('spec.containers[1].name')).toEqual({ line: 11, column: 11 });
    // A merged field points at where it is written: in the anchored container.
    expect(r.workloads[0]?.locate('spec.containers[1].image')).toEqual({ line: 8, column: 12 });
  });

  it('a "billion laughs" document is refused (timing: npm run bench)', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const r = read(`${lines.join('\n')}\n`);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'TooLarge',
        message: expect.stringMatching(/alias/),
      }),
    ]);
  });

  it('an alias to an undefined anchor is a SyntaxError with its position', () => {
    const r = read(pod('    command: *nope\n'));
    expect(r.diagnostics[0]).toMatchObject({ severity: 'ERROR', reason: 'SyntaxError', line: 9 });
  });
});
