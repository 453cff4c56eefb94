// Object metadata and selectors as the API server validates them on create:
// staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go (ValidateObjectMeta,
// ValidateAnnotations, TotalAnnotationSizeLimitB), pkg/apis/meta/v1/validation (ValidateLabels),
// pkg/api/validate/content/kube.go (IsLabelKey, IsLabelValue), pkg/util/validation/validation.go
// (IsDNS1123Subdomain), pkg/apis/apps/validation/validation.go (selector rules).
import { readManifest } from '../../../src/engine/intake';
import { validateWorkload } from '../../../src/engine/validation';
import {
  isDNS1123Subdomain,
  isLabelValue,
  isQualifiedName,
} from '../../../src/engine/validation/object-meta';
import { versionOf } from '../../../src/engine/k8s/version';
import type { Diagnostic } from '../../../src/engine/report';

const read = (text: string) =>
  readManifest(text, { version: versionOf(34), validate: validateWorkload });
const brief = (d: Diagnostic[]) => d.map((x) => `${x.severity} ${x.reason} ${x.path}`);

function deployment(
  meta: string,
  opts: { selector?: string; labels?: string; apiVersion?: string } = {},
) {
  return `apiVersion: ${opts.apiVersion ?? 'apps/v1'}
kind: Deployment
metadata: ${meta}
spec:
${opts.selector === undefined ? '  selector: {matchLabels: {app: web}}' : opts.selector}
  template:
    metadata:
      labels: ${opts.labels ?? '{app: web}'}
    spec:
      containers: [{name: app, image: nginx}]
`;
}

describe('object names (IsDNS1123Subdomain)', () => {
  it('Bad_Name is refused with the API server message', () => {
    const r = read(deployment('{name: Bad_Name}'));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueInvalid',
        path: 'metadata.name',
        line: 3,
        message: `Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      }),
    ]);
  });

  it('253 characters are accepted, 254 are not', () => {
    const name = (n: number) => `${'a'.repeat(n - 4)}.com`;
    expect(isDNS1123Subdomain(name(253))).toEqual([]);
    expect(isDNS1123Subdomain(name(254))).toEqual(['must be no more than 253 characters']);
    expect(brief(read(deployment(`{name: ${name(254)}}`)).diagnostics)).toEqual([
      'ERROR FieldValueInvalid metadata.name',
    ]);
  });

  it('a CronJob name is held to 52 characters', () => {
    const cron = (name: string) => `apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: app, image: busybox}]
`;
    expect(read(cron('a'.repeat(52))).diagnostics).toEqual([]);
    expect(read(cron('a'.repeat(53))).diagnostics).toEqual([
      expect.objectContaining({
        path: 'metadata.name',
        message: expect.stringMatching(/must be no more than 52 characters$/),
      }),
    ]);
  });

  it('generateName may end in "-"', () => {
    expect(read(deployment('{generateName: web-}')).diagnostics).toEqual([]);
    expect(brief(read(deployment('{generateName: Web-}')).diagnostics)).toEqual([
      'ERROR FieldValueInvalid metadata.generateName',
    ]);
  });

  it.each([
    ['{{ .Release.Name }}-web', '{{ .Release.Name }}'],
    ['job-{{uid}}', '{{uid}}'],
    ['${NAME}', '${NAME}'],
    ['rook-ceph-cleanup-<node-hostname>', '<node-hostname>'],
  ])('an unrendered template name %s is a WARNING with its evidence', (name, evidence) => {
    const r = read(deployment(`{name: ${JSON.stringify(name)}}`));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        reason: 'FieldValueInvalid',
        path: 'metadata.name',
        message: expect.stringContaining(`unrendered placeholder ${evidence}`),
      }),
    ]);
  });

  it('a namespace is a DNS label; an operator fill-in marker in capitals is a WARNING', () => {
    expect(brief(read(deployment('{name: web, namespace: a.b}')).diagnostics)).toEqual([
      'ERROR FieldValueInvalid metadata.namespace',
    ]);
    expect(
      brief(read(deployment('{name: web, namespace: "FILLED BY THE OPERATOR"}')).diagnostics),
    ).toEqual(['WARNING FieldValueInvalid metadata.namespace']);
  });
});

describe('labels and annotations', () => {
  it('label keys are qualified names, values at most 63 characters; the path is the map', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('a/b/c')).toHaveLength(1);
    expect(isQualifiedName('/x')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName(`${'a'.repeat(64)}`)).toEqual([
      'name part must be no more than 63 characters',
    ]);
    expect(isLabelValue('')).toEqual([]);
    expect(isLabelValue('a'.repeat(63))).toEqual([]);
    expect(isLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    const r = read(deployment(`{name: web, labels: {ok: "${'v'.repeat(64)}", "bad key": x}}`));
    expect(r.diagnostics.map((d) => [d.path, d.message.slice(0, 40)])).toEqual([
      ['metadata.labels', `Invalid value: "${'v'.repeat(24)}`],
      ['metadata.labels', 'Invalid value: "bad key": name part must'],
    ]);
  });

  it('the template labels are checked too', () => {
    const r = read(deployment('{name: web}', { labels: '{app: web, "-x": z}' }));
    expect(brief(r.diagnostics)).toEqual(['ERROR FieldValueInvalid spec.template.metadata.labels']);
  });

  it('annotations: 256 KiB of keys and values in all; upper-case keys are fine', () => {
    const limit = 256 * 1024;
    const under = read(deployment(`{name: web, annotations: {Big: "${'x'.repeat(limit - 3)}"}}`));
    expect(under.diagnostics).toEqual([]);
    const over = read(deployment(`{name: web, annotations: {Big: "${'x'.repeat(limit - 2)}"}}`));
    expect(over.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueTooLong',
        path: 'metadata.annotations',
        message: expect.stringMatching(/^Too long: may not be more than 262144 bytes/),
      }),
    ]);
  });
});

