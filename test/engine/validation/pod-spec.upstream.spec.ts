// Kubernetes' own validation tables, transcribed as our data (kubernetes/kubernetes
// pkg/apis/core/validation/validation_test.go @ 000f2605, a ~v1.33 tree):
// - TestValidateInitContainers: every success container and every error row, validated the way the
//   test calls validateInitContainers (pod restartPolicy Never, grace 30, one regular container
//   "app", internal objects with no v1 defaulting; the success list with AllowSidecarResizePolicy);
// - TestValidateContainers: the "Forbidden RestartPolicy: …" rows (restartPolicy on a regular
//   container).
// Only the error type and the path are compared, as upstream does. The same tables then run at 1.35,
// where ContainerRestartRules (KEP-5307, on by default) allows Always, OnFailure and Never on every
// container (validation.go validateInitContainers).
import type { Container, PodSpec } from '../../../src/engine/k8s/types';
import { featureGatesFor, versionOf } from '../../../src/engine/k8s/version';
import { validatePodSpec } from '../../../src/engine/validation';

const app: Container = {
  name: 'app',
  image: 'nginx',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePolicy: 'File',
};
const base = { image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' };
const tcp80 = { tcpSocket: { port: 80 } };
const bothProtocolsOn80 = [
  { containerPort: 80, hostPort: 80, protocol: 'TCP' },
  { containerPort: 80, hostPort: 80, protocol: 'UDP' },
];

interface Row {
  /** The upstream case name. */
  name: string;
  initContainers?: Container[];
  containers?: Container[];
  allowSidecarResizePolicy?: boolean;
  /** "<type> <path>", paths as a full Pod validation reports them. */
  errors: string[];
}

// TestValidateInitContainers: successCase, validated together with AllowSidecarResizePolicy.
const successCase: Container[] = [
  { ...base, name: 'container-1-same-host-port-different-protocol', ports: bothProtocolsOn80 },
  { ...base, name: 'container-2-same-host-port-different-protocol', ports: bothProtocolsOn80 },
  {
    ...base,
    name: 'container-3-restart-always-with-lifecycle-hook-and-probes',
    restartPolicy: 'Always',
    lifecycle: {
      postStart: { exec: { command: ['echo', 'post start'] } },
      preStop: { exec: { command: ['echo', 'pre stop'] } },
    },
    livenessProbe: { ...tcp80, successThreshold: 1 },
    readinessProbe: { ...tcp80 },
    startupProbe: { ...tcp80, successThreshold: 1 },
  },
  {
    ...base,
    name: 'container-4-allowed-resize-policy',
    resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
  },
];

const sidecar = (name: string, extra: Partial<Container>): Container => ({
  ...base,
  name,
  restartPolicy: 'Always',
  ...extra,
});

const rows: Row[] = [
  {
    name: 'successCase (all four init containers together)',
    initContainers: successCase,
    allowSidecarResizePolicy: true,
    errors: [],
  },
  {
    name: 'successCase: two init containers may use the same hostPort (checked one at a time)',
    initContainers: successCase.slice(0, 2),
    allowSidecarResizePolicy: true,
    errors: [],
  },
  {
    name: 'empty name',
    initContainers: [{ ...base, name: '' }],
    errors: ['FieldValueRequired spec.initContainers[0].name'],
  },
  {
    name: 'name collision with regular container',
    initContainers: [{ ...base, name: 'app' }],
    errors: ['FieldValueDuplicate spec.initContainers[0].name'],
  },
  {
    name: 'invalid termination message policy',
    initContainers: [{ ...base, name: 'init', terminationMessagePolicy: 'Unknown' }],
    errors: ['FieldValueNotSupported spec.initContainers[0].terminationMessagePolicy'],
  },
  {
    name: 'duplicate names',
    initContainers: [
      { ...base, name: 'init' },
      { ...base, name: 'init' },
    ],
    errors: ['FieldValueDuplicate spec.initContainers[1].name'],
  },
  {
    name: 'duplicate ports',
    initContainers: [
      {
        ...base,
        name: 'abc',
        ports: [
          { containerPort: 8080, hostPort: 8080, protocol: 'TCP' },
          { containerPort: 8080, hostPort: 8080, protocol: 'TCP' },
        ],
      },
    ],
    errors: ['FieldValueDuplicate spec.initContainers[0].ports[1].hostPort'],
  },
  {
    name: 'uses disallowed field: Lifecycle',
    initContainers: [
      { ...base, name: 'debug', lifecycle: { preStop: { exec: { command: ['ls', '-l'] } } } },
    ],
    errors: ['FieldValueForbidden spec.initContainers[0].lifecycle'],
  },
  {
    name: 'uses disallowed field: LivenessProbe',
    initContainers: [{ ...base, name: 'debug', livenessProbe: { ...tcp80, successThreshold: 1 } }],
    errors: ['FieldValueForbidden spec.initContainers[0].livenessProbe'],
  },
  {
    name: 'uses disallowed field: ReadinessProbe',
    initContainers: [{ ...base, name: 'debug', readinessProbe: { ...tcp80 } }],
    errors: ['FieldValueForbidden spec.initContainers[0].readinessProbe'],
  },
  {
    name: 'Container uses disallowed field: StartupProbe',
    initContainers: [{ ...base, name: 'debug', startupProbe: { ...tcp80, successThreshold: 1 } }],
    errors: ['FieldValueForbidden spec.initContainers[0].startupProbe'],
  },
  {
    name: 'Disallowed field with other errors should only return a single Forbidden',
    initContainers: [
      {
        ...base,
        name: 'debug',
        startupProbe: {
          ...tcp80,
          initialDelaySeconds: -1,
          timeoutSeconds: -1,
          periodSeconds: -1,
          successThreshold: -1,
          failureThreshold: -1,
          terminationGracePeriodSeconds: -1,
        },
      },
    ],
    errors: ['FieldValueForbidden spec.initContainers[0].startupProbe'],
  },
  ...(['OnFailure', 'Never', 'invalid', ''] as const).map((rp) => ({
    name: `Not supported RestartPolicy: ${rp === '' ? 'empty' : rp}`,
    initContainers: [{ ...base, name: 'init', restartPolicy: rp }],
    errors: ['FieldValueNotSupported spec.initContainers[0].restartPolicy'],
  })),
  {
    name: 'invalid startup probe in restartable container, successThreshold != 1',
    initContainers: [
      sidecar('restartable-init', { startupProbe: { ...tcp80, successThreshold: 2 } }),
    ],
    errors: ['FieldValueInvalid spec.initContainers[0].startupProbe.successThreshold'],
  },
  {
    name: 'invalid readiness probe, terminationGracePeriodSeconds set.',
    initContainers: [
      sidecar('life-123', { readinessProbe: { ...tcp80, terminationGracePeriodSeconds: 10 } }),
    ],
    errors: [
      'FieldValueInvalid spec.initContainers[0].readinessProbe.terminationGracePeriodSeconds',
    ],
  },
  {
    name: 'invalid liveness probe, successThreshold != 1',
    initContainers: [sidecar('live-123', { livenessProbe: { ...tcp80, successThreshold: 2 } })],
    errors: ['FieldValueInvalid spec.initContainers[0].livenessProbe.successThreshold'],
  },
  {
    name: 'invalid lifecycle, no exec command.',
    initContainers: [sidecar('life-123', { lifecycle: { preStop: { exec: {} } } })],
    errors: ['FieldValueRequired spec.initContainers[0].lifecycle.preStop.exec.command'],
  },
  {
    name: 'invalid lifecycle, no http path.',
    initContainers: [
      sidecar('life-123', { lifecycle: { preStop: { httpGet: { port: 80, scheme: 'HTTP' } } } }),
    ],
    errors: ['FieldValueRequired spec.initContainers[0].lifecycle.preStop.httpGet.path'],
  },
  {
    name: 'invalid lifecycle, no http port.',
    initContainers: [
      sidecar('life-123', { lifecycle: { preStop: { httpGet: { path: '/', scheme: 'HTTP' } } } }),
    ],
    errors: ['FieldValueInvalid spec.initContainers[0].lifecycle.preStop.httpGet.port'],
  },
  {
    name: 'invalid lifecycle, no http scheme.',
    initContainers: [
      sidecar('life-123', { lifecycle: { preStop: { httpGet: { path: '/', port: 80 } } } }),
    ],
    errors: ['FieldValueNotSupported spec.initContainers[0].lifecycle.preStop.httpGet.scheme'],
  },
  {
    name: 'invalid lifecycle, no tcp socket port.',
    initContainers: [sidecar('life-123', { lifecycle: { preStop: { tcpSocket: {} } } })],
    errors: ['FieldValueInvalid spec.initContainers[0].lifecycle.preStop.tcpSocket.port'],
  },
  {
    name: 'invalid lifecycle, zero tcp socket port.',
    initContainers: [sidecar('life-123', { lifecycle: { preStop: { tcpSocket: { port: 0 } } } })],
    errors: ['FieldValueInvalid spec.initContainers[0].lifecycle.preStop.tcpSocket.port'],
  },
  {
    name: 'invalid lifecycle, no action.',
    initContainers: [sidecar('life-123', { lifecycle: { preStop: {} } })],
    errors: ['FieldValueRequired spec.initContainers[0].lifecycle.preStop'],
  },
  {
    name: 'Not supported ResizePolicy: invalid',
    initContainers: [
      {
        ...base,
        name: 'init',
        resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
      },
    ],
    errors: ['FieldValueInvalid spec.initContainers[0].resizePolicy'],
  },
  // TestValidateContainers: restartPolicy on a regular container, whatever its value.
  ...(['Always', 'OnFailure', 'Never', 'invalid', ''] as const).map((rp) => ({
    name: `TestValidateContainers: Forbidden RestartPolicy: ${rp === '' ? 'empty' : rp}`,
    containers: [{ ...base, name: 'foo', restartPolicy: rp }],
    errors: ['FieldValueForbidden spec.containers[0].restartPolicy'],
  })),
];

function validate(row: Row, minor: number): string[] {
  const version = versionOf(minor);
  const spec: PodSpec = {
    restartPolicy: 'Never',
    terminationGracePeriodSeconds: 30,
    containers: row.containers ?? [app],
    initContainers: row.initContainers ?? [],
  };
  return validatePodSpec(spec, 'spec', {
    version,
    gates: featureGatesFor(version),
    defaulting: 'none',
    allowSidecarResizePolicy: row.allowSidecarResizePolicy ?? false,
  })
    .filter((i) => i.severity === 'ERROR')
    .map((i) => `${i.reason} ${i.path}`)
    .sort();
}

describe.each([33, 34])('TestValidateInitContainers / TestValidateContainers at 1.%i', (minor) => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    expect(validate(row, minor)).toEqual([...row.errors].sort());
  });
});

