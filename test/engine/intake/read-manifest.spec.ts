// Manifest intake: kinds, workloads in document order, replicas, paths and positions.
import { readManifest } from '../../../src/engine/intake';
import { validateWorkload } from '../../../src/engine/validation';
import { versionOf } from '../../../src/engine/k8s/version';
import type { Diagnostic } from '../../../src/engine/report';
import { loadCorpus } from '../../support/shared';

const V = versionOf(37);
const read = (text: string) => readManifest(text, { version: V, validate: validateWorkload });
const errors = (d: Diagnostic[]) => d.filter((x) => x.severity === 'ERROR');

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
  - name: app
    image: nginx
`;

/** A pod template labelled app: x. */
const template = (indent: string, restartPolicy = '') =>
  [
    'template:',
    '  metadata:',
    '    labels: {app: x}',
    '  spec:',
    ...(restartPolicy ? [`    restartPolicy: ${restartPolicy}`] : []),
    '    containers:',
    '    - name: app',
    '      image: nginx',
  ]
    .map((l) => indent + l)
    .join('\n');

/** The apps/v1 selector of template()'s labels. */
const SELECTOR = '  selector: {matchLabels: {app: x}}';

describe('readManifest: kinds', () => {
  it('reads a Pod with name, namespace, one replica and positions', () => {
    const r = read(POD);
    expect(r.diagnostics).toEqual([]);
    expect(r.workloads).toHaveLength(1);
    const w = r.workloads[0]!;
    expect(w).toMatchObject({
      kind: 'Pod',
      name: 'web',
      namespace: 'shop',
      replicas: 1,
      replicaBasis: 'SINGLE',
      specPath: 'spec',
      document: 0,
    });
    expect(w.spec.containers?.[0]?.image).toBe('nginx');
    expect(w.locate('spec.containers[0].image')).toEqual({ line: 9, column: 12 });
    expect(w.locate('spec.containers[0]')).toEqual({ line: 8, column: 5 });
    expect(w.locate('metadata.name')).toEqual({ line: 4, column: 9 });
    // A field holding a collection is located at its key.
    expect(w.locate('spec.containers')).toEqual({ line: 7, column: 3 });
    // A path the text does not have falls back to its deepest ancestor.
    expect(w.locate('spec.containers[0].resources.requests.cpu')).toEqual({ line: 8, column: 5 });
  });

  it.each([
    ['Deployment', 'apps/v1', 'spec.template.spec', 'REPLICAS'],
    ['StatefulSet', 'apps/v1', 'spec.template.spec', 'REPLICAS'],
    ['ReplicaSet', 'apps/v1', 'spec.template.spec', 'REPLICAS'],
    ['ReplicationController', 'v1', 'spec.template.spec', 'REPLICAS'],
  ] as const)('reads a %s: replicas default 1, 0 kept', (kind, apiVersion, specPath, basis) => {
    // apps/v1 requires spec.selector; a ReplicationController's defaults to the template labels.
    const selector = apiVersion === 'apps/v1' ? `${SELECTOR}\n` : '';
    const doc = (replicas: string) =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\nspec:\n${selector}${replicas}${template('  ')}\n`;
    const none = read(doc(''));
    expect(none.diagnostics).toEqual([]);
    expect(none.workloads[0]).toMatchObject({ kind, specPath, replicas: 1, replicaBasis: basis });
    expect(read(doc('  replicas: 0\n')).workloads[0]?.replicas).toBe(0);
    expect(read(doc('  replicas: 5\n')).workloads[0]?.replicas).toBe(5);
  });

  it('reads a DaemonSet as one pod per node', () => {
    const r = read(
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n${SELECTOR}\n${template('  ')}\n`,
    );
    expect(r.workloads[0]).toMatchObject({
      kind: 'DaemonSet',
      replicas: 1,
      replicaBasis: 'PER_NODE',
    });
  });

  it('reads a Job (parallelism) and a CronJob (jobTemplate parallelism)', () => {
    const job = read(
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 3\n${template('  ', 'Never')}\n`,
    );
    expect(job.diagnostics).toEqual([]);
    expect(job.workloads[0]).toMatchObject({
      kind: 'Job',
      replicas: 3,
      replicaBasis: 'PARALLELISM',
      specPath: 'spec.template.spec',
    });
    const cron = read(
      `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      parallelism: 2\n${template('      ', 'OnFailure')}\n`,
    );
    expect(cron.diagnostics).toEqual([]);
    expect(cron.workloads[0]).toMatchObject({
      kind: 'CronJob',
      replicas: 2,
      specPath: 'spec.jobTemplate.spec.template.spec',
    });
    const defaulted = read(
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n${template('  ', 'Never')}\n`,
    );
    expect(defaulted.workloads[0]?.replicas).toBe(1);
  });

  it('reads a PodTemplate from its template', () => {
    const r = read(`apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\n${template('')}\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.workloads[0]).toMatchObject({
      kind: 'PodTemplate',
      specPath: 'template.spec',
      podMeta: { labels: { app: 'x' } },
    });
  });

  it('keeps document order across a stream and skips other kinds with INFO', () => {
    const r = read(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: b}\n---\n${POD}---\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n${SELECTOR}\n${template('  ')}\n`,
    );
    expect(r.workloads.map((w) => [w.document, w.kind])).toEqual([
      [1, 'Pod'],
      [3, 'Deployment'],
    ]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'INFO',
        reason: 'SkippedKind',
        document: 0,
        path: 'kind',
        line: 2,
      }),
    ]);
  });

  it('reads Lists item by item with items[i] paths', () => {
    const r = read(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: s}
- ${POD.trim().split('\n').join('\n  ')}
- apiVersion: v1
  kind: Pod
  metadata: {name: bad}
  spec:
    initContainers:
    - name: init
      image: busybox
      restartPolicy: Sometimes
    containers:
    - {name: app, image: nginx}
`);
    expect(r.workloads.map((w) => [w.name, w.specPath])).toEqual([
      ['web', 'items[1].spec'],
      ['bad', 'items[2].spec'],
    ]);
    const err = errors(r.diagnostics);
    expect(err).toEqual([
      expect.objectContaining({
        reason: 'FieldValueNotSupported',
        path: 'items[2].spec.initContainers[0].restartPolicy',
        line: 23,
        column: 22,
      }),
    ]);
    expect(r.workloads[1]?.locate('items[2].spec.containers[0].image')).toEqual({
      line: 25,
      column: 26,
    });
  });

  it('reads a PodList without kind on the items (kubectl get -o yaml)', () => {
    const r = read(`apiVersion: v1
kind: PodList
items:
- metadata: {name: a}
  spec:
    containers: [{name: app, image: nginx}]
- metadata: {name: b}
  spec:
    containers: [{name: app, image: nginx}]
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Pod/a', 'Pod/b']);
  });

  it('reads JSON, with positions', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'j' },
        spec: {
          containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: 'lots' } } }],
        },
      },
      null,
      2,
    );
    const r = read(json);
    expect(r.workloads).toHaveLength(1);
    const cpu = r.diagnostics.find((d) => d.path === 'spec.containers[0].resources.requests.cpu');
    const lines = json.split('\n');
    const line = lines.findIndex((l) => l.includes('"cpu"')) + 1;
    const column = (lines[line - 1] ?? '').indexOf('"lots"') + 1;
    expect(cpu).toMatchObject({ severity: 'ERROR', reason: 'FieldValueInvalid', line, column });
  });

  it('reads tab-indented JSON (tabs are whitespace in flow context)', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 't' },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
      null,
      '\t',
    );
    const r = read(json);
    expect(r.diagnostics).toEqual([]);
    expect(r.workloads[0]?.locate('spec.containers[0].image')?.line).toBe(
      json.split('\n').findIndex((l) => l.includes('"image"')) + 1,
    );
  });
});

describe('readManifest: the real-world corpus', () => {
  const corpus = loadCorpus();
  it('has the 32 files', () => {
    expect(corpus.length).toBe(32);
  });
  it.each(corpus)('%s yields its workloads without ERROR', (file, text) => {
    const r = read(text);
    expect(errors(r.diagnostics)).toEqual([]);
    if (file.startsWith('32-')) {
      expect(r.workloads).toEqual([]);
      expect(r.diagnostics).toEqual([
        expect.objectContaining({ severity: 'INFO', reason: 'SkippedKind' }),
      ]);
    } else {
      expect(r.workloads.length).toBeGreaterThan(0);
      for (const w of r.workloads) expect(w.spec.containers?.length).toBeGreaterThan(0);
    }
    if (file.startsWith('10-')) {
      expect(r.diagnostics).toEqual([
        expect.objectContaining({ severity: 'WARNING', path: 'apiVersion', line: 4, column: 13 }),
      ]);
      expect(r.workloads[0]?.kind).toBe('Pod');
    }
  });
});

describe('readManifest: fields', () => {
  it('an unknown container field is an ERROR as kubectl reports it, with the field it was likely meant to be, and is left out', () => {
    const r = read(`apiVersion: v1
kind: Pod
spec:
  initContainers:
  - name: proxy
    image: envoy
    restartpolicy: Always
  containers: [{name: app, image: nginx}]
`);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'UnknownField',
        path: 'spec.initContainers[0].restartpolicy',
        line: 7,
        message: expect.stringMatching(
          /^unknown field "spec\.initContainers\[0\]\.restartpolicy" \(did you mean "restartPolicy"\?\)/,
        ),
      }),
    ]);
    // As the API server would keep it: without the field, a regular init container.
    expect(r.workloads[0]?.spec.initContainers?.[0]).toEqual({ name: 'proxy', image: 'envoy' });
  });

  it('reads the status of a Pod from a live cluster', () => {
    const r = read(`${POD}status:
  phase: Running
  containerStatuses:
  - name: app
    ready: true
    restartCount: 2
    state: {running: {startedAt: "2026-01-01T00:00:00Z"}}
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.workloads[0]?.status).toMatchObject({
      phase: 'Running',
      containerStatuses: [{ name: 'app', restartCount: 2 }],
    });
  });

  it('a documentation template with <PLACEHOLDER> values gets WARNINGs, not ERRORs', () => {
    const r = read(`apiVersion: apps/v1
kind: Deployment
metadata: {name: <YOUR-APP>}
spec:
  selector: {matchLabels: {app: demo}}
  template:
    metadata: {labels: {app: demo}}
    spec:
      containers:
      - name: <YOUR-APP>
`);
    expect(r.workloads).toHaveLength(1);
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.diagnostics.map((d) => d.path)).toEqual([
      'metadata.name',
      'spec.template.spec.containers[0].name',
      'spec.template.spec.containers[0].image',
    ]);
  });

  it('a negative replicas count is invalid', () => {
    const r = read(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: -1\n${SELECTOR}\n${template('  ')}\n`,
    );
    expect(errors(r.diagnostics)).toEqual([
      expect.objectContaining({
        reason: 'FieldValueInvalid',
        path: 'spec.replicas',
        line: 5,
        column: 13,
      }),
    ]);
  });
});