describe('selectors (apps/v1)', () => {
  it('an apps/v1 workload without spec.selector is refused', () => {
    expect(brief(read(deployment('{name: web}', { selector: '' })).diagnostics)).toEqual([
      'ERROR FieldValueRequired spec.selector',
    ]);
  });

  it('a selector that does not select the template labels is refused at the labels', () => {
    const r = read(
      deployment('{name: web}', { selector: '  selector: {matchLabels: {app: api}}' }),
    );
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        path: 'spec.template.metadata.labels',
        message: expect.stringMatching(/`selector` does not match template `labels`$/),
      }),
    ]);
  });

  it('matchExpressions are evaluated as labels.Selector does', () => {
    const sel = (expr: string) => `  selector: {matchExpressions: [${expr}]}`;
    expect(
      read(
        deployment('{name: web}', {
          selector: sel('{key: app, operator: In, values: [web, api]}'),
        }),
      ).diagnostics,
    ).toEqual([]);
    expect(
      read(deployment('{name: web}', { selector: sel('{key: tier, operator: DoesNotExist}') }))
        .diagnostics,
    ).toEqual([]);
    expect(
      brief(
        read(
          deployment('{name: web}', {
            selector: sel('{key: app, operator: NotIn, values: [web]}'),
          }),
        ).diagnostics,
      ),
    ).toEqual(['ERROR FieldValueInvalid spec.template.metadata.labels']);
  });

  it('an empty selector is refused', () => {
    expect(
      brief(read(deployment('{name: web}', { selector: '  selector: {}' })).diagnostics),
    ).toEqual(['ERROR FieldValueInvalid spec.selector']);
  });

  it('a ReplicationController without a selector takes the template labels (defaulted)', () => {
    const rc = (sel: string) => `apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
${sel}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx}]
`;
    expect(read(rc('')).diagnostics).toEqual([]);
    expect(brief(read(rc('  selector: {app: api}')).diagnostics)).toEqual([
      'ERROR FieldValueInvalid spec.template.metadata.labels',
    ]);
  });
});

describe('Job selectors (pkg/apis/batch/validation validateGeneratedSelector)', () => {
  const job = (spec: string, name = 'j') => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}
  template:
    metadata: {labels: {app: j}}
    spec:
      restartPolicy: Never
      containers: [{name: app, image: busybox}]
`;

  it('no selector: the API server generates it', () => {
    expect(read(job('  backoffLimit: 1')).diagnostics).toEqual([]);
  });

  it('a selector of the user without manualSelector: true is refused', () => {
    const r = read(job('  selector: {matchLabels: {app: j}}'));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueInvalid',
        path: 'spec.selector',
        message: expect.stringMatching(/^Invalid value: \{\.\.\.\}: `selector` not auto-generated/),
      }),
    ]);
  });

  it('an exported selector on the old controller-uid is refused too: a new Job gets a fresh uid', () => {
    const r = read(
      job('  selector: {matchLabels: {controller-uid: 95052288-f609-11e8-aa53-42010a80021b}}'),
    );
    expect(brief(r.diagnostics)).toEqual(['ERROR FieldValueInvalid spec.selector']);
  });

  it('a selector that selects the generated labels (job-name) is accepted', () => {
    expect(read(job('  selector: {matchLabels: {job-name: j}}')).diagnostics).toEqual([]);
    expect(
      read(
        job(
          '  selector: {matchExpressions: [{key: batch.kubernetes.io/controller-uid, operator: Exists}]}',
        ),
      ).diagnostics,
    ).toEqual([]);
  });

  it("with manualSelector: true the selector is the user's", () => {
    expect(
      read(job('  manualSelector: true\n  selector: {matchLabels: {app: j}}')).diagnostics,
    ).toEqual([]);
  });
});