// From 1.35 the restartPolicy rows change (golden README versionNote): Always, OnFailure and Never
// are accepted on every container; any other value, the empty string included, stays NotSupported.
describe('the same tables at 1.35 (ContainerRestartRules on by default)', () => {
  const legal = ['Always', 'OnFailure', 'Never'];
  const at135 = (row: Row, error: string): string[] => {
    const m = /^(\w+) spec\.(initContainers|containers)\[(\d+)\]\.restartPolicy$/.exec(error);
    if (!m) return [error];
    const list = m[2] === 'initContainers' ? row.initContainers : row.containers;
    const value = list?.[Number(m[3])]?.restartPolicy ?? '';
    if (legal.includes(value)) return [];
    // Any other value is NotSupported on every container once the field is allowed.
    return [`FieldValueNotSupported spec.${m[2]}[${m[3]}].restartPolicy`];
  };
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const expected = row.errors.flatMap((e) => at135(row, e)).sort();
    expect(validate(row, 35)).toEqual(expected);
  });

  it('an init container with restartPolicy OnFailure stays a regular init container: probes and hooks are still Forbidden', () => {
    const errors = validate(
      {
        name: 'kep-5307',
        initContainers: [
          { ...base, name: 'init', restartPolicy: 'OnFailure', livenessProbe: { ...tcp80 } },
        ],
        errors: [],
      },
      35,
    );
    expect(errors).toEqual(['FieldValueForbidden spec.initContainers[0].livenessProbe']);
  });
});
