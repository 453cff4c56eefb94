// Issue 14, items 7 and 8: the newer pod-spec fields validated as the API server reports them, per
// version. Each row names where it comes from in Kubernetes itself:
// - TestValidateContainerRestartPolicy (pkg/apis/core/validation/validation_test.go; the rows as
//   kubernetes/kubernetes#137136 leaves them, merged for v1.36) and the validator it tests,
//   validateContainerRestartPolicy (validation.go, added by kubernetes/kubernetes#132642, v1.34);
// - pkg/api/pod/util.go (release-1.35): dropDisabledFields (dropContainerStopSignals,
//   dropPodLifecycleSleepAction, ContainerRestartRules, InPlacePodVerticalScaling) and
//   GetValidationOptionsFromPodSpecAndMeta (AllowRestartAllContainers: "This also allows restart
//   rules on sidecar containers"; AllowSidecarResizePolicy from InPlacePodVerticalScaling);
// - kubernetes/kubernetes#137458 (CHANGELOG-1.36, v1.36.0-beta.0): "Disallow setting a resize
//   restart policy of `RestartContainer` on non-sidecar initContainers";
// - KEP-4960 (lifecycle.stopSignal needs spec.os.name and a signal of that OS), KEP-3960/4818 (the
//   sleep action and its zero value), KEP-2837 (pod-level resources).
// Like the upstream tables, a row compares the error type and the field path of every error (and,
// where the row gives one, the bad value); "<type> <path>" lists are compared whole, so a missing or
// an extra error fails the row.
import type { Container, ContainerRestartRule, PodSpec } from '../../../src/engine/k8s/types';
import { featureGatesFor, versionOf } from '../../../src/engine/k8s/version';
import { validatePodSpec } from '../../../src/engine/validation';

const base: Container = {
  name: 'ctr',
  image: 'image',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePolicy: 'File',
};
const app: Container = { ...base, name: 'app' };

const rule = (action: string, operator: string | undefined, values: number[]) =>
  ({
    action,
    exitCodes: operator === undefined ? { values } : { operator, values },
  }) as ContainerRestartRule;

interface Row {
  /** Upstream test and case name, or the source line the row restates. */
  source: string;
  minor: number;
  spec: PodSpec;
  /** "<reason> <path>" of every ERROR, in order. */
  errors: string[];
  /** Substrings the messages must hold, in the order of `errors` (optional). */
  messages?: string[];
  /** 'v1': read as a manifest (what the API server drops is dropped); default 'none', as upstream's unit tests. */
  defaulting?: 'v1' | 'none';
}

const podWith = (c: Partial<Container>, extra: Partial<PodSpec> = {}): PodSpec => ({
  restartPolicy: 'Never',
  terminationGracePeriodSeconds: 30,
  containers: [{ ...base, ...c }],
  ...extra,
});
const withInit = (c: Partial<Container>, extra: Partial<PodSpec> = {}): PodSpec => ({
  restartPolicy: 'Never',
  terminationGracePeriodSeconds: 30,
  initContainers: [{ ...base, name: 'init', ...c }],
  containers: [app],
  ...extra,
});

const T = 'validation_test.go TestValidateContainerRestartPolicy';
const V = 'validation.go validateContainerRestartPolicy (kubernetes/kubernetes#132642)';
const U = 'pkg/api/pod/util.go (release-1.35)';

