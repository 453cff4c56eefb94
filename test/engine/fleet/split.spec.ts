// The streaming splitter: a kubectl List cut at its items, whatever the pieces it arrives in.
import { DumpSplitter, splitDump } from '../../../src/engine';
import type { DumpUnit } from '../../../src/engine';

// What `kubectl get pods,deployments -A -o yaml` prints (sigs.k8s.io/yaml: sequences under a map
// key are not indented).
const LIST = `apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    namespace: ns
  spec:
    containers:
    - name: app
      image: nginx
      command:
      - sh
      - -c
      - |
        echo one
        echo two
- apiVersion: apps/v1
  kind: Deployment

  metadata: {name: b}
  spec:
    template:
      spec:
        containers: [{name: app, image: nginx}]
kind: List
metadata:
  resourceVersion: ""
`;

describe('DumpSplitter', () => {
  it('cuts a List into its items, un-indented, with the offsets back into the dump', () => {
    const units = splitDump('dump.yaml', LIST);
    expect(units.map((u) => [u.line, u.column])).toEqual([
      [3, 2],
      [18, 2],
    ]);
    expect(units[0]!.text.split('\n')[0]).toBe('apiVersion: v1');
    expect(units[0]!.text).toContain('    - |\n      echo one\n      echo two\n');
    expect(units[1]!.text).toContain('kind: Deployment\n\nmetadata: {name: b}');
    // line 4 of the dump, column 3 is `kind` of the first item: line 2, column 1 of the unit.
    expect(LIST.split('\n')[3]!.slice(2)).toBe(units[0]!.text.split('\n')[1]);
  });

  it('gives the same units whatever size the pieces are', () => {
    const whole = splitDump('d', LIST);
    for (const size of [1, 2, 7, 64]) {
      const units: DumpUnit[] = [];
      const s = new DumpSplitter('d', (u) => units.push(u));
      for (let i = 0; i < LIST.length; i += size) s.push(LIST.slice(i, i + size));
      s.end();
      expect(units).toEqual(whole);
    }
  });

  it('also reads an indented items list, CRLF line ends and multi-document YAML', () => {
    const indented = LIST.replace(
      /^(?!apiVersion: v1\n|items:|kind: List|metadata:| {2}resourceVersion)/gm,
      '  ',
    );
    expect(splitDump('d', indented.replace(/\n/g, '\r\n')).map((u) => u.line)).toEqual([3, 18]);
    const docs = splitDump(
      'd',
      'kind: Pod\nmetadata: {name: a}\n---\n# c\nkind: Pod\nmetadata: {name: b}\n',
    );
    expect(docs.map((u) => [u.line, u.column, u.text])).toEqual([
      [1, 0, 'kind: Pod\nmetadata: {name: a}\n'],
      [4, 0, '# c\nkind: Pod\nmetadata: {name: b}\n'],
    ]);
  });
});
