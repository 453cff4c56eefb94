// Kubernetes' computePodActions tables, transcribed as our data (pkg/kubelet/kuberuntime/
// kuberuntime_manager_test.go; the ~v1.31 stored copy and yuanwang04/kubernetes @ bca651cd, whose
// rows are the same plus TestComputePodActionsWithContainerRestartRules):
// - TestComputePodActionsWithRestartableInitContainers: every row;
// - TestComputePodActionsWithInitContainers (run again with LegacySidecarContainers upstream, same
//   expectations): every row;
// - TestComputePodActions: the sandbox / unknown / created rows;
// - TestComputePodActionsWithContainerRestartRules (KEP-5307): every row.
// Upstream state is abstracted as in golden/startup.json: container state per name, exit code,
// probe-manager results (absent = no result yet), sandbox readiness.
import { computePodActions } from '../../../src/engine/lifecycle';
import type {
  PodActions,
  PodRuntime,
  ProbeResult,
  RuntimeContainerStatus,
} from '../../../src/engine/lifecycle';
import type { Container, PodSpec } from '../../../src/engine/k8s/types';

type Probes = Record<string, { liveness?: ProbeResult; startup?: ProbeResult }>;
type Policy = 'Always' | 'OnFailure' | 'Never' | undefined;

interface Row {
  name: string;
  spec: PodSpec;
  runtime: PodRuntime;
  expected: PodActions;
}

const st = (
  name: string,
  state: RuntimeContainerStatus['state'],
  exitCode = 0,
): RuntimeContainerStatus => ({ name, state, exitCode });
const apps = (): Container[] => [1, 2, 3].map((i) => ({ name: `foo${i}`, image: 'busybox' }));
const actions = (p: Partial<PodActions>): PodActions => ({
  killPod: false,
  createSandbox: false,
  initContainersToStart: [],
  containersToStart: [],
  containersToKill: [],
  ...p,
});

type Mutate = (
  statuses: RuntimeContainerStatus[],
  probes: Probes,
  spec: PodSpec,
) => RuntimeContainerStatus[] | void;

/** One row on a base pod: its init containers, base statuses and base probe results. */
function table(
  test: string,
  base: {
    initContainers: () => Container[];
    statuses: () => RuntimeContainerStatus[];
    probes: () => Probes;
  },
) {
  const rows: Row[] = [];
  const add = (
    name: string,
    restartPolicy: Policy,
    mutate: Mutate,
    expected: Partial<PodActions>,
    sandboxReady = true,
  ): void => {
    const spec: PodSpec = {
      initContainers: base.initContainers(),
      containers: apps(),
      ...(restartPolicy ? { restartPolicy } : {}),
    };
    const probes = base.probes();
    const initial = base.statuses();
    const statuses = mutate(initial, probes, spec) ?? initial;
    rows.push({
      name: `${test}/${name}`,
      spec,
      runtime: { sandboxReady, containerStatuses: statuses, probeResults: probes },
      expected: actions(expected),
    });
  };
  return { rows, add };
}

