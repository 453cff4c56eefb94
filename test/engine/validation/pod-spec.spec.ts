// API-server validation of manifests, per Kubernetes version (docs/kubernetes-behaviour.md, Validation; pkg/apis/core/validation/validation.go).
import { readManifest } from '../../../src/engine/intake';
import { validateWorkload } from '../../../src/engine/validation';
import { versionOf } from '../../../src/engine/k8s/version';
import type { Diagnostic } from '../../../src/engine/report';

const read = (text: string, minor = 37) =>
  readManifest(text, { version: versionOf(minor), validate: validateWorkload });
const brief = (d: Diagnostic[]) => d.map((x) => `${x.severity} ${x.reason} ${x.path}`);
const errors = (d: Diagnostic[]) => brief(d.filter((x) => x.severity === 'ERROR'));

/** A Pod with one init container and one app container, with extra YAML lines for each. */
function pod(init: string, app = '', spec = ''): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    spec,
    '  initContainers:',
    '  - name: init',
    '    image: busybox',
    init,
    '  containers:',
    '  - name: app',
    '    image: nginx',
    app,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

const PROBE = '    readinessProbe: {tcpSocket: {port: 80}}';

describe('init container restartPolicy per Kubernetes version (c.3, c.10)', () => {
  it('1.28: the SidecarContainers gate is off: the field is dropped (WARNING), the container is a regular init container', () => {
    const r = read(pod('    restartPolicy: Always'), 28);
    expect(brief(r.diagnostics)).toEqual([
      'WARNING FieldDropped spec.initContainers[0].restartPolicy',
    ]);
    expect(r.diagnostics[0]?.message).toMatch(/drops restartPolicy.*never exits|for ever/);
    expect(r.diagnostics[0]?.line).toBe(8);
    // the spec keeps what the user wrote: analyses apply the drop themselves
    expect(r.workloads[0]?.spec.initContainers?.[0]?.restartPolicy).toBe('Always');
  });

  it("1.28: once dropped, the sidecar's probe is forbidden on a regular init container", () => {
    const r = read(pod(`    restartPolicy: Always\n${PROBE}`), 28);
    expect(brief(r.diagnostics)).toEqual([
      'WARNING FieldDropped spec.initContainers[0].restartPolicy',
      'ERROR FieldValueForbidden spec.initContainers[0].readinessProbe',
    ]);
  });

  it.each([29, 33, 34])('1.%i: Always makes a sidecar, whose probes are allowed', (minor) => {
    expect(read(pod(`    restartPolicy: Always\n${PROBE}`), minor).diagnostics).toEqual([]);
  });

  it.each([29, 34])('1.%i: OnFailure and Never are not supported on init containers', (minor) => {
    for (const value of ['OnFailure', 'Never']) {
      const r = read(pod(`    restartPolicy: ${value}`), minor);
      expect(errors(r.diagnostics)).toEqual([
        'ERROR FieldValueNotSupported spec.initContainers[0].restartPolicy',
      ]);
      expect(r.diagnostics[0]?.message).toBe(
        `Unsupported value: "${value}": supported values: "Always"`,
      );
    }
  });

  it.each([35, 36, 37])(
    '1.%i: ContainerRestartRules: Never and OnFailure are allowed on init containers',
    (minor) => {
      expect(read(pod('    restartPolicy: OnFailure'), minor).diagnostics).toEqual([]);
      expect(read(pod('    restartPolicy: Never'), minor).diagnostics).toEqual([]);
      const bad = read(pod('    restartPolicy: Sometimes'), minor);
      expect(bad.diagnostics[0]?.message).toBe(
        'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      );
    },
  );

  it('1.35+: an init container with OnFailure is still a regular init container: probes are forbidden', () => {
    const r = read(pod(`    restartPolicy: OnFailure\n${PROBE}`), 35);
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueForbidden spec.initContainers[0].readinessProbe',
    ]);
    expect(r.diagnostics[0]?.message).toBe(
      'Forbidden: may not be set for init containers without restartPolicy=Always',
    );
  });

  it('an explicit empty string is not an absent field', () => {
    expect(errors(read(pod('    restartPolicy: ""'), 33).diagnostics)).toEqual([
      'ERROR FieldValueNotSupported spec.initContainers[0].restartPolicy',
    ]);
  });
});

