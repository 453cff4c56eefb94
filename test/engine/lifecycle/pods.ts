// The test pods of the lifecycle suites, each translated from a Kubernetes test or source file.
// views-agree.spec.ts runs every one of them through the start-up, Job and live-pod views.
import type { Container, ContainerRestartRule } from '../../../src/engine/k8s/types';
import type { TestPod } from './support';
import { app, sidecar, zero } from './support';

const NEVER_HEALTHY = 100_000;

/** A preStop exec hook that runs `seconds` (hookSecondsFromSpec reads the sleep). */
const preStop = (seconds: number): Container['lifecycle'] => ({
  preStop: { exec: { command: ['sh', '-c', `sleep ${seconds}`] } },
});

const rule = (action: string, operator: string, values: number[]): ContainerRestartRule => ({
  action,
  exitCodes: { operator, values },
});

// test/e2e_node/container_lifecycle_test.go "should call the container's preStop hook and
// terminate it if its startup probe fails": restartPolicy Never, startupProbe `exit 1` with
// initialDelaySeconds 10 and failureThreshold 1, a 1 s preStop hook; the container handles
// SIGTERM (TerminationSeconds 15) and exits 0.
export const E2E_STARTUP_PROBE_PRESTOP: TestPod = {
  id: 'e2e_node container_lifecycle: preStop on startup probe failure (Never)',
  spec: {
    restartPolicy: 'Never',
    containers: [
      app('regular-1', {
        startupProbe: {
          exec: { command: ['sh', '-c', 'exit 1'] },
          initialDelaySeconds: 10,
          failureThreshold: 1,
        },
        lifecycle: preStop(1),
      }),
    ],
  },
  timing: {
    ...zero,
    containers: [
      {
        name: 'regular-1',
        startupProbeSucceedsAfterSeconds: NEVER_HEALTHY,
        shutdownSeconds: 15,
        sigtermExitCode: 0,
      },
    ],
  },
};

// container_lifecycle_test.go "should call the container's preStop hook and not launch next
// container if the restartable init container's startup probe fails": a sidecar whose startup
// probe (initialDelaySeconds 5, failureThreshold 1) fails; it handles SIGTERM in 15 s, exit 0.
export const E2E_SIDECAR_STARTUP_PROBE_PRESTOP: TestPod = {
  id: 'e2e_node container_lifecycle: sidecar preStop on startup probe failure',
  spec: {
    restartPolicy: 'Always',
    initContainers: [
      sidecar('restartable-init-1', {
        startupProbe: {
          exec: { command: ['sh', '-c', 'exit 1'] },
          initialDelaySeconds: 5,
          failureThreshold: 1,
        },
        lifecycle: preStop(1),
      }),
    ],
    containers: [app('regular-1')],
  },
  timing: {
    ...zero,
    containers: [
      {
        name: 'restartable-init-1',
        startupProbeSucceedsAfterSeconds: NEVER_HEALTHY,
        shutdownSeconds: 15,
        sigtermExitCode: 0,
      },
    ],
  },
};

/** The same container under restartPolicy Always: every kill runs the hook again, then a restart. */
export const STARTUP_PROBE_PRESTOP_ALWAYS: TestPod = {
  id: 'kuberuntime_manager computePodActions: startup probe failure, restartPolicy Always',
  spec: { ...E2E_STARTUP_PROBE_PRESTOP.spec, restartPolicy: 'Always' },
  timing: E2E_STARTUP_PROBE_PRESTOP.timing,
};

/** failureThreshold 3, period 5: probes at 0, 5, 10; the third failure (10) kills, not the budget (15). */
export const STARTUP_PROBE_THIRD_FAILURE: TestPod = {
  id: 'prober/worker.go: Failure at the failureThreshold-th consecutive failed probe',
  spec: {
    containers: [
      app('web', {
        startupProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5, failureThreshold: 3 },
      }),
    ],
  },
  timing: { ...zero, containers: [{ name: 'web', startupProbeSucceedsAfterSeconds: 12 }] },
};

/** A probe's own terminationGracePeriodSeconds (5) is the kill's grace; the preStop hook uses 3 of it. */
export const PROBE_GRACE_OVERRIDE: TestPod = {
  id: 'kuberuntime_container.go killContainer: probe terminationGracePeriodSeconds',
  spec: {
    restartPolicy: 'Never',
    terminationGracePeriodSeconds: 60,
    containers: [
      app('web', {
        startupProbe: {
          tcpSocket: { port: 80 },
          failureThreshold: 1,
          terminationGracePeriodSeconds: 5,
        },
        lifecycle: preStop(3),
      }),
    ],
  },
  timing: {
    ...zero,
    containers: [
      { name: 'web', startupProbeSucceedsAfterSeconds: NEVER_HEALTHY, shutdownSeconds: 10 },
    ],
  },
};

