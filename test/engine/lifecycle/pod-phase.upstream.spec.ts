// Kubernetes' getPhase tables, transcribed as our data (pkg/kubelet/kubelet_pods_test.go: the stored
// copy whose getPhase takes (pod, statuses, podIsTerminal), ~v1.30, and kubernetes/kubernetes
// @ 001a80e9 for the ContainerRestartRules tables). Statuses use the tests' helpers: waiting,
// waitingStateWithLastTermination (exit 0), waitingStateWithNonZeroTermination (exit -1), running,
// started (running + started), stopped (terminated, exit 0), succeeded, failed (exit -1).
import { getPodPhase } from '../../../src/engine/lifecycle';
import type { PodPhase } from '../../../src/engine/lifecycle';
import type { Container, ContainerStatus, PodSpec } from '../../../src/engine/k8s/types';

type S = ContainerStatus;
const waiting = (name: string): S => ({ name, state: { waiting: {} } });
const waitingLastZero = (name: string): S => ({
  name,
  state: { waiting: {} },
  lastState: { terminated: { exitCode: 0 } },
});
const waitingLastNonZero = (name: string): S => ({
  name,
  state: { waiting: {} },
  lastState: { terminated: { exitCode: -1 } },
});
const running = (name: string): S => ({ name, state: { running: {} } });
const started = (name: string): S => ({ name, state: { running: {} }, started: true });
const stopped = (name: string): S => ({ name, state: { terminated: {} } });
const succeeded = (name: string): S => ({ name, state: { terminated: { exitCode: 0 } } });
const failed = (name: string): S => ({ name, state: { terminated: { exitCode: -1 } } });

const A = 'containerA';
const B = 'containerB';
const X = 'containerX';
const AB: Container[] = [{ name: A }, { name: B }];

interface Row {
  name: string;
  statuses: S[];
  phase: PodPhase;
  podIsTerminal?: boolean;
}
interface Table {
  test: string;
  spec: PodSpec;
  rows: Row[];
}

