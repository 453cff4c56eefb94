// Unknown fields as kubectl's default strict field validation refuses them
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation): the API server
// answers `strict decoding error: unknown field "spec.replica"`, the path from the object's root.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readManifest } from '../../../src/engine/intake';
import { validateWorkload } from '../../../src/engine/validation';
import { OPENAPI_FIELDS } from '../../../src/engine/validation/openapi-fields.generated';
import { versionOf } from '../../../src/engine/k8s/version';

const read = (text: string) =>
  readManifest(text, { version: versionOf(34), validate: validateWorkload });
const unknown = (text: string) =>
  read(text)
    .diagnostics.filter((d) => d.reason === 'UnknownField')
    .map((d) => ({
      severity: d.severity,
      path: d.path,
      line: d.line,
      column: d.column,
      message: d.message,
    }));

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSecond: 10
      containers:
      - name: app
        image: nginx
`;

describe('unknown fields (strict field validation)', () => {
  it('at workload and pod level: spec.replica and terminationGracePeriodSecond, with the field meant', () => {
    expect(unknown(DEPLOYMENT)).toEqual([
      {
        severity: 'ERROR',
        path: 'spec.replica',
        line: 6,
        column: 12,
        message: expect.stringMatching(
          /^unknown field "spec\.replica" \(did you mean "replicas"\?\)/,
        ),
      },
      {
        severity: 'ERROR',
        path: 'spec.template.spec.terminationGracePeriodSecond',
        line: 13,
        column: 37,
        message: expect.stringMatching(
          /^unknown field "spec\.template\.spec\.terminationGracePeriodSecond" \(did you mean "terminationGracePeriodSeconds"\?\)/,
        ),
      },
    ]);
  });

  it('the misspelt fields change nothing downstream: replicas and grace period keep their defaults', () => {
    const w = read(DEPLOYMENT).workloads[0];
    expect(w?.replicas).toBe(1);
    expect(w?.spec.terminationGracePeriodSeconds).toBeUndefined();
  });

  it('an unknown top-level field and one in the metadata', () => {
    const r = unknown(`apiVersion: v1
kind: Pod
metadata: {name: p, label: {a: b}}
spex: {}
spec:
  containers: [{name: app, image: nginx}]
`);
    expect(r.map((d) => d.path)).toEqual(['metadata.label', 'spex']);
    expect(r[0]?.message).toMatch(/did you mean "labels"/);
    expect(r[1]?.message).toMatch(/^unknown field "spex" \(did you mean "spec"\?\)/);
  });

  it('deep in the pod: a volume source, a probe, a port, an env source', () => {
    const r = unknown(`apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      backoffLimitt: 2
      template:
        spec:
          restartPolicy: Never
          volumes: [{name: v, configMap: {name: c, itemz: []}}]
          containers:
          - name: app
            image: busybox
            ports: [{containerPort: 80, protocool: TCP}]
            readinessProbe: {httpGet: {port: 80, paht: /}}
            env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k, optionall: true}}}]
`);
    expect(r.map((d) => d.path)).toEqual([
      'spec.jobTemplate.spec.backoffLimitt',
      'spec.jobTemplate.spec.template.spec.volumes[0].configMap.itemz',
      'spec.jobTemplate.spec.template.spec.containers[0].ports[0].protocool',
      'spec.jobTemplate.spec.template.spec.containers[0].readinessProbe.httpGet.paht',
      'spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.optionall',
    ]);
  });

  it('in a List the path locates the item, the message names the field from the item as kubectl applies it', () => {
    const r = unknown(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    containers: [{name: app, image: nginx, imagePullPolicyy: Always}]
`);
    expect(r).toEqual([
      expect.objectContaining({
        path: 'items[0].spec.containers[0].imagePullPolicyy',
        line: 8,
        message: expect.stringMatching(
          /^unknown field "spec\.containers\[0\]\.imagePullPolicyy" \(did you mean "imagePullPolicy"\?\)/,
        ),
      }),
    ]);
  });

  it('every field Kubernetes has is known: a Pod using many of them gets no UnknownField', () => {
    const r = unknown(`apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: n
  labels: {app: p}
  annotations: {a: b}
  ownerReferences: [{apiVersion: v1, kind: Node, name: n, uid: u, controller: true}]
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms: [{matchExpressions: [{key: k, operator: In, values: [a]}]}]
  tolerations: [{key: k, operator: Exists, effect: NoSchedule}]
  topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: p}}}]
  securityContext: {runAsUser: 1000, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
  dnsConfig: {nameservers: [1.1.1.1], options: [{name: ndots, value: "2"}]}
  os: {name: linux}
  volumes:
  - name: a
    projected: {sources: [{serviceAccountToken: {path: t, expirationSeconds: 3600}}]}
  - name: b
    emptyDir: {medium: Memory, sizeLimit: 1Gi}
  - name: c
    persistentVolumeClaim: {claimName: c}
  containers:
  - name: app
    image: nginx
    env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    envFrom: [{configMapRef: {name: c}, prefix: P_}]
    resources: {requests: {cpu: 100m}, limits: {memory: 1Gi}}
    securityContext: {capabilities: {drop: [ALL]}, allowPrivilegeEscalation: false}
    lifecycle: {preStop: {sleep: {seconds: 5}}}
    startupProbe: {grpc: {port: 9000}, failureThreshold: 30}
    volumeMounts: [{name: a, mountPath: /a}, {name: b, mountPath: /b}, {name: c, mountPath: /c}]
status:
  phase: Running
  conditions: [{type: Ready, status: "True"}]
`);
    expect(r).toEqual([]);
  });

  it('the field sets cover every kind intake reads, down to the container', () => {
    for (const t of [
      'V1Pod',
      'V1Deployment',
      'V1StatefulSet',
      'V1DaemonSet',
      'V1ReplicaSet',
      'V1ReplicationController',
      'V1Job',
      'V1CronJob',
      'V1PodTemplate',
    ]) {
      expect(OPENAPI_FIELDS[t]).toBeDefined();
    }
    expect(OPENAPI_FIELDS.V1Container?.restartPolicyRules).toBe('[]V1ContainerRestartRule');
    expect(OPENAPI_FIELDS.V1PodSpec?.containers).toBe('[]V1Container');
  });

  it('the committed field sets are what the generator makes from the installed OpenAPI models', () => {
    const out = execFileSync(
      process.execPath,
      [join(__dirname, '../../../scripts/generate-openapi-fields.mjs'), '--check'],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/up to date/);
  });
});
