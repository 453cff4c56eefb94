// Group/versions the target release no longer serves: kubectl finds no resource for them and
// applies nothing ("no matches for kind ... in version ..."), from the Deprecated API Migration
// Guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/). A custom resource
// group that reuses a built-in kind's name is not a kubectl error.
import { readManifest } from '../../../src/engine/intake';
import { validateWorkload } from '../../../src/engine/validation';
import { versionOf } from '../../../src/engine/k8s/version';

const read = (text: string, minor = 34) =>
  readManifest(text, { version: versionOf(minor), validate: validateWorkload });

const workload = (apiVersion: string, kind: string) => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: w}
spec:
  selector: {matchLabels: {app: w}}
  template:
    metadata: {labels: {app: w}}
    spec:
      containers: [{name: app, image: nginx}]
`;

const cronJob = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: CronJob
metadata: {name: c}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: app, image: busybox}]
`;

describe('removed API versions', () => {
  it.each([
    ['extensions/v1beta1', 'Deployment', 'apps/v1'],
    ['extensions/v1beta1', 'DaemonSet', 'apps/v1'],
    ['apps/v1beta1', 'StatefulSet', 'apps/v1'],
    ['apps/v1beta2', 'ReplicaSet', 'apps/v1'],
  ])(
    '%s %s is an ERROR as kubectl reports it, and the workload is still analysed',
    (apiVersion, kind, now) => {
      const r = read(workload(apiVersion, kind));
      expect(r.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'ERROR',
          reason: 'UnknownKind',
          path: 'apiVersion',
          line: 1,
          message: expect.stringMatching(
            new RegExp(`^no matches for kind "${kind}" in version "${apiVersion}": .*use ${now}`),
          ),
        }),
      ]);
      expect(r.workloads).toHaveLength(1);
    },
  );

  it('batch/v1beta1 CronJob is an ERROR from 1.25 on', () => {
    const r = read(cronJob('batch/v1beta1'), 28);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        message: expect.stringContaining('was removed in 1.25'),
      }),
    ]);
    expect(read(cronJob('batch/v1'), 28).diagnostics).toEqual([]);
  });

  it('a custom resource group reusing a built-in kind is INFO "not a built-in kind", with no strict-field errors', () => {
    const r = read(`${workload('example.com/v1', 'Deployment').trimEnd()}\n  customField: 1\n`);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'INFO',
        reason: 'UnknownKind',
        message:
          'example.com/v1 Deployment is not a built-in kind (built-in Deployment is served as "apps/v1"), analysed as Deployment',
      }),
    ]);
    expect(r.workloads).toHaveLength(1);
  });

  it('a built-in group under a version it never served stays a WARNING (read as the served one)', () => {
    const r = read(`apiVersion: apps/v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app, image: nginx}]
`);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'WARNING', reason: 'UnknownKind', path: 'apiVersion' }),
    ]);
    expect(r.workloads).toHaveLength(1);
  });
});