const tables: Table[] = [
  {
    test: 'TestPodPhaseWithRestartAlways',
    spec: { containers: AB, restartPolicy: 'Always' },
    rows: [
      { name: 'waiting', statuses: [], phase: 'Pending' },
      { name: 'all running', statuses: [running(A), running(B)], phase: 'Running' },
      {
        name: 'all stopped with restart always',
        statuses: [stopped(A), stopped(B)],
        phase: 'Running',
      },
      {
        name: 'all succeeded with restart always, but the pod is terminal',
        statuses: [succeeded(A), succeeded(B)],
        phase: 'Succeeded',
        podIsTerminal: true,
      },
      {
        name: 'all stopped with restart always, but the pod is terminal',
        statuses: [succeeded(A), failed(B)],
        phase: 'Failed',
        podIsTerminal: true,
      },
      {
        name: 'mixed state #1 with restart always',
        statuses: [running(A), stopped(B)],
        phase: 'Running',
      },
      { name: 'mixed state #2 with restart always', statuses: [running(A)], phase: 'Pending' },
      {
        name: 'mixed state #3 with restart always',
        statuses: [running(A), waiting(B)],
        phase: 'Pending',
      },
      {
        name: 'backoff crashloop container with restart always',
        statuses: [running(A), waitingLastZero(B)],
        phase: 'Running',
      },
    ],
  },
  {
    test: 'TestPodPhaseWithRestartAlwaysInitContainers',
    spec: { initContainers: [{ name: X }], containers: AB, restartPolicy: 'Always' },
    rows: [
      { name: 'empty, waiting', statuses: [], phase: 'Pending' },
      { name: 'init container running', statuses: [running(X)], phase: 'Pending' },
      { name: 'init container terminated non-zero', statuses: [failed(X)], phase: 'Pending' },
      {
        name: 'init container waiting, terminated zero',
        statuses: [waitingLastZero(X)],
        phase: 'Pending',
      },
      {
        name: 'init container waiting, terminated non-zero',
        statuses: [waitingLastNonZero(X)],
        phase: 'Pending',
      },
      { name: 'init container waiting, not terminated', statuses: [waiting(X)], phase: 'Pending' },
      {
        name: 'init container succeeded',
        statuses: [succeeded(X), running(A), running(B)],
        phase: 'Running',
      },
    ],
  },
  {
    test: 'TestPodPhaseWithRestartAlwaysRestartableInitContainers',
    spec: {
      initContainers: [{ name: X, restartPolicy: 'Always' }],
      containers: AB,
      restartPolicy: 'Always',
    },
    rows: [
      { name: 'empty, waiting', statuses: [], phase: 'Pending' },
      { name: 'restartable init container running', statuses: [running(X)], phase: 'Pending' },
      { name: 'restartable init container stopped', statuses: [stopped(X)], phase: 'Pending' },
      {
        name: 'restartable init container waiting, terminated zero',
        statuses: [waitingLastZero(X)],
        phase: 'Pending',
      },
      {
        name: 'restartable init container waiting, terminated non-zero',
        statuses: [waitingLastNonZero(X)],
        phase: 'Pending',
      },
      {
        name: 'restartable init container waiting, not terminated',
        statuses: [waiting(X)],
        phase: 'Pending',
      },
      {
        name: 'restartable init container started, 1/2 regular container running',
        statuses: [started(X), running(A)],
        phase: 'Pending',
      },
      {
        name: 'restartable init container started, all regular containers running',
        statuses: [started(X), running(A), running(B)],
        phase: 'Running',
      },
      {
        name: 'restartable init container running, all regular containers running',
        statuses: [running(X), running(A), running(B)],
        phase: 'Running',
      },
      {
        name: 'restartable init container stopped, all regular containers running',
        statuses: [stopped(X), running(A), running(B)],
        phase: 'Running',
      },
      {
        name: 'backoff crashloop restartable init container, all regular containers running',
        statuses: [waitingLastZero(X), running(A), running(B)],
        phase: 'Running',
      },
      {
        name: 'all regular containers succeeded and restartable init container failed with restart always, but the pod is terminal',
        statuses: [failed(X), succeeded(A), succeeded(B)],
        phase: 'Succeeded',
        podIsTerminal: true,
      },
      {
        name: 'all regular containers succeeded and restartable init container succeeded with restart always, but the pod is terminal',
        statuses: [succeeded(X), succeeded(A), succeeded(B)],
        phase: 'Succeeded',
        podIsTerminal: true,
      },
    ],
  },
  {
    // The mismatch this file guards: a regular init container that has not completed keeps the pod
    // Pending even though an app container has started.
    test: 'TestPodPhaseWithRestartAlwaysAndPodHasRun',
    spec: {
      initContainers: [{ name: X }, { name: 'containerY', restartPolicy: 'Always' }],
      containers: [{ name: A }],
      restartPolicy: 'Always',
    },
    rows: [
      {
        name: 'regular init containers, restartable init container and regular container are all running',
        statuses: [running(X), running('containerY'), running(A)],
        phase: 'Pending',
      },
      {
        name: 'regular containers is stopped, restartable init container and regular int container are both running',
        statuses: [running(X), running('containerY'), stopped(A)],
        phase: 'Pending',
      },
      {
        name: 'regular init container is succeeded, restartable init container is running, regular containers is stopped',
        statuses: [succeeded(X), running('containerY'), stopped(A)],
        phase: 'Running',
      },
      {
        name: 'regular init container is succeeded, restartable init container and regular containers are both running',
        statuses: [succeeded(X), running('containerY'), running(A)],
        phase: 'Running',
      },
    ],
  },
  {
    test: 'TestPodPhaseWithRestartNever',
    spec: { containers: AB, restartPolicy: 'Never' },
    rows: [
      { name: 'waiting', statuses: [], phase: 'Pending' },
      {
        name: 'all running with restart never',
        statuses: [running(A), running(B)],
        phase: 'Running',
      },
      {
        name: 'all succeeded with restart never',
        statuses: [succeeded(A), succeeded(B)],
        phase: 'Succeeded',
      },
      { name: 'all failed with restart never', statuses: [failed(A), failed(B)], phase: 'Failed' },
      {
        name: 'mixed state #1 with restart never',
        statuses: [running(A), succeeded(B)],
        phase: 'Running',
      },
      { name: 'mixed state #2 with restart never', statuses: [running(A)], phase: 'Pending' },
      {
        name: 'mixed state #3 with restart never',
        statuses: [running(A), waiting(B)],
        phase: 'Pending',
      },
    ],
  },
  {
    test: 'TestPodPhaseWithRestartNeverInitContainers',
    spec: { initContainers: [{ name: X }], containers: AB, restartPolicy: 'Never' },
    rows: [
      { name: 'empty, waiting', statuses: [], phase: 'Pending' },
      { name: 'init container running', statuses: [running(X)], phase: 'Pending' },
      { name: 'init container terminated non-zero', statuses: [failed(X)], phase: 'Failed' },
      {
        name: 'init container waiting, terminated zero',
        statuses: [waitingLastZero(X)],
        phase: 'Pending',
      },
      {
        name: 'init container waiting, terminated non-zero',
        statuses: [waitingLastNonZero(X)],
        phase: 'Failed',
      },
      { name: 'init container waiting, not terminated', statuses: [waiting(X)], phase: 'Pending' },
      {
        name: 'init container succeeded',
        statuses: [succeeded(X), running(A), running(B)],
        phase: 'Running',
      },
    ],
  },
  {
    test: 'TestPodPhaseWithRestartNeverRestartableInitContainers',
    spec: {
      initContainers: [{ name: X, restartPolicy: 'Always' }],
      containers: AB,
      restartPolicy: 'Never',
    },
    rows: [
      { name: 'empty, waiting', statuses: [], phase: 'Pending' },
      { name: 'restartable init container running', statuses: [running(X)], phase: 'Pending' },
      { name: 'restartable init container stopped', statuses: [stopped(X)], phase: 'Pending' },
      {
        name: 'restartable init container waiting, terminated zero',
        statuses: [waitingLastZero(X)],
        phase: 'Pending',
      },
      {
        name: 'restartable init container waiting, terminated non-zero',
        statuses: [waitingLastNonZero(X)],
        phase: 'Pending',
      },
      {
        name: 'restartable init container waiting, not terminated',
        statuses: [waiting(X)],
        phase: 'Pending',
      },
      {
        name: 'restartable init container started, one main container running',
        statuses: [started(X), running(A)],
        phase: 'Pending',
      },
      {
        name: 'restartable init container started, main containers succeeded',
        statuses: [started(X), succeeded(A), succeeded(B)],
        phase: 'Running',
      },
      {
        name: 'restartable init container running, main containers succeeded',
        statuses: [running(X), succeeded(A), succeeded(B)],
        phase: 'Running',
      },
      {
        name: 'all containers succeeded',
        statuses: [succeeded(X), succeeded(A), succeeded(B)],
        phase: 'Succeeded',
      },
      {
        name: 'restartable init container terminated non-zero, main containers succeeded',
        statuses: [failed(X), succeeded(A), succeeded(B)],
        phase: 'Succeeded',
      },
      {
        name: 'backoff crashloop restartable init container, main containers succeeded',
        statuses: [waitingLastZero(X), succeeded(A), succeeded(B)],
        phase: 'Succeeded',
      },
      {
        name: 'backoff crashloop with non-zero restartable init container, main containers succeeded',
        statuses: [waitingLastNonZero(X), succeeded(A), succeeded(B)],
        phase: 'Succeeded',
      },
    ],
  },
  {
    test: 'TestPodPhaseWithRestartOnFailure',
    spec: { containers: AB, restartPolicy: 'OnFailure' },
    rows: [
      { name: 'waiting', statuses: [], phase: 'Pending' },
      {
        name: 'all running with restart onfailure',
        statuses: [running(A), running(B)],
        phase: 'Running',
      },
      {
        name: 'all succeeded with restart onfailure',
        statuses: [succeeded(A), succeeded(B)],
        phase: 'Succeeded',
      },
      { name: 'all failed with restart never', statuses: [failed(A), failed(B)], phase: 'Running' },
      {
        name: 'mixed state #1 with restart onfailure',
        statuses: [running(A), succeeded(B)],
        phase: 'Running',
      },
      { name: 'mixed state #2 with restart onfailure', statuses: [running(A)], phase: 'Pending' },
      {
        name: 'mixed state #3 with restart onfailure',
        statuses: [running(A), waiting(B)],
        phase: 'Pending',
      },
      {
        name: 'backoff crashloop container with restart onfailure',
        statuses: [running(A), waitingLastZero(B)],
        phase: 'Running',
      },
    ],
  },
];