// --- TestComputePodActionsWithRestartableInitContainers -------------------------------------
const restartable = table('TestComputePodActionsWithRestartableInitContainers', {
  initContainers: () => [
    { name: 'restartable-init-1', image: 'bar-image', restartPolicy: 'Always' },
    {
      name: 'restartable-init-2',
      image: 'bar-image',
      restartPolicy: 'Always',
      livenessProbe: {},
      startupProbe: {},
    },
    {
      name: 'restartable-init-3',
      image: 'bar-image',
      restartPolicy: 'Always',
      livenessProbe: {},
      startupProbe: {},
    },
  ],
  statuses: () => [
    st('restartable-init-1', 'running'),
    st('restartable-init-2', 'running'),
    st('restartable-init-3', 'running'),
  ],
  probes: () => ({
    'restartable-init-2': { liveness: 'Success', startup: 'Success' },
    'restartable-init-3': { liveness: 'Success', startup: 'Success' },
  }),
});
{
  const { add } = restartable;
  const failLast = (s: RuntimeContainerStatus[]): void => {
    Object.assign(s[2] ?? {}, { state: 'exited', exitCode: 137 });
  };
  const mainsAre = (state: RuntimeContainerStatus['state']) => (s: RuntimeContainerStatus[]) => [
    ...s,
    st('foo1', state),
    st('foo2', state),
    st('foo3', state),
  ];
  add('initialization completed; start all containers', undefined, () => {}, {
    containersToStart: [0, 1, 2],
  });
  add('no init containers have been started; start the first one', undefined, () => [], {
    initContainersToStart: [0],
  });
  add(
    'an init container is stuck in the created state; restart it',
    'Always',
    (s) => {
      Object.assign(s[2] ?? {}, { state: 'created' });
    },
    { initContainersToStart: [2] },
  );
  add('restartable init container has started; start the next', 'Always', (s) => s.slice(0, 1), {
    initContainersToStart: [1],
  });
  add(
    'livenessProbe has not been run; start the nothing',
    'Always',
    (s, p) => {
      delete p['restartable-init-2']?.liveness;
      return s.slice(0, 2);
    },
    { initContainersToStart: [2] },
  );
  add(
    'livenessProbe in progress; start the next',
    'Always',
    (s, p) => {
      p['restartable-init-2'] = { ...p['restartable-init-2'], liveness: 'Unknown' };
      return s.slice(0, 2);
    },
    { initContainersToStart: [2] },
  );
  add('livenessProbe has completed; start the next', 'Always', (s) => s.slice(0, 2), {
    initContainersToStart: [2],
  });
  add(
    'kill and recreate the restartable init container if the liveness check has failed',
    'Always',
    (_s, p) => {
      p['restartable-init-3'] = { ...p['restartable-init-3'], liveness: 'Failure' };
    },
    {
      initContainersToStart: [2],
      containersToKill: ['restartable-init-3'],
      containersToStart: [0, 1, 2],
    },
  );
  add(
    'startupProbe has not been run; do nothing',
    'Always',
    (s, p) => {
      delete p['restartable-init-2']?.startup;
      return s.slice(0, 2);
    },
    {},
  );
  add(
    'startupProbe in progress; do nothing',
    'Always',
    (s, p) => {
      p['restartable-init-2'] = { ...p['restartable-init-2'], startup: 'Unknown' };
      return s.slice(0, 2);
    },
    {},
  );
  add('startupProbe has completed; start the next', 'Always', (s) => s.slice(0, 2), {
    initContainersToStart: [2],
  });
  add(
    'kill and recreate the restartable init container if the startup check has failed',
    'Always',
    (_s, p) => {
      p['restartable-init-3'] = { ...p['restartable-init-3'], startup: 'Failure' };
    },
    { initContainersToStart: [2], containersToKill: ['restartable-init-3'] },
  );
  // Upstream changes the spec's image, so the running container's hash no longer matches.
  add(
    'kill and recreate the restartable init container if the container definition changes',
    'Always',
    (s, _p, spec) => {
      Object.assign(spec.initContainers?.[2] ?? {}, { image: 'foo-image' });
      Object.assign(s[2] ?? {}, { image: 'bar-image' });
    },
    {
      initContainersToStart: [2],
      containersToKill: ['restartable-init-3'],
      containersToStart: [0, 1, 2],
    },
  );
  add(
    'restart terminated restartable init container and next init container',
    'Always',
    (s) => {
      Object.assign(s[0] ?? {}, { state: 'exited' });
      Object.assign(s[2] ?? {}, { state: 'exited' });
    },
    { initContainersToStart: [0, 2] },
  );
  add(
    'restart terminated restartable init container and regular containers',
    'Always',
    (s) => {
      Object.assign(s[0] ?? {}, { state: 'exited' });
    },
    { initContainersToStart: [0], containersToStart: [0, 1, 2] },
  );
  add(
    'Pod sandbox not ready, restartable init container failed, but RestartPolicy == Never; kill pod only',
    'Never',
    failLast,
    { killPod: true },
    false,
  );
  add(
    'Pod sandbox not ready, and RestartPolicy == Never, but no visible restartable init containers;  create a new pod sandbox',
    'Never',
    () => [],
    { killPod: true, createSandbox: true, initContainersToStart: [0] },
    false,
  );
  add(
    'Pod sandbox not ready, restartable init container failed, and RestartPolicy == OnFailure; create a new pod sandbox',
    'OnFailure',
    failLast,
    { killPod: true, createSandbox: true, initContainersToStart: [0] },
    false,
  );
  add(
    'Pod sandbox not ready, restartable init container failed, and RestartPolicy == Always; create a new pod sandbox',
    'Always',
    failLast,
    { killPod: true, createSandbox: true, initContainersToStart: [0] },
    false,
  );
  add(
    "initialization failed; restart the last restartable init container even if pod's RestartPolicy == Never",
    'Never',
    failLast,
    { initContainersToStart: [2] },
  );
  add(
    "restartable init container state unknown; kill and recreate the last restartable init container even if pod's RestartPolicy == Never",
    'Never',
    (s) => {
      Object.assign(s[2] ?? {}, { state: 'unknown' });
    },
    { initContainersToStart: [2], containersToKill: ['restartable-init-3'] },
  );
  add(
    "restart restartable init container if regular containers are running even if pod's RestartPolicy == Never",
    'Never',
    (s) => {
      failLast(s);
      return mainsAre('running')(s);
    },
    { initContainersToStart: [2] },
  );
  add(
    "kill the pod if all main containers succeeded if pod's RestartPolicy == Never",
    'Never',
    mainsAre('exited'),
    { killPod: true },
  );
  add(
    'some of the init container statuses are missing but the last init container is running, restart restartable init and regular containers',
    'Always',
    (s) => s.slice(2),
    { initContainersToStart: [0, 1], containersToStart: [0, 1, 2] },
  );
}