describe('regular container restartPolicy (c.4)', () => {
  it.each([29, 34])('1.%i: forbidden on regular containers', (minor) => {
    const r = read(pod('', '    restartPolicy: Always'), minor);
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueForbidden spec.containers[0].restartPolicy',
    ]);
    expect(r.diagnostics[0]?.message).toBe('Forbidden: may not be set for non-init containers');
  });

  it('1.35+: allowed on regular containers as a per-container override', () => {
    for (const v of ['Always', 'OnFailure', 'Never']) {
      expect(read(pod('', `    restartPolicy: ${v}`), 35).diagnostics).toEqual([]);
    }
  });
});

describe('restartPolicyRules (KEP-5307)', () => {
  const rules = (extra = '') =>
    `${extra}    restartPolicyRules:\n    - action: Restart\n      exitCodes: {operator: In, values: [42]}`;

  it('1.34: the gate is off: the field is dropped (WARNING)', () => {
    expect(brief(read(pod('', rules()), 34).diagnostics)).toEqual([
      'WARNING FieldDropped spec.containers[0].restartPolicyRules',
    ]);
  });

  it('1.35: valid with an explicit restartPolicy', () => {
    expect(read(pod('', rules('    restartPolicy: Never\n')), 35).diagnostics).toEqual([]);
  });

  it('1.35: rules need the container restartPolicy set', () => {
    expect(errors(read(pod('', rules()), 35).diagnostics)).toEqual([
      'ERROR FieldValueRequired spec.containers[0].restartPolicy',
    ]);
  });

  it('1.35: action and operator are checked', () => {
    const r = read(
      pod(
        '',
        '    restartPolicy: Never\n    restartPolicyRules:\n    - action: Explode\n      exitCodes: {operator: Maybe, values: [1, 1]}',
      ),
      35,
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueNotSupported spec.containers[0].restartPolicyRules[0].action',
      'ERROR FieldValueNotSupported spec.containers[0].restartPolicyRules[0].exitCodes.operator',
      'ERROR FieldValueDuplicate spec.containers[0].restartPolicyRules[0].exitCodes.values[1]',
    ]);
  });

  it('RestartAllContainers is an action only from 1.36 (KEP-5532 beta)', () => {
    const text = pod(
      '',
      '    restartPolicy: Never\n    restartPolicyRules:\n    - action: RestartAllContainers\n      exitCodes: {operator: In, values: [3]}',
    );
    expect(errors(read(text, 35).diagnostics)).toEqual([
      'ERROR FieldValueNotSupported spec.containers[0].restartPolicyRules[0].action',
    ]);
    expect(read(text, 36).diagnostics).toEqual([]);
  });
});

describe('names (c.1, c.2)', () => {
  it('a container name must be a DNS-1123 label', () => {
    const r = read(pod('', '').replace('name: app', 'name: My_App'));
    expect(errors(r.diagnostics)).toEqual(['ERROR FieldValueInvalid spec.containers[0].name']);
    expect(r.diagnostics[0]?.message).toMatch(
      /^Invalid value: "My_App": a lowercase RFC 1123 label/,
    );
  });

  it('name and image are required', () => {
    const r = read('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - resources: {}\n');
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueRequired spec.containers[0].name',
      'ERROR FieldValueRequired spec.containers[0].image',
    ]);
  });

  it('a name shared by an init and an app container is reported on the init container', () => {
    const r = read(pod('', '').replace('name: init', 'name: app'));
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueDuplicate spec.initContainers[0].name',
    ]);
  });

  it('a duplicate within the init list is reported on the later one', () => {
    const r = read(pod('  - name: init\n    image: busybox'));
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueDuplicate spec.initContainers[1].name',
    ]);
  });
});