// TestPodPhaseWithContainerRestartPolicy / ...InitContainers (ContainerRestartRules, KEP-5307).
interface PolicyRow {
  name: string;
  spec: PodSpec;
  statuses: S[];
  phase: PodPhase;
}
const policyRows: PolicyRow[] = [
  {
    name: 'container with restart policy Never failed',
    spec: { containers: [{ name: 'f', restartPolicy: 'Never' }], restartPolicy: 'Always' },
    statuses: [failed('f')],
    phase: 'Failed',
  },
  {
    name: 'container with restart policy OnFailure failed',
    spec: { containers: [{ name: 'f', restartPolicy: 'OnFailure' }], restartPolicy: 'Always' },
    statuses: [failed('f')],
    phase: 'Running',
  },
  {
    name: 'container with restart policy Always failed',
    spec: { containers: [{ name: 'f', restartPolicy: 'Always' }], restartPolicy: 'Always' },
    statuses: [failed('f')],
    phase: 'Running',
  },
  {
    name: 'At least one container with restartable container-level restart policy failed',
    spec: {
      containers: [{ name: A, restartPolicy: 'Always' }, { name: B }],
      restartPolicy: 'Never',
    },
    statuses: [succeeded(A), failed(B)],
    phase: 'Running',
  },
  {
    name: 'All containers without restartable container-level restart policy failed',
    spec: {
      containers: [
        { name: A, restartPolicy: 'Never' },
        { name: B, restartPolicy: 'OnFailure' },
      ],
      restartPolicy: 'Always',
    },
    statuses: [failed(A), succeeded(B)],
    phase: 'Failed',
  },
  {
    name: 'All containers succeeded',
    spec: {
      containers: [
        { name: A, restartPolicy: 'Never' },
        { name: B, restartPolicy: 'OnFailure' },
      ],
      restartPolicy: 'Always',
    },
    statuses: [succeeded(A), succeeded(B)],
    phase: 'Succeeded',
  },
  {
    name: 'init container with restart policy Never failed',
    spec: {
      initContainers: [{ name: 'f', restartPolicy: 'Never' }],
      containers: [{ name: 'container' }],
      restartPolicy: 'Always',
    },
    statuses: [failed('f')],
    phase: 'Failed',
  },
  {
    name: 'init container with restart policy OnFailure failed',
    spec: {
      initContainers: [{ name: 'f', restartPolicy: 'OnFailure' }],
      containers: [{ name: 'container' }],
      restartPolicy: 'Never',
    },
    statuses: [failed('f')],
    phase: 'Pending',
  },
  {
    name: 'container with restart policy Always failed (init container: a sidecar)',
    spec: {
      initContainers: [{ name: 'f', restartPolicy: 'Always' }],
      containers: [{ name: 'container' }],
      restartPolicy: 'Never',
    },
    statuses: [failed('f')],
    phase: 'Pending',
  },
];