// --- TestComputePodActionsWithInitContainers (and its LegacySidecarContainers twin) ----------
const plain = table('TestComputePodActionsWithInitContainers', {
  initContainers: () => [1, 2, 3].map((i) => ({ name: `init${i}`, image: 'bar-image' })),
  statuses: () => [st('init1', 'exited'), st('init2', 'exited'), st('init3', 'exited')],
  probes: () => ({}),
});
{
  const { add } = plain;
  const lastIs = (patch: Partial<RuntimeContainerStatus>) => (s: RuntimeContainerStatus[]) => {
    Object.assign(s[2] ?? {}, patch);
  };
  add('initialization completed; start all containers', undefined, () => {}, {
    containersToStart: [0, 1, 2],
  });
  add('no init containers have been started; start the first one', undefined, () => [], {
    initContainersToStart: [0],
  });
  add('initialization in progress; do nothing', 'Always', lastIs({ state: 'running' }), {});
  add(
    'Kill pod and restart the first init container if the pod sandbox is dead',
    'Always',
    () => {},
    { killPod: true, createSandbox: true, initContainersToStart: [0] },
    false,
  );
  for (const policy of ['Always', 'OnFailure'] as const) {
    add(
      `initialization failed; restart the last init container if RestartPolicy == ${policy}`,
      policy,
      lastIs({ exitCode: 137 }),
      { initContainersToStart: [2] },
    );
    add(
      `init container state unknown; kill and recreate the last init container if RestartPolicy == ${policy}`,
      policy,
      lastIs({ state: 'unknown' }),
      { initContainersToStart: [2], containersToKill: ['init3'] },
    );
  }
  add(
    'initialization failed; kill pod if RestartPolicy == Never',
    'Never',
    lastIs({ exitCode: 137 }),
    {
      killPod: true,
    },
  );
  add(
    'init container state unknown; kill pod if RestartPolicy == Never',
    'Never',
    lastIs({ state: 'unknown' }),
    { killPod: true },
  );
  add(
    'Pod sandbox not ready, init container failed, but RestartPolicy == Never; kill pod only',
    'Never',
    () => {},
    { killPod: true },
    false,
  );
  add(
    'Pod sandbox not ready, and RestartPolicy == Never, but no visible init containers;  create a new pod sandbox',
    'Never',
    () => [],
    { killPod: true, createSandbox: true, initContainersToStart: [0] },
    false,
  );
  add(
    'Pod sandbox not ready, init container failed, and RestartPolicy == OnFailure; create a new pod sandbox',
    'OnFailure',
    lastIs({ exitCode: 137 }),
    { killPod: true, createSandbox: true, initContainersToStart: [0] },
    false,
  );
  add(
    "some of the init container statuses are missing but the last init container is running, don't restart preceding ones",
    'Always',
    (s) => {
      Object.assign(s[2] ?? {}, { state: 'running' });
      return s.slice(2);
    },
    {},
  );
  add(
    'an init container is in the created state due to an unknown error when starting container; restart it',
    'Always',
    lastIs({ state: 'created' }),
    { initContainersToStart: [2] },
  );
}