describe('probes and lifecycle (c.6)', () => {
  it('exactly one Forbidden per field on a regular init container, body not validated', () => {
    const r = read(
      pod(
        '    lifecycle: {preStop: {}}\n    livenessProbe: {periodSeconds: -5}\n    startupProbe: {}',
      ),
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueForbidden spec.initContainers[0].lifecycle',
      'ERROR FieldValueForbidden spec.initContainers[0].livenessProbe',
      'ERROR FieldValueForbidden spec.initContainers[0].startupProbe',
    ]);
  });

  it('liveness and startup need successThreshold 1; an unset one is defaulted to 1', () => {
    expect(read(pod('', '    livenessProbe: {tcpSocket: {port: 80}}')).diagnostics).toEqual([]);
    const r = read(
      pod(
        '',
        '    livenessProbe: {tcpSocket: {port: 80}, successThreshold: 2}\n    startupProbe: {tcpSocket: {port: 80}, successThreshold: 3}',
      ),
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueInvalid spec.containers[0].livenessProbe.successThreshold',
      'ERROR FieldValueInvalid spec.containers[0].startupProbe.successThreshold',
    ]);
    expect(r.diagnostics[0]?.message).toBe('Invalid value: 2: must be 1');
  });

  it('a readiness probe must not set terminationGracePeriodSeconds', () => {
    const r = read(
      pod('', '    readinessProbe: {tcpSocket: {port: 80}, terminationGracePeriodSeconds: 5}'),
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueInvalid spec.containers[0].readinessProbe.terminationGracePeriodSeconds',
    ]);
  });

  it('numbers must not be negative', () => {
    const r = read(
      pod(
        '',
        '    readinessProbe: {tcpSocket: {port: 80}, periodSeconds: -1, timeoutSeconds: -2, failureThreshold: -3, initialDelaySeconds: -4}',
      ),
    );
    expect(errors(r.diagnostics).sort()).toEqual(
      [
        'ERROR FieldValueInvalid spec.containers[0].readinessProbe.initialDelaySeconds',
        'ERROR FieldValueInvalid spec.containers[0].readinessProbe.periodSeconds',
        'ERROR FieldValueInvalid spec.containers[0].readinessProbe.timeoutSeconds',
        'ERROR FieldValueInvalid spec.containers[0].readinessProbe.failureThreshold',
      ].sort(),
    );
    expect(r.diagnostics[0]?.message).toMatch(/must be greater than or equal to 0$/);
  });

  it('a handler needs exactly one action', () => {
    const none = read(pod('', '    readinessProbe: {periodSeconds: 5}'));
    expect(errors(none.diagnostics)).toEqual([
      'ERROR FieldValueRequired spec.containers[0].readinessProbe',
    ]);
    const two = read(
      pod('', '    lifecycle: {preStop: {exec: {command: [x]}, httpGet: {port: 80}}}'),
    );
    expect(errors(two.diagnostics)).toEqual([
      'ERROR FieldValueForbidden spec.containers[0].lifecycle.preStop.httpGet',
    ]);
  });

  it('exec needs a command; httpGet a valid port and scheme; tcpSocket a valid port', () => {
    const r = read(
      pod(
        '',
        '    livenessProbe: {exec: {command: []}}\n    readinessProbe: {httpGet: {port: 0, scheme: FTP}}\n    startupProbe: {tcpSocket: {port: Not_A_Name}}',
      ),
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueRequired spec.containers[0].livenessProbe.exec.command',
      'ERROR FieldValueInvalid spec.containers[0].readinessProbe.httpGet.port',
      'ERROR FieldValueNotSupported spec.containers[0].readinessProbe.httpGet.scheme',
      'ERROR FieldValueInvalid spec.containers[0].startupProbe.tcpSocket.port',
    ]);
  });

  it('the API server defaults an httpGet path to "/" and the scheme to HTTP', () => {
    expect(read(pod('', '    readinessProbe: {httpGet: {port: 8080}}')).diagnostics).toEqual([]);
  });
});