const ROWS: Row[] = [
  // ---- container restart rules (KEP-5307) ----
  {
    source: `${T} "restart-policy-rules with too many exit codes" (after #137136)`,
    minor: 36,
    spec: podWith({
      restartPolicy: 'Never',
      restartPolicyRules: [
        rule(
          'Restart',
          'In',
          Array.from({ length: 256 }, () => 0),
        ),
      ],
    }),
    // 256 zeros: also one Duplicate (the value 0), reported once.
    errors: [
      'FieldValueTooMany containers[0].restartPolicyRules[0].exitCodes.values',
      'FieldValueDuplicate containers[0].restartPolicyRules[0].exitCodes.values[1]',
    ],
    messages: ['Too many: 256: must have at most 255 items', 'Duplicate value: 0'],
  },
  {
    source: `${T} "restart-policy-rules with too many rules" (after #137136)`,
    minor: 37,
    spec: podWith({
      restartPolicy: 'Never',
      restartPolicyRules: Array.from({ length: 21 }, () => rule('Restart', 'In', [42])),
    }),
    errors: ['FieldValueTooMany containers[0].restartPolicyRules'],
    messages: ['Too many: 21: must have at most 20 items'],
  },
  {
    source: `${V}: field.TooLong before #137136 (its description quotes the 1.35 message)`,
    minor: 35,
    spec: podWith({
      restartPolicy: 'Never',
      restartPolicyRules: [
        rule(
          'Restart',
          'In',
          Array.from({ length: 256 }, (_, i) => i),
        ),
      ],
    }),
    errors: ['FieldValueTooLong containers[0].restartPolicyRules[0].exitCodes.values'],
    messages: ['Too long: may not be more than 255 bytes'],
  },
  {
    source: `${V}: field.TooLong on the rules list before #137136`,
    minor: 35,
    spec: podWith({
      restartPolicy: 'Never',
      restartPolicyRules: Array.from({ length: 21 }, () => rule('Restart', 'In', [42])),
    }),
    errors: ['FieldValueTooLong containers[0].restartPolicyRules'],
  },
  {
    source: `${T}: an empty operator is NotSupported (BadValue "")`,
    minor: 36,
    spec: podWith({ restartPolicy: 'Never', restartPolicyRules: [rule('Restart', '', [42])] }),
    errors: ['FieldValueNotSupported containers[0].restartPolicyRules[0].exitCodes.operator'],
    messages: ['Unsupported value: "": supported values: "In", "NotIn"'],
  },
  {
    source: `${V}: default case of the operator switch`,
    minor: 35,
    spec: podWith({ restartPolicy: 'Never', restartPolicyRules: [rule('Restart', 'Equals', [3])] }),
    errors: ['FieldValueNotSupported containers[0].restartPolicyRules[0].exitCodes.operator'],
  },
  {
    source: `${V}: a rule without exitCodes is Required "must be specified"`,
    minor: 36,
    spec: podWith({
      restartPolicy: 'Never',
      restartPolicyRules: [{ action: 'Restart' } as ContainerRestartRule],
    }),
    errors: ['FieldValueRequired containers[0].restartPolicyRules[0].exitCodes'],
    messages: ['Required value: must be specified'],
  },
  {
    source: `${V}: an empty action is NotSupported like any other bad action`,
    minor: 36,
    spec: podWith({ restartPolicy: 'Never', restartPolicyRules: [rule('', 'In', [1])] }),
    errors: ['FieldValueNotSupported containers[0].restartPolicyRules[0].action'],
    messages: ['Unsupported value: "": supported values: "Restart", "RestartAllContainers"'],
  },
  {
    source: `${V}: rules need the container's own restartPolicy (pod-lifecycle docs: "container restartPolicy must also be specified")`,
    minor: 35,
    spec: podWith({ restartPolicyRules: [rule('Restart', 'In', [42])] }),
    errors: ['FieldValueRequired containers[0].restartPolicy'],
    // As a v1.36.1 API server prints it.
    messages: ['Required value: must specify restartPolicy when restart rules are used'],
  },
  {
    source: `${V}: values may be empty (NotIn [] matches every exit)`,
    minor: 36,
    spec: podWith({ restartPolicy: 'Never', restartPolicyRules: [rule('Restart', 'NotIn', [])] }),
    errors: [],
  },
  {
    source: `${V}: exit codes are not range-checked (a cardinality cap only)`,
    minor: 36,
    spec: podWith({
      restartPolicy: 'Never',
      restartPolicyRules: [rule('Restart', 'In', [-1, 255, 256, 300])],
    }),
    errors: [],
  },
  {
    source: 'listType=set values: one Duplicate per repeated value, not one per repeat',
    minor: 36,
    spec: podWith({
      restartPolicy: 'Never',
      restartPolicyRules: [rule('Restart', 'In', [1, 1, 1, 2, 2, 3])],
    }),
    errors: [
      'FieldValueDuplicate containers[0].restartPolicyRules[0].exitCodes.values[1]',
      'FieldValueDuplicate containers[0].restartPolicyRules[0].exitCodes.values[4]',
    ],
  },
  {
    source: `${U} dropDisabledFields: ContainerRestartRules off (1.34, alpha) drops the rules`,
    minor: 34,
    spec: podWith({ restartPolicyRules: [rule('Bogus', '', [])] }),
    errors: [],
  },
  // ---- RestartAllContainers (KEP-5532) ----
  {
    source: `${U} AllowRestartAllContainers = RestartAllContainersOnContainerExits (alpha, off in 1.35)`,
    minor: 35,
    spec: podWith({
      restartPolicy: 'Never',
      restartPolicyRules: [rule('RestartAllContainers', 'In', [42])],
    }),
    errors: ['FieldValueNotSupported containers[0].restartPolicyRules[0].action'],
    messages: ['supported values: "Restart"'],
  },
  {
    source: `${U} AllowRestartAllContainers (beta, on in 1.36)`,
    minor: 36,
    spec: podWith({
      restartPolicy: 'Never',
      restartPolicyRules: [rule('RestartAllContainers', 'NotIn', [0])],
    }),
    errors: [],
  },
  {
    source: `${U} AllowRestartAllContainers on a regular init container (restartPolicy Never)`,
    minor: 36,
    spec: withInit({
      restartPolicy: 'Never',
      restartPolicyRules: [rule('RestartAllContainers', 'In', [1])],
    }),
    errors: [],
  },
  {
    source: `${U} "This also allows restart rules on sidecar containers": allowed with the gate (1.36)`,
    minor: 36,
    spec: withInit({
      restartPolicy: 'Always',
      restartPolicyRules: [rule('RestartAllContainers', 'In', [1])],
    }),
    errors: [],
  },
  {
    source: `${U}: rules on a sidecar while RestartAllContainersOnContainerExits is off (1.35)`,
    minor: 35,
    spec: withInit({
      restartPolicy: 'Always',
      restartPolicyRules: [rule('Restart', 'In', [1])],
    }),
    errors: ['FieldValueForbidden initContainers[0].restartPolicyRules'],
  },
  {
    source: `${V}: an init container with rules and no restartPolicy`,
    minor: 36,
    spec: withInit({ restartPolicyRules: [rule('Restart', 'In', [1])] }),
    errors: ['FieldValueRequired initContainers[0].restartPolicy'],
  },
  // ---- resizePolicy on init containers (item 7) ----
  {
    source: `${U}: InPlacePodVerticalScaling off (1.32) drops resizePolicy everywhere`,
    minor: 32,
    spec: withInit({ resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'RestartContainer' }] }),
    defaulting: 'v1',
    errors: [],
  },
  {
    source:
      'validation.go validateInitContainers (v1.33-1.35): AllowSidecarResizePolicy lets any init container carry resizePolicy',
    minor: 35,
    spec: withInit(
      { resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }] },
      { restartPolicy: 'Always' },
    ),
    errors: [],
  },
  {
    source: 'kubernetes/kubernetes#137458 (1.36): RestartContainer on a non-sidecar init container',
    minor: 36,
    spec: withInit(
      {
        resizePolicy: [
          { resourceName: 'cpu', restartPolicy: 'NotRequired' },
          { resourceName: 'memory', restartPolicy: 'RestartContainer' },
        ],
      },
      { restartPolicy: 'Always' },
    ),
    // The message as a v1.36.1 API server prints it.
    errors: ['FieldValueInvalid initContainers[0].resizePolicy[1].restartPolicy'],
    messages: [
      `Invalid value: "RestartContainer": must not be set to 'RestartContainer' for non-sidecar initContainers`,
    ],
  },
  {
    source:
      'kubernetes/kubernetes#137458: NotRequired stays allowed on a non-sidecar init container',
    minor: 37,
    spec: withInit({ resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] }),
    errors: [],
  },
  {
    source: 'kubernetes/kubernetes#137458: a sidecar keeps RestartContainer',
    minor: 37,
    spec: withInit(
      {
        restartPolicy: 'Always',
        resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }],
      },
      { restartPolicy: 'Always' },
    ),
    errors: [],
  },
  {
    source:
      'validation.go validateResizePolicy: a Never pod needs NotRequired (validateContainerCommon, before the init rule)',
    minor: 36,
    spec: withInit({ resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'RestartContainer' }] }),
    errors: [
      'FieldValueInvalid initContainers[0].resizePolicy',
      'FieldValueInvalid initContainers[0].resizePolicy[0].restartPolicy',
    ],
    messages: [
      "must be 'NotRequired' when `restartPolicy` is 'Never'",
      'for non-sidecar initContainers',
    ],
  },
  // ---- lifecycle.stopSignal (KEP-4960) ----
  {
    source: `${U} dropContainerStopSignals: ContainerStopSignals off (alpha through 1.36)`,
    minor: 36,
    spec: podWith({ lifecycle: { stopSignal: 'SIGBOGUS' } }),
    errors: [],
  },
  {
    source: `${U} dropContainerStopSignals: a lifecycle left empty is dropped, so no init-container Forbidden`,
    minor: 36,
    spec: withInit({ lifecycle: { stopSignal: 'SIGUSR1' } }),
    errors: [],
  },
  {
    source:
      'validation.go validateInitContainers: with the gate on (1.37) the lifecycle stays, Forbidden',
    minor: 37,
    spec: withInit({ lifecycle: { stopSignal: 'SIGUSR1' } }, { os: { name: 'linux' } }),
    errors: ['FieldValueForbidden initContainers[0].lifecycle'],
  },
  {
    source:
      'KEP-4960 validateStopSignal: spec.os.name is required (API doc: "StopSignal can only be set for Pods with a non-empty .spec.os.name")',
    minor: 37,
    spec: podWith({ lifecycle: { stopSignal: 'SIGUSR1' } }),
    errors: ['FieldValueForbidden containers[0].lifecycle.stopSignal'],
  },
  {
    source: 'KEP-4960 validateStopSignal: a Linux signal on a linux pod',
    minor: 37,
    spec: podWith({ lifecycle: { stopSignal: 'SIGRTMIN+3' } }, { os: { name: 'linux' } }),
    errors: [],
  },
  {
    source: 'KEP-4960 validateStopSignal: not a Linux signal',
    minor: 37,
    spec: podWith({ lifecycle: { stopSignal: 'SIGBOGUS' } }, { os: { name: 'linux' } }),
    errors: ['FieldValueNotSupported containers[0].lifecycle.stopSignal'],
  },
  {
    source: 'KEP-4960 validateStopSignal: Windows supports SIGKILL and SIGTERM only',
    minor: 37,
    spec: podWith({ lifecycle: { stopSignal: 'SIGUSR1' } }, { os: { name: 'windows' } }),
    errors: ['FieldValueNotSupported containers[0].lifecycle.stopSignal'],
    messages: ['supported values: "SIGKILL", "SIGTERM"'],
  },
  {
    source: 'KEP-4960 validateStopSignal: SIGKILL on Windows',
    minor: 37,
    spec: podWith({ lifecycle: { stopSignal: 'SIGKILL' } }, { os: { name: 'windows' } }),
    errors: [],
  },
  // ---- the sleep action (KEP-3960, KEP-4818) ----
  {
    source: `${U} dropPodLifecycleSleepAction (alpha, off in 1.29): the hook is left without an action`,
    minor: 29,
    spec: podWith({ lifecycle: { preStop: { sleep: { seconds: 5 } } } }),
    errors: ['FieldValueRequired containers[0].lifecycle.preStop'],
  },
  {
    source: 'validation.go validateSleepAction: 0 before PodLifecycleSleepActionAllowZero (1.32)',
    minor: 32,
    spec: podWith({ lifecycle: { preStop: { sleep: { seconds: 0 } } } }),
    errors: ['FieldValueInvalid containers[0].lifecycle.preStop.sleep'],
  },
  {
    source: 'validation.go validateSleepAction: 0 with AllowZero (beta, on in 1.33)',
    minor: 33,
    spec: podWith({ lifecycle: { preStop: { sleep: { seconds: 0 } } } }),
    errors: [],
  },
  {
    source: 'validation.go validateSleepAction: longer than terminationGracePeriodSeconds',
    minor: 37,
    spec: podWith(
      { lifecycle: { postStart: { sleep: { seconds: 31 } } } },
      { terminationGracePeriodSeconds: 30 },
    ),
    errors: ['FieldValueInvalid containers[0].lifecycle.postStart.sleep'],
  },
  // ---- pod-level resources (KEP-2837) ----
  {
    source: 'KEP-2837: pod-level resources are not supported for Windows pods',
    minor: 34,
    spec: podWith({}, { os: { name: 'windows' }, resources: { limits: { cpu: '1' } } }),
    errors: ['FieldValueForbidden resources'],
  },
  {
    source: `${U} dropDisabledPodLevelResources: PodLevelResources off (alpha, 1.33)`,
    minor: 33,
    spec: podWith({}, { os: { name: 'windows' }, resources: { limits: { cpu: '1' } } }),
    errors: [],
  },
  {
    source: 'validation.go ValidateResourceRequirements: pod-level requests above limits',
    minor: 34,
    spec: podWith({}, { resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }),
    errors: ['FieldValueInvalid resources.requests'],
  },
  {
    source:
      "validation.go validatePodResourceConsistency: pod-level requests below the containers' aggregate (message as a 1.35 API server prints it)",
    minor: 35,
    spec: podWith(
      { resources: { requests: { cpu: '1' } } },
      {
        resources: { requests: { cpu: '1' } },
        containers: [
          { ...base, resources: { requests: { cpu: '1' } } },
          { ...app, resources: { requests: { cpu: '500m' } } },
        ],
      },
    ),
    errors: ['FieldValueInvalid resources.requests[cpu]'],
    messages: [
      'Invalid value: "1": must be greater than or equal to aggregate container requests of 1500m',
    ],
  },
  {
    source:
      'validatePodResourceConsistency via AggregateContainerRequests: a sidecar runs beside the app',
    minor: 37,
    spec: {
      restartPolicy: 'Always',
      resources: { requests: { memory: '1Gi' } },
      initContainers: [
        {
          ...base,
          name: 'proxy',
          restartPolicy: 'Always',
          resources: { requests: { memory: '512Mi' } },
        },
      ],
      containers: [{ ...app, resources: { requests: { memory: '768Mi' } } }],
    },
    errors: ['FieldValueInvalid resources.requests[memory]'],
    messages: ['aggregate container requests of 1280Mi'],
  },
  {
    source:
      'validatePodResourceConsistency via AggregateContainerRequests: a regular init container alone is within the pod',
    minor: 37,
    spec: {
      restartPolicy: 'Always',
      resources: { requests: { cpu: '2' } },
      initContainers: [{ ...base, name: 'setup', resources: { requests: { cpu: '2' } } }],
      containers: [{ ...app, resources: { requests: { cpu: '1' } } }],
    },
    errors: [],
  },
  {
    source:
      'validatePodResourceConsistency: a container limit above the pod limit (the path upstream builds from spec.resources)',
    minor: 34,
    spec: podWith(
      { resources: { limits: { memory: '2Gi' } } },
      { resources: { limits: { memory: '1Gi' } } },
    ),
    errors: ['FieldValueInvalid resources.containers[0][memory].limits'],
    messages: ['Invalid value: "2Gi": must be less than or equal to pod limits of 1Gi'],
  },
  {
    source: 'validatePodResourceName: pod-level resources are cpu, memory and hugepages only',
    minor: 34,
    spec: podWith({}, { resources: { limits: { cpu: '1', 'ephemeral-storage': '1Gi' } } }),
    errors: ['FieldValueNotSupported resources.limits[ephemeral-storage]'],
    messages: ['supported values: "cpu", "hugepages-", "memory"'],
  },
  {
    source: 'validateResourceRequirements: a negative quantity, at the key (field.Path.Key)',
    minor: 37,
    spec: podWith({ resources: { requests: { cpu: '-1' } } }),
    errors: ['FieldValueInvalid containers[0].resources.requests[cpu]'],
    messages: ['Invalid value: "-1": must be greater than or equal to 0'],
  },
  {
    source: 'validateResourceRequirements: "HugePages require cpu or memory"',
    minor: 37,
    spec: podWith({
      resources: { limits: { 'hugepages-2Mi': '4Mi' }, requests: { 'hugepages-2Mi': '4Mi' } },
    }),
    errors: ['FieldValueForbidden containers[0].resources'],
  },
  {
    source: "validateOverhead: the overhead checked as a container's limits",
    minor: 37,
    spec: podWith({}, { overhead: { cpu: '-250m' } }),
    errors: ['FieldValueInvalid overhead.limits[cpu]'],
  },
];