// --- TestComputePodActions (no init containers) and ...WithContainerRestartRules ------------
interface NoInitRow {
  name: string;
  podPolicy: Policy;
  containerPolicies?: Policy[];
  statuses: RuntimeContainerStatus[];
  sandboxReady?: boolean;
  expected: Partial<PodActions>;
}
const noInit: NoInitRow[] = [
  {
    name: 'TestComputePodActions/Verify we do not create a pod sandbox if no ready sandbox for pod with RestartPolicy=Never and all containers exited',
    podPolicy: 'Never',
    statuses: [st('foo1', 'exited'), st('foo2', 'exited'), st('foo3', 'exited')],
    sandboxReady: false,
    expected: { killPod: true },
  },
  {
    name: 'TestComputePodActions/Verify we do not create a pod sandbox if no ready sandbox for pod with RestartPolicy=OnFailure and all containers succeeded',
    podPolicy: 'OnFailure',
    statuses: [st('foo1', 'exited'), st('foo2', 'exited'), st('foo3', 'exited')],
    sandboxReady: false,
    expected: { killPod: true },
  },
  {
    name: 'TestComputePodActions/Verify we create a pod sandbox if no ready sandbox for pod with RestartPolicy=Never and no containers have ever been created',
    podPolicy: 'Never',
    statuses: [],
    sandboxReady: false,
    expected: { killPod: true, createSandbox: true, containersToStart: [0, 1, 2] },
  },
  {
    name: 'TestComputePodActions/Kill and recreate the container if the container is in unknown state',
    podPolicy: 'Never',
    statuses: [st('foo1', 'running'), st('foo2', 'unknown'), st('foo3', 'running')],
    expected: { containersToStart: [1], containersToKill: ['foo2'] },
  },
  {
    name: 'TestComputePodActions/Restart the container if the container is in created state',
    podPolicy: 'Never',
    statuses: [st('foo1', 'running'), st('foo2', 'created'), st('foo3', 'running')],
    expected: { containersToStart: [1] },
  },
  {
    name: 'TestComputePodActionsWithContainerRestartRules/restart exited containers if RestartPolicy == Always',
    podPolicy: 'Never',
    containerPolicies: ['Always', 'Always'],
    statuses: [st('foo1', 'exited'), st('foo2', 'exited', 111), st('foo3', 'running')],
    expected: { containersToStart: [0, 1] },
  },
  {
    name: 'TestComputePodActionsWithContainerRestartRules/restart failed containers if RestartPolicy == OnFailure',
    podPolicy: 'Never',
    containerPolicies: ['OnFailure', 'OnFailure'],
    statuses: [st('foo1', 'exited'), st('foo2', 'exited', 111), st('foo3', 'running')],
    expected: { containersToStart: [1] },
  },
  {
    name: 'TestComputePodActionsWithContainerRestartRules/restart created but not started containers if RestartPolicy == OnFailure',
    podPolicy: 'Never',
    containerPolicies: ['OnFailure', 'OnFailure'],
    statuses: [st('foo1', 'exited'), st('foo2', 'created'), st('foo3', 'running')],
    expected: { containersToStart: [1] },
  },
  {
    name: "TestComputePodActionsWithContainerRestartRules/don't restart containers if RestartPolicy == Never",
    podPolicy: 'Always',
    containerPolicies: ['Never', 'Never'],
    statuses: [st('foo1', 'exited'), st('foo2', 'exited', 111), st('foo3', 'running')],
    expected: {},
  },
  {
    // Fixed: the new sandbox used to restart foo2 (the pod's Always), not its own OnFailure.
    name: 'TestComputePodActionsWithContainerRestartRules/Kill pod and recreate all containers (except for the succeeded one) if the pod sandbox is dead',
    podPolicy: 'Always',
    containerPolicies: [undefined, 'OnFailure'],
    statuses: [st('foo1', 'running'), st('foo2', 'exited'), st('foo3', 'running')],
    sandboxReady: false,
    expected: { killPod: true, createSandbox: true, containersToStart: [0, 2] },
  },
];