describe('ports (c.7)', () => {
  it('containerPort 1..65535, hostPort range, names IANA_SVC_NAME and unique per container', () => {
    const r = read(
      pod(
        '',
        '    ports:\n    - {containerPort: 70000}\n    - {containerPort: 80, hostPort: 99999, name: http}\n    - {containerPort: 81, name: http}\n    - {containerPort: 82, name: Bad_Name}\n    - {name: no-number}',
      ),
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueInvalid spec.containers[0].ports[0].containerPort',
      'ERROR FieldValueInvalid spec.containers[0].ports[1].hostPort',
      'ERROR FieldValueDuplicate spec.containers[0].ports[2].name',
      'ERROR FieldValueInvalid spec.containers[0].ports[3].name',
      'ERROR FieldValueRequired spec.containers[0].ports[4].containerPort',
    ]);
    expect(r.diagnostics[0]?.message).toBe(
      'Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
  });

  it('regular containers conflict on host ports across all of them', () => {
    const r = read(`apiVersion: v1
kind: Pod
spec:
  containers:
  - {name: a, image: x, ports: [{containerPort: 80, hostPort: 8080}]}
  - {name: b, image: x, ports: [{containerPort: 81, hostPort: 8080}]}
`);
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueDuplicate spec.containers[1].ports[0].hostPort',
    ]);
    expect(r.diagnostics[0]?.message).toBe('Duplicate value: "TCP//8080"');
  });

  it('init containers are checked one at a time: two may share a host port, one may not repeat it', () => {
    const shared = pod(
      '    ports: [{containerPort: 80, hostPort: 8080}]\n  - name: init2\n    image: busybox\n    ports: [{containerPort: 80, hostPort: 8080}]',
    );
    expect(read(shared).diagnostics).toEqual([]);
    const repeated = pod(
      '    ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, hostPort: 8080}]',
    );
    expect(errors(read(repeated).diagnostics)).toEqual([
      'ERROR FieldValueDuplicate spec.initContainers[0].ports[1].hostPort',
    ]);
  });

  it('hostNetwork: a hostPort must equal the containerPort', () => {
    const r = read(
      pod(
        '',
        '    ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 90}]',
        '  hostNetwork: true',
      ),
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueInvalid spec.containers[0].ports[0].hostPort',
    ]);
  });
});

describe('resources', () => {
  const res = (yaml: string) => pod('', `    resources: ${yaml}`);

  it("a request above its limit: Kubernetes' wording, at the request", () => {
    const r = read(res('{requests: {cpu: "1", memory: 64Mi}, limits: {cpu: 500m, memory: 1Gi}}'));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueInvalid',
        // The API server reports a request over its limit at the list, naming the resource.
        path: 'spec.containers[0].resources.requests',
        message: 'Invalid value: "1": must be less than or equal to cpu limit of 500m',
      }),
    ]);
  });

  it('requests equal to limits, or without limits, are fine; numbers are quantities', () => {
    expect(
      read(res('{requests: {cpu: 0.5, memory: 1Gi}, limits: {cpu: 500m, memory: 1024Mi}}'))
        .diagnostics,
    ).toEqual([]);
    expect(read(res('{requests: {cpu: 2}}')).diagnostics).toEqual([]);
  });

  it('extended resources are whole numbers and requests must equal limits', () => {
    const r = read(
      res('{requests: {example.com/gpu: 1}, limits: {example.com/gpu: 2, example.com/fpga: 0.5}}'),
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueInvalid spec.containers[0].resources.limits[example.com/fpga]',
      'ERROR FieldValueInvalid spec.containers[0].resources.requests',
    ]);
  });

  it('overhead and pod-level resources are validated; pod-level resources are dropped before 1.34', () => {
    const text = pod(
      '',
      '',
      '  overhead: {cpu: -1}\n  resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}',
    );
    // validateOverhead checks the overhead as a container's limits: spec.overhead.limits[cpu].
    expect(brief(read(text, 37).diagnostics)).toEqual([
      'ERROR FieldValueInvalid spec.overhead.limits[cpu]',
      'ERROR FieldValueInvalid spec.resources.requests',
    ]);
    expect(brief(read(text, 33).diagnostics)).toEqual([
      'ERROR FieldValueInvalid spec.overhead.limits[cpu]',
      'WARNING FieldDropped spec.resources',
    ]);
  });

  it('init container resources are validated too', () => {
    const r = read(pod('    resources: {limits: {memory: lots}}'));
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueInvalid spec.initContainers[0].resources.limits.memory',
    ]);
  });
});