const jobProbeKill = (policy: string, sigtermExitCode?: number): TestPod => ({
  id: `Job, restartPolicy ${policy}: app killed for its startup probe${sigtermExitCode !== undefined ? `, exits ${sigtermExitCode} on SIGTERM` : ''}`,
  kind: 'Job',
  spec: {
    restartPolicy: policy,
    initContainers: [sidecar('proxy')],
    containers: [app('work', { startupProbe: { exec: { command: ['ready'] } } })],
  },
  timing: {
    ...zero,
    containers: [
      {
        name: 'work',
        startupProbeSucceedsAfterSeconds: NEVER_HEALTHY,
        sigtermExitCode: sigtermExitCode ?? null,
      },
    ],
  },
});
export const JOB_PROBE_KILL_NEVER = jobProbeKill('Never');
export const JOB_PROBE_KILL_NEVER_EXIT0 = jobProbeKill('Never', 0);
export const JOB_PROBE_KILL_ON_FAILURE = jobProbeKill('OnFailure');

// The e2e "Container restart policy" tests (ContainerRestartRules, test/e2e/node), run as a Job's
// pod so that the container exits on its own: exit 42 matching a Restart rule restarts it under
// pod and container restartPolicy Never; exit 1 does not match and the pod ends Failed.
const restartRuleJob = (exitCode: number, minor = 37): TestPod => ({
  id: `e2e Container restart policy: rule Restart In [42], exit ${exitCode}, 1.${minor}`,
  kind: 'Job',
  minor,
  spec: {
    restartPolicy: 'Never',
    containers: [
      app('main-container', {
        restartPolicy: 'Never',
        restartPolicyRules: [rule('Restart', 'In', [42])],
      }),
    ],
  },
  timing: { ...zero, defaultRunSeconds: 5, containers: [{ name: 'main-container', exitCode }] },
});
export const RULE_MATCH = restartRuleJob(42);
export const RULE_MISMATCH = restartRuleJob(1);
/** 1.34: ContainerRestartRules is alpha (off), the API server drops the fields: exit 42 fails the pod. */
export const RULE_MATCH_GATE_OFF = restartRuleJob(42, 34);

/**
 * e2e "should restart container on container-level restart policy Never" (pod Always there; a Job
 * pod needs OnFailure or Never): the container's own Never wins over the pod's OnFailure, exit 1
 * is not restarted.
 */
export const CONTAINER_NEVER_IN_ON_FAILURE_POD: TestPod = {
  id: 'e2e Container restart policy: container Never in an OnFailure pod',
  kind: 'Job',
  spec: {
    restartPolicy: 'OnFailure',
    containers: [app('main-container', { restartPolicy: 'Never' })],
  },
  timing: { ...zero, defaultRunSeconds: 5, containers: [{ name: 'main-container', exitCode: 1 }] },
};

/** A regular init container with its own restartPolicy OnFailure in a Never pod is retried (1.35+). */
const initOnFailure = (minor: number): TestPod => ({
  id: `computeInitContainerActions: init container restartPolicy OnFailure in a Never pod, 1.${minor}`,
  minor,
  spec: {
    restartPolicy: 'Never',
    initContainers: [app('setup', { restartPolicy: 'OnFailure' })],
    containers: [app('main')],
  },
  timing: { ...zero, defaultRunSeconds: 2, containers: [{ name: 'setup', exitCode: 3 }] },
});
export const INIT_ON_FAILURE = initOnFailure(35);
export const INIT_ON_FAILURE_GATE_OFF = initOnFailure(34);

// KEP-5532 (kubelet_pods_test.go TestGenerateAllContainersRestartingCondition's pod): "trigger"
// has restartPolicy Never and a RestartAllContainers rule for exit 42.
const restartAll = (minor: number): TestPod => ({
  id: `KEP-5532 RestartAllContainers on exit 42, 1.${minor}`,
  kind: 'Job',
  minor,
  spec: {
    restartPolicy: 'Never',
    containers: [
      app('container1'),
      app('trigger', {
        restartPolicy: 'Never',
        restartPolicyRules: [rule('RestartAllContainers', 'In', [42])],
      }),
    ],
  },
  timing: {
    ...zero,
    defaultRunSeconds: 5,
    containers: [
      { name: 'container1', runSeconds: 20 },
      { name: 'trigger', exitCode: 42 },
    ],
  },
});
export const RESTART_ALL = restartAll(36);
/** 1.35: RestartAllContainersOnContainerExits is alpha (off): the rule is dropped, exit 42 is not restarted. */
export const RESTART_ALL_GATE_OFF = restartAll(35);