const errorsOf = (row: Row) =>
  validatePodSpec(row.spec, '', {
    version: versionOf(row.minor),
    gates: featureGatesFor(versionOf(row.minor)),
    defaulting: row.defaulting ?? 'none',
  }).filter((i) => i.severity === 'ERROR');

describe('newer pod-spec fields as the API server reports them (upstream rows)', () => {
  it.each(ROWS.map((r) => [`1.${r.minor} ${r.source}`, r] as const))('%s', (_name, row) => {
    const errors = errorsOf(row);
    expect(errors.map((e) => `${e.reason} ${e.path}`)).toEqual(row.errors);
    (row.messages ?? []).forEach((m, i) => expect(errors[i]?.message).toContain(m));
  });

  it('a dropped field is said as a WARNING with the gate that drops it', () => {
    const issues = validatePodSpec(withInit({ lifecycle: { stopSignal: 'SIGUSR1' } }), '', {
      version: versionOf(36),
      gates: featureGatesFor(versionOf(36)),
      defaulting: 'none',
    });
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        reason: 'FieldDropped',
        path: 'initContainers[0].lifecycle.stopSignal',
        message: expect.stringContaining('ContainerStopSignals'),
      }),
    ]);
  });

  it('rows and matches', () => {
    const matched = ROWS.filter(
      (r) =>
        JSON.stringify(errorsOf(r).map((e) => `${e.reason} ${e.path}`)) ===
        JSON.stringify(r.errors),
    ).length;
    expect({ rows: ROWS.length, matched }).toEqual({ rows: ROWS.length, matched: ROWS.length });
  });
});