describe('getPodPhase against the upstream getPhase tables', () => {
  for (const t of tables) {
    describe(t.test, () => {
      it.each(t.rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
        expect(getPodPhase(t.spec, row.statuses, true, row.podIsTerminal ?? false)).toBe(row.phase);
      });
    });
  }

  describe('TestPodPhaseWithContainerRestartPolicy(InitContainers)', () => {
    it.each(policyRows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
      expect(getPodPhase(row.spec, row.statuses, true, false)).toBe(row.phase);
    });
  });

  it('restartPolicyRules: an exit code the rules restart keeps a Never pod Running', () => {
    const spec: PodSpec = {
      containers: [
        {
          name: A,
          restartPolicy: 'Never',
          restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }],
        },
      ],
      restartPolicy: 'Never',
    };
    const exited = (exitCode: number): S[] => [{ name: A, state: { terminated: { exitCode } } }];
    expect(getPodPhase(spec, exited(42), true, false)).toBe('Running');
    expect(getPodPhase(spec, exited(1), true, false)).toBe('Failed');
  });

  it('a version that drops sidecars: the init container is a regular one that never completes', () => {
    const spec: PodSpec = {
      initContainers: [{ name: X, restartPolicy: 'Always' }],
      containers: AB,
      restartPolicy: 'Never',
    };
    expect(getPodPhase(spec, [started(X), running(A), running(B)], false)).toBe('Pending');
    expect(getPodPhase(spec, [started(X), running(A), running(B)], true)).toBe('Running');
  });
});