/** A probe kill honours the container's own restartPolicy Never in an Always pod (KEP-5307). */
export const PROBE_KILL_CONTAINER_NEVER: TestPod = {
  id: 'computePodActions: probe kill, container restartPolicy Never in an Always pod',
  spec: {
    restartPolicy: 'Always',
    containers: [
      app('web', {
        restartPolicy: 'Never',
        startupProbe: { exec: { command: ['ready'] }, failureThreshold: 2 },
      }),
      app('side'),
    ],
  },
  timing: {
    ...zero,
    containers: [{ name: 'web', startupProbeSucceedsAfterSeconds: NEVER_HEALTHY }],
  },
};

/** A native sidecar and an app that exits 0 on SIGTERM; the Job's sidecar stop uses the exit code too. */
export const JOB_SIDECAR_EXIT0: TestPod = {
  id: 'Job: native sidecar exits 0 on SIGTERM',
  kind: 'Job',
  spec: {
    restartPolicy: 'Never',
    initContainers: [sidecar('proxy')],
    containers: [app('work')],
  },
  timing: { ...zero, defaultRunSeconds: 4, containers: [{ name: 'proxy', sigtermExitCode: 0 }] },
};

// More of the e2e "Container restart policy" cases (ContainerRestartRules, KEP-5307): a rule with
// the NotIn operator restarts on any exit but the listed ones (kubelet's
// ContainerShouldRestart: rules first, then the container's own restartPolicy).
const notInZeroJob = (exitCode: number): TestPod => ({
  id: `e2e Container restart policy: rule Restart NotIn [0], exit ${exitCode}`,
  kind: 'Job',
  spec: {
    restartPolicy: 'Never',
    containers: [
      app('main-container', {
        restartPolicy: 'Never',
        restartPolicyRules: [rule('Restart', 'NotIn', [0])],
      }),
    ],
  },
  timing: { ...zero, defaultRunSeconds: 5, containers: [{ name: 'main-container', exitCode }] },
});
/** exit 1 is not in [0]: the rule matches and the container is restarted under Never. */
export const RULE_NOT_IN_FAILURE = notInZeroJob(1);
/** exit 0 is in [0]: no rule matches, the container's Never applies, the pod Succeeds. */
export const RULE_NOT_IN_SUCCESS = notInZeroJob(0);

/** e2e "container-level restart policy OnFailure" in a Never pod: exit 1 restarts the container. */
export const CONTAINER_ON_FAILURE_IN_NEVER_POD: TestPod = {
  id: 'e2e Container restart policy: container OnFailure in a Never pod, exit 1',
  kind: 'Job',
  spec: {
    restartPolicy: 'Never',
    containers: [app('main-container', { restartPolicy: 'OnFailure' })],
  },
  timing: { ...zero, defaultRunSeconds: 5, containers: [{ name: 'main-container', exitCode: 1 }] },
};

export const ALL_TEST_PODS: TestPod[] = [
  E2E_STARTUP_PROBE_PRESTOP,
  E2E_SIDECAR_STARTUP_PROBE_PRESTOP,
  STARTUP_PROBE_PRESTOP_ALWAYS,
  STARTUP_PROBE_THIRD_FAILURE,
  PROBE_GRACE_OVERRIDE,
  JOB_PROBE_KILL_NEVER,
  JOB_PROBE_KILL_NEVER_EXIT0,
  JOB_PROBE_KILL_ON_FAILURE,
  RULE_MATCH,
  RULE_MISMATCH,
  RULE_MATCH_GATE_OFF,
  CONTAINER_NEVER_IN_ON_FAILURE_POD,
  INIT_ON_FAILURE,
  INIT_ON_FAILURE_GATE_OFF,
  RESTART_ALL,
  RESTART_ALL_GATE_OFF,
  PROBE_KILL_CONTAINER_NEVER,
  JOB_SIDECAR_EXIT0,
  RULE_NOT_IN_FAILURE,
  RULE_NOT_IN_SUCCESS,
  CONTAINER_ON_FAILURE_IN_NEVER_POD,
];