describe('other pod fields', () => {
  it('volumeMounts must name a volume of the pod', () => {
    const r = read(
      pod(
        '',
        '    volumeMounts: [{name: data, mountPath: /data}, {name: cfg, mountPath: /cfg}]',
        '  volumes: [{name: cfg, emptyDir: {}}]',
      ),
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueNotFound spec.containers[0].volumeMounts[0].name',
    ]);
    expect(r.diagnostics[0]?.message).toBe('Not found: "data"');
  });

  it('a StatefulSet may mount its volumeClaimTemplates', () => {
    const r = read(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: db, image: postgres, volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`);
    expect(r.diagnostics).toEqual([]);
  });

  it('terminationGracePeriodSeconds must not be negative; terminationMessagePolicy values', () => {
    const r = read(
      pod('    terminationMessagePolicy: Sometimes', '', '  terminationGracePeriodSeconds: -1'),
    );
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueNotSupported spec.initContainers[0].terminationMessagePolicy',
      'ERROR FieldValueInvalid spec.terminationGracePeriodSeconds',
    ]);
  });

  it('resizePolicy on an init container: dropped before 1.33, allowed from 1.33 (AllowSidecarResizePolicy)', () => {
    const text = pod('    resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]');
    expect(brief(read(text, 32).diagnostics)).toEqual([
      'WARNING FieldDropped spec.initContainers[0].resizePolicy',
    ]);
    expect(read(text, 33).diagnostics).toEqual([]);
  });
});

describe("the owner kind's restartPolicy (f)", () => {
  const job = (rp: string, kind = 'Job') =>
    `apiVersion: batch/v1\nkind: ${kind}\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n${rp ? `      restartPolicy: ${rp}\n` : ''}      containers: [{name: a, image: b}]\n`;

  it('a Job needs OnFailure or Never: unset means the pod default Always, which is refused', () => {
    expect(read(job('Never')).diagnostics).toEqual([]);
    expect(read(job('OnFailure')).diagnostics).toEqual([]);
    const unset = read(job(''));
    expect(unset.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'FieldValueNotSupported',
        path: 'spec.template.spec.restartPolicy',
        message: expect.stringMatching(
          /^Unsupported value: "Always": supported values: "OnFailure", "Never"/,
        ),
      }),
    ]);
    expect(errors(read(job('Always')).diagnostics)).toEqual([
      'ERROR FieldValueNotSupported spec.template.spec.restartPolicy',
    ]);
  });

  it("a CronJob's pod template follows the same rule at its own path", () => {
    const text = `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: b}]\n`;
    expect(errors(read(text).diagnostics)).toEqual([
      'ERROR FieldValueNotSupported spec.jobTemplate.spec.template.spec.restartPolicy',
    ]);
  });

  it('a Deployment accepts only Always', () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: b}]\n`;
    const r = read(text);
    expect(errors(r.diagnostics)).toEqual([
      'ERROR FieldValueNotSupported spec.template.spec.restartPolicy',
    ]);
    expect(r.diagnostics[0]?.message).toBe(
      'Unsupported value: "Never": supported values: "Always"',
    );
    expect(r.diagnostics[0]?.line).toBe(9);
  });
});

describe('ephemeral containers', () => {
  const eph = '  ephemeralContainers: [{name: debug, image: busybox, targetContainerName: app}]';
  it('cannot be set on create, but a live Pod (with status) may have them', () => {
    const text = pod('', '', eph);
    expect(errors(read(text).diagnostics)).toEqual([
      'ERROR FieldValueForbidden spec.ephemeralContainers',
    ]);
    expect(read(`${text}\nstatus: {phase: Running}\n`).diagnostics).toEqual([]);
  });
});