const allRows: Row[] = [
  ...restartable.rows,
  ...plain.rows,
  ...noInit.map((r) => ({
    name: r.name,
    spec: {
      containers: apps().map((c, i) => {
        const policy = r.containerPolicies?.[i];
        return policy ? { ...c, restartPolicy: policy } : c;
      }),
      ...(r.podPolicy ? { restartPolicy: r.podPolicy } : {}),
    },
    runtime: {
      sandboxReady: r.sandboxReady ?? true,
      containerStatuses: r.statuses.length === 0 ? [] : r.statuses,
      probeResults: {},
    },
    expected: actions(r.expected),
  })),
];

describe('computePodActions against the upstream tables', () => {
  it('has every transcribed row', () => {
    expect(restartable.rows).toHaveLength(24);
    expect(plain.rows).toHaveLength(15);
  });

  it.each(allRows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const actual = computePodActions({ spec: row.spec }, row.runtime);
    expect({ ...actual, containersToKill: [...actual.containersToKill].sort() }).toEqual({
      ...row.expected,
      containersToKill: [...row.expected.containersToKill].sort(),
    });
  });
});

// KEP-5307 on regular init containers (computeInitContainerActions with ContainerRestartRules): a
// failed init container is retried by its own restartPolicy when it sets one, else by the pod's.
describe('a regular init container with its own restartPolicy (KEP-5307)', () => {
  const spec = (podPolicy: Policy, initPolicy: Policy): PodSpec => ({
    initContainers: [
      { name: 'init1', image: 'x', ...(initPolicy ? { restartPolicy: initPolicy } : {}) },
    ],
    containers: apps(),
    ...(podPolicy ? { restartPolicy: podPolicy } : {}),
  });
  const failed: PodRuntime = {
    sandboxReady: true,
    containerStatuses: [st('init1', 'exited', 1)],
    probeResults: {},
  };

  it.each([
    ['Never', 'OnFailure', actions({ initContainersToStart: [0] })],
    ['Never', 'Never', actions({ killPod: true })],
    ['Always', 'Never', actions({ killPod: true })],
    ['OnFailure', undefined, actions({ initContainersToStart: [0] })],
    ['Never', undefined, actions({ killPod: true })],
  ] as const)('pod %s, init container %s: exit 1', (podPolicy, initPolicy, expected) => {
    expect(computePodActions({ spec: spec(podPolicy, initPolicy) }, failed)).toEqual(expected);
  });

  it('restartPolicyRules decide an app container restart (Restart on exit code 42 under Never)', () => {
    const s: PodSpec = {
      containers: [
        {
          name: 'foo1',
          image: 'x',
          restartPolicy: 'Never',
          restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }],
        },
        { name: 'foo2', image: 'x' },
      ],
      restartPolicy: 'Never',
    };
    const rt = (code: number): PodRuntime => ({
      sandboxReady: true,
      containerStatuses: [st('foo1', 'exited', code), st('foo2', 'running')],
      probeResults: {},
    });
    expect(computePodActions({ spec: s }, rt(42)).containersToStart).toEqual([0]);
    expect(computePodActions({ spec: s }, rt(1)).containersToStart).toEqual([]);
  });
});
