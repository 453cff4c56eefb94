// The lifecycle simulation on hand-built pods: each expectation is worked out from the kubelet's
// rules (docs/kubernetes-behaviour.md: Start-up, Readiness, Termination) with the timing given in the test.
import { classifyContainers } from '../../../src/engine/classification';
import { analyzeManifest } from '../../../src/engine/analyze';
import type { Container, ObjectMeta, PodSpec, PodStatus } from '../../../src/engine/k8s/types';
import { featureGatesFor, versionOf } from '../../../src/engine/k8s/version';
import {
  simulateLifecycle,
  stopsHelpersItself,
  validateTimingInput,
} from '../../../src/engine/lifecycle';
import type { LifecycleReport, TimelineEvent, TimingInput } from '../../../src/engine/lifecycle';
import type { WorkloadKind } from '../../../src/engine/workload';
import { workload } from './support';

function simulate(
  spec: PodSpec,
  timing?: TimingInput,
  opts: { kind?: WorkloadKind; minor?: number; status?: PodStatus; meta?: ObjectMeta } = {},
): LifecycleReport {
  const version = versionOf(opts.minor ?? 37);
  const ctx = {
    workload: workload(spec, opts.kind ?? 'Pod', opts.status ?? null, opts.meta ?? {}),
    version,
    gates: featureGatesFor(version),
  };
  return simulateLifecycle(ctx, classifyContainers(ctx), timing);
}

const at = (
  events: TimelineEvent[],
  container: string | null,
  type: TimelineEvent['type'],
): number[] =>
  events.filter((e) => e.container === container && e.type === type).map((e) => e.atSeconds);

const sidecar = (name: string, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'busybox',
  restartPolicy: 'Always',
  ...extra,
});
const app = (name: string, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'busybox',
  ...extra,
});
const zero: TimingInput = {
  defaultStartSeconds: 0,
  defaultRunSeconds: 0,
  defaultShutdownSeconds: 1,
};

describe('start-up', () => {
  it('runs regular init containers one after another, each after the previous exited 0', () => {
    const r = simulate(
      { initContainers: [app('a'), app('b')], containers: [app('main')] },
      { defaultStartSeconds: 1, defaultRunSeconds: 4 },
    );
    expect(at(r.startup, 'a', 'CONTAINER_EXITED')).toEqual([5]);
    expect(at(r.startup, 'b', 'CONTAINER_STARTED')).toEqual([6]);
    expect(at(r.startup, 'b', 'CONTAINER_EXITED')).toEqual([10]);
    expect(r.podInitializedAtSeconds).toBe(10);
    expect(at(r.startup, 'main', 'CONTAINER_STARTED')).toEqual([11]);
  });

  it('starts the next init container only when a sidecar is started: postStart sleep done', () => {
    const r = simulate(
      {
        initContainers: [
          sidecar('proxy', { lifecycle: { postStart: { sleep: { seconds: 3 } } } }),
          app('migrate'),
        ],
        containers: [app('main')],
      },
      { defaultStartSeconds: 1, defaultRunSeconds: 2 },
    );
    // proxy runs at 1, its postStart sleeps until 4; migrate is started at 4, runs at 5, exits at 7.
    expect(at(r.startup, 'migrate', 'CONTAINER_STARTED')).toEqual([5]);
    expect(r.podInitializedAtSeconds).toBe(7);
    expect(r.assumptions.containers.find((c) => c.name === 'proxy')?.postStartSource).toBe('SPEC');
  });

  it('reads a postStart exec that only sleeps', () => {
    const r = simulate(
      {
        initContainers: [
          sidecar('proxy', {
            lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 7'] } } },
          }),
        ],
        containers: [app('main')],
      },
      zero,
    );
    expect(r.podInitializedAtSeconds).toBe(7);
  });

  it('waits for the startup probe: success is seen at the first probe at or after the app is healthy', () => {
    const r = simulate(
      {
        initContainers: [
          sidecar('proxy', {
            startupProbe: { initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 },
          }),
        ],
        containers: [app('main')],
      },
      { ...zero, containers: [{ name: 'proxy', startupProbeSucceedsAfterSeconds: 7 }] },
    );
    // Probes at 5 (not yet healthy) and 15.
    expect(at(r.startup, 'proxy', 'STARTUP_PROBE_SUCCEEDED')).toEqual([15]);
    expect(r.podInitializedAtSeconds).toBe(15);
  });

  it('does not gate on liveness', () => {
    const r = simulate(
      {
        initContainers: [
          sidecar('proxy', { livenessProbe: { periodSeconds: 10, initialDelaySeconds: 30 } }),
        ],
        containers: [app('main')],
      },
      { ...zero, defaultStartSeconds: 1 },
    );
    expect(r.podInitializedAtSeconds).toBe(1);
  });

  it('needs successThreshold consecutive readiness successes, and none before the startup probe passed', () => {
    const r = simulate(
      {
        containers: [
          app('main', {
            startupProbe: { periodSeconds: 10, failureThreshold: 5 },
            readinessProbe: { periodSeconds: 3, successThreshold: 2 },
          }),
        ],
      },
      { ...zero, containers: [{ name: 'main', startupProbeSucceedsAfterSeconds: 12 }] },
    );
    // Startup probes at 0, 10, 20 → started at 20. Readiness probes every 3 s from 0; the first
    // at or after 20 is 21, the second success 24.
    expect(at(r.startup, 'main', 'STARTUP_PROBE_SUCCEEDED')).toEqual([20]);
    expect(at(r.startup, 'main', 'CONTAINER_READY')).toEqual([24]);
    expect(r.podReadyAtSeconds).toBe(24);
  });

  it('counts sidecar readiness in pod readiness', () => {
    const r = simulate(
      {
        initContainers: [sidecar('proxy', { readinessProbe: { initialDelaySeconds: 30 } })],
        containers: [app('main')],
      },
      zero,
    );
    expect(at(r.startup, 'main', 'CONTAINER_READY')).toEqual([0]);
    expect(r.podReadyAtSeconds).toBe(30);
  });

  it('starts all app containers together, except that a postStart hook holds the ones after it', () => {
    const r = simulate(
      {
        containers: [
          app('proxy', { lifecycle: { postStart: { sleep: { seconds: 4 } } } }),
          app('a'),
          app('b'),
        ],
      },
      { defaultStartSeconds: 1 },
    );
    expect(at(r.startup, 'proxy', 'CONTAINER_STARTED')).toEqual([1]);
    expect(at(r.startup, 'a', 'CONTAINER_STARTED')).toEqual([6]);
    expect(at(r.startup, 'b', 'CONTAINER_STARTED')).toEqual([6]);
  });

  it('keeps events sorted by time', () => {
    const r = simulate(
      {
        initContainers: [sidecar('s1', { readinessProbe: { periodSeconds: 7 } }), sidecar('s2')],
        containers: [app('a'), app('b')],
      },
      { defaultStartSeconds: 1 },
    );
    const times = r.startup.map((e) => e.atSeconds);
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });
});

describe('worst case and the startup-probe budget', () => {
  const spec: PodSpec = {
    initContainers: [sidecar('proxy', { startupProbe: { periodSeconds: 10 } })],
    containers: [app('main')],
  };

  it('reports the latest started time within the budget (initialDelay + failureThreshold × period)', () => {
    const r = simulate(spec, { ...zero, defaultStartSeconds: 1 });
    const proxy = r.worstCase.containers.find((c) => c.name === 'proxy');
    expect(proxy?.startupProbeBudgetSeconds).toBe(30);
    expect(proxy?.latestStartedAtSeconds).toBe(31);
    expect(r.worstCase.podInitializedAtSeconds).toBe(31);
    expect(r.worstCase.podReadyAtSeconds).toBe(32);
  });

  it('shows the restart in CrashLoopBackOff when the app needs longer than the budget', () => {
    const r = simulate(spec, {
      ...zero,
      containers: [{ name: 'proxy', startupProbeSucceedsAfterSeconds: 45 }],
    });
    expect(r.podInitializedAtSeconds).toBeNull();
    expect(r.podReadyAtSeconds).toBeNull();
    // Probes at 0, 10, 20 fail: the third failure (failureThreshold 3) kills it at 20
    // (pkg/kubelet/prober/worker.go), not at the end of the 30 s budget. Exits 21, back-off 10 →
    // restarted at 31; killed at 51, exits 52, back-off 20 → 72, and so on.
    expect(at(r.startup, 'proxy', 'SIGTERM_SENT').slice(0, 2)).toEqual([20, 51]);
    expect(at(r.startup, 'proxy', 'CONTAINER_STARTED').slice(0, 3)).toEqual([0, 31, 72]);
    expect(r.warnings.map((w) => w.code)).toContain('STARTUP_PROBE_BUDGET_EXCEEDED');
    expect(r.warnings.find((w) => w.code === 'STARTUP_PROBE_BUDGET_EXCEEDED')?.container).toBe(
      'proxy',
    );
    expect(r.startup.some((e) => e.container === 'main')).toBe(false);
  });

  it('uses the Kubernetes default for a probe field that makes no sense, and says so', () => {
    const r = simulate(
      { containers: [app('main', { readinessProbe: { periodSeconds: 0 } })] },
      zero,
    );
    expect(r.notes.join('\n')).toMatch(/periodSeconds 0 .*default 10/);
    expect(at(r.startup, 'main', 'CONTAINER_READY')).toEqual([10]);
  });
});

describe('termination', () => {
  it('starts every preStop at once, SIGTERMs app containers first and sidecars in reverse order', () => {
    const r = simulate(
      {
        initContainers: [
          sidecar('sc1', { lifecycle: { preStop: { sleep: { seconds: 5 } } } }),
          sidecar('sc2'),
          sidecar('sc3'),
        ],
        containers: [app('main', { lifecycle: { preStop: { sleep: { seconds: 2 } } } })],
      },
      zero,
    );
    expect(at(r.termination, 'sc1', 'PRESTOP_STARTED')).toEqual([0]);
    expect(at(r.termination, 'main', 'PRESTOP_STARTED')).toEqual([0]);
    const order = r.termination
      .filter((e) => e.type === 'SIGTERM_SENT')
      .map((e) => [e.container, e.atSeconds]);
    // main after its preStop (2), exits 3; sc3 at 3, exits 4; sc2 at 4, exits 5; sc1's preStop ends
    // at 5 and sc2 exited at 5: SIGTERM at 5, exit 6.
    expect(order).toEqual([
      ['main', 2],
      ['sc3', 3],
      ['sc2', 4],
      ['sc1', 5],
    ]);
    expect(r.terminationCompletesAtSeconds).toBe(6);
  });

  it('shares one grace budget: SIGKILL where it runs out, and at least 2 s after each SIGTERM', () => {
    const r = simulate(
      {
        terminationGracePeriodSeconds: 10,
        initContainers: [sidecar('proxy')],
        containers: [app('main')],
      },
      {
        ...zero,
        containers: [
          { name: 'main', shutdownSeconds: 20 },
          { name: 'proxy', shutdownSeconds: 5 },
        ],
      },
    );
    expect(at(r.termination, 'main', 'SIGKILL_SENT')).toEqual([10]);
    // The proxy waited the whole budget for main: SIGTERM at 10 with the 2 s minimum, SIGKILL at 12.
    expect(at(r.termination, 'proxy', 'SIGTERM_SENT')).toEqual([10]);
    expect(at(r.termination, 'proxy', 'SIGKILL_SENT')).toEqual([12]);
    expect(r.terminationCompletesAtSeconds).toBe(12);
    const exits = r.termination.filter((e) => e.type === 'CONTAINER_EXITED');
    expect(exits.find((e) => e.container === 'main')?.detail).toMatch(/^exit 137/);
    expect(exits.find((e) => e.container === 'proxy')?.detail).toMatch(/^exit 137 \(expected/);
    expect(r.warnings.map((w) => w.code)).toContain('TERMINATION_SIGKILL');
  });

  it('abandons a preStop hook at the end of the grace period', () => {
    const r = simulate(
      {
        terminationGracePeriodSeconds: 10,
        containers: [app('main', { lifecycle: { preStop: { sleep: { seconds: 15 } } } })],
      },
      zero,
    );
    expect(at(r.termination, 'main', 'PRESTOP_FINISHED')).toEqual([10]);
    expect(at(r.termination, 'main', 'SIGTERM_SENT')).toEqual([10]);
    expect(r.termination.find((e) => e.type === 'SIGTERM_SENT')?.detail).toMatch(
      /SIGKILL after 2 s/,
    );
    expect(r.terminationCompletesAtSeconds).toBe(11);
  });

  it('charges the grace in whole seconds, as the kubelet rounds', () => {
    const r = simulate(
      {
        terminationGracePeriodSeconds: 10,
        initContainers: [sidecar('proxy', { lifecycle: { preStop: { sleep: { seconds: 1.5 } } } })],
        containers: [app('main')],
      },
      { ...zero, containers: [{ name: 'main', shutdownSeconds: 3.7 }] },
    );
    // preStop 1.5 s charged 1 → g 9; waits 1.5→3.7 (2.2 s, charged 2) → g 7.
    expect(at(r.termination, 'proxy', 'SIGTERM_SENT')).toEqual([3.7]);
    expect(
      r.termination.find((e) => e.container === 'proxy' && e.type === 'SIGTERM_SENT')?.detail,
    ).toMatch(/SIGKILL after 7 s/);
  });

  it('uses metadata.deletionGracePeriodSeconds of a Pod over the spec', () => {
    const r = simulate({ terminationGracePeriodSeconds: 60, containers: [app('main')] }, zero, {
      meta: { deletionGracePeriodSeconds: 5 },
    });
    expect(r.terminationGracePeriodSeconds).toBe(5);
    expect(r.assumptions.terminationGracePeriodSource).toBe('DELETION_GRACE_PERIOD');
  });
});

describe('Jobs', () => {
  const job = (spec: PodSpec, timing?: TimingInput): LifecycleReport =>
    simulate({ restartPolicy: 'Never', ...spec }, timing, { kind: 'Job' });

  it('completes once the app exits: the native sidecar is stopped and the pod Succeeds', () => {
    const r = job(
      { initContainers: [sidecar('proxy')], containers: [app('work')] },
      { defaultStartSeconds: 0, defaultRunSeconds: 10, defaultShutdownSeconds: 1 },
    );
    expect(at(r.job?.events ?? [], 'proxy', 'SIGTERM_SENT')).toEqual([10]);
    expect(r.job?.phase).toBe('Succeeded');
    expect(r.jobCompletesAtSeconds).toBe(11);
  });

  it('never completes with a legacy sidecar in containers', () => {
    const r = job({
      containers: [
        app('work'),
        app('cloud-sql-proxy', { image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1' }),
      ],
    });
    expect(r.job?.neverCompletes).toBe(true);
    expect(r.jobCompletesAtSeconds).toBeNull();
    expect(r.job?.reason).toMatch(/cloud-sql-proxy/);
    expect(r.warnings.map((w) => w.code)).toEqual(['LEGACY_SIDECAR_BLOCKS_JOB_COMPLETION']);
  });

  it('completes when the app stops the legacy sidecar itself (/quitquitquit)', () => {
    const r = job(
      {
        containers: [
          app('work', {
            command: ['sh', '-c', 'run-batch && curl -X POST localhost:9091/quitquitquit'],
          }),
          app('cloud-sql-proxy', { image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1' }),
        ],
      },
      { defaultStartSeconds: 0, defaultRunSeconds: 10, defaultShutdownSeconds: 1 },
    );
    expect(r.job?.stoppedByApp).toEqual(['cloud-sql-proxy']);
    expect(r.job?.phase).toBe('Succeeded');
    expect(r.jobCompletesAtSeconds).toBe(11);
  });

  it('fails under Never when the app exits non-zero, and keeps restarting under OnFailure', () => {
    const failing: TimingInput = {
      ...zero,
      containers: [{ name: 'work', exitCode: 2, runSeconds: 5 }],
    };
    const never = job({ initContainers: [sidecar('proxy')], containers: [app('work')] }, failing);
    expect(never.job?.phase).toBe('Failed');
    expect(never.jobCompletesAtSeconds).toBe(6);
    const onFailure = job({ restartPolicy: 'OnFailure', containers: [app('work')] }, failing);
    expect(onFailure.job?.neverCompletes).toBe(true);
    expect(at(onFailure.job?.events ?? [], 'work', 'CONTAINER_STARTED')).toEqual([15, 40, 85]);
  });

  it('fails the pod when a regular init container fails under Never, stopping the sidecars already running', () => {
    const r = job(
      { initContainers: [sidecar('proxy'), app('migrate')], containers: [app('work')] },
      { ...zero, containers: [{ name: 'migrate', exitCode: 1, runSeconds: 3 }] },
    );
    expect(r.podInitializedAtSeconds).toBeNull();
    expect(at(r.startup, 'proxy', 'SIGTERM_SENT')).toEqual([3]);
    expect(at(r.startup, null, 'POD_TERMINATED')).toEqual([4]);
    expect(r.job?.phase).toBe('Failed');
    expect(r.warnings.map((w) => w.code)).toContain('INIT_CONTAINER_FAILS');
  });

  it('retries a failing regular init container under OnFailure', () => {
    const r = job(
      { restartPolicy: 'OnFailure', initContainers: [app('migrate')], containers: [app('work')] },
      { ...zero, containers: [{ name: 'migrate', exitCode: 1, runSeconds: 3 }] },
    );
    expect(at(r.startup, 'migrate', 'CONTAINER_STARTED')).toEqual([0, 13, 36, 79]);
    expect(r.job?.neverCompletes).toBe(true);
  });
});

describe('version awareness', () => {
  it('on 1.28 a sidecar is a regular init container that never exits: initialisation hangs', () => {
    const spec: PodSpec = { initContainers: [sidecar('proxy')], containers: [app('main')] };
    const r = simulate(spec, zero, { minor: 28 });
    expect(r.sidecarsHonoured).toBe(false);
    expect(r.podInitializedAtSeconds).toBeNull();
    expect(r.startup.some((e) => e.container === 'main')).toBe(false);
    expect(r.warnings.map((w) => w.code)).toEqual([
      'SIDECAR_DROPPED_BY_VERSION',
      'INITIALIZATION_HANGS',
    ]);
    expect(simulate(spec, zero, { minor: 29 }).podInitializedAtSeconds).toBe(0);
  });
});

describe('live pod', () => {
  const spec: PodSpec = {
    restartPolicy: 'Always',
    initContainers: [sidecar('proxy', { startupProbe: { periodSeconds: 1 } })],
    containers: [app('main')],
  };

  it('says initialisation waits on a running sidecar whose startup probe has not passed', () => {
    const r = simulate(spec, undefined, {
      status: {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'proxy', started: false, state: { running: {} } }],
      },
    });
    expect(r.livePod?.waitingOn).toBe('proxy');
    expect(r.livePod?.waitingReason).toMatch(/startup probe/);
    expect(r.livePod?.phase).toBe('Pending');
    expect(r.livePod?.actions.containersToStart).toEqual([]);
  });

  it('starts the app containers once the sidecar is started', () => {
    const r = simulate(spec, undefined, {
      status: { initContainerStatuses: [{ name: 'proxy', started: true, state: { running: {} } }] },
    });
    expect(r.livePod?.initialized).toBe(true);
    expect(r.livePod?.actions.containersToStart).toEqual([0]);
    expect(r.livePod?.nextSteps.join(' ')).toMatch(/start main/);
  });

  it('reports Failed and a pod kill for a failed init container under Never', () => {
    const r = simulate(
      { restartPolicy: 'Never', initContainers: [app('migrate')], containers: [app('main')] },
      undefined,
      {
        status: {
          initContainerStatuses: [
            { name: 'migrate', state: { terminated: { exitCode: 1, reason: 'Error' } } },
          ],
        },
      },
    );
    expect(r.livePod?.phase).toBe('Failed');
    expect(r.livePod?.actions.killPod).toBe(true);
  });

  it('ignores an empty status', () => {
    expect(simulate(spec, undefined, { status: {} }).livePod).toBeNull();
  });
});

describe('timing input', () => {
  it('names the field of a negative duration and of an unknown container', () => {
    const issues = validateTimingInput(
      {
        defaultRunSeconds: -1,
        containers: [{ name: 'a' }, { name: 'b', shutdownSeconds: -2 }, { name: 'nope' }],
      },
      ['a', 'b'],
    );
    expect(issues.map((i) => i.field)).toEqual([
      'timing.defaultRunSeconds',
      'timing.containers[1].shutdownSeconds',
      'timing.containers[2].name',
    ]);
  });

  it('refuses a duration beyond 2^53 s, which would overflow the timeline to Infinity', () => {
    expect(
      validateTimingInput(
        { defaultRunSeconds: 1e308, containers: [{ name: 'a', preStopSeconds: 1e16 }] },
        ['a'],
      ),
    ).toEqual([
      {
        field: 'timing.defaultRunSeconds',
        message: 'timing.defaultRunSeconds must be at most 9007199254740991 seconds (got 1e+308)',
      },
      {
        field: 'timing.containers[0].preStopSeconds',
        message:
          'timing.containers[0].preStopSeconds must be at most 9007199254740991 seconds (got 10000000000000000)',
      },
    ]);
  });

  it('keeps every time finite with the largest durations the spec and the timing allow', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const manifest =
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n' +
      `      restartPolicy: Never\n      terminationGracePeriodSeconds: ${max}\n      initContainers:\n` +
      '      - {name: i, image: x}\n' +
      '      - {name: s, image: x, restartPolicy: Always, startupProbe: {exec: {command: [x]}, periodSeconds: 2147483647, failureThreshold: 2147483647, initialDelaySeconds: 2147483647}, ' +
      `lifecycle: {preStop: {sleep: {seconds: ${max}}}, postStart: {sleep: {seconds: ${max}}}}}\n` +
      '      containers:\n      - {name: a, image: b, readinessProbe: {exec: {command: [x]}, periodSeconds: 2147483647}}\n';
    const result = analyzeManifest(manifest, {
      timing: {
        defaultStartSeconds: max,
        defaultRunSeconds: max,
        defaultShutdownSeconds: max,
        containers: ['i', 's', 'a'].map((name) => ({
          name,
          startupProbeSucceedsAfterSeconds: max,
          readinessProbeSucceedsAfterSeconds: max,
        })),
      },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lifecycle = result.report.workloads[0]!.lifecycle;
    const numbers: number[] = [];
    JSON.stringify(lifecycle, (_key, value: unknown) => {
      if (typeof value === 'number') numbers.push(value);
      return value;
    });
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.filter((n) => !Number.isFinite(n))).toEqual([]);
    expect(lifecycle.svg.length).toBeLessThan(100_000);
  });

  it('accepts valid input', () => {
    expect(
      validateTimingInput(
        { defaultStartSeconds: 0, containers: [{ name: 'a', startSeconds: 2.5 }] },
        ['a'],
      ),
    ).toEqual([]);
  });

  it('makes analyzeManifest return option issues for invalid timing', () => {
    const manifest =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: busybox\n';
    const bad = analyzeManifest(manifest, { timing: { containers: [{ name: 'missing' }] } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issues[0]?.field).toBe('timing.containers[0].name');
    }
    const good = analyzeManifest(manifest, { timing: { defaultStartSeconds: 2 } });
    expect(good.ok && good.report.workloads[0]?.lifecycle.podReadyAtSeconds).toBe(2);
  });

  it('echoes the assumptions used', () => {
    const r = simulate({
      containers: [app('main', { lifecycle: { preStop: { httpGet: { path: '/q', port: 80 } } } })],
    });
    const main = r.assumptions.containers[0];
    expect(r.assumptions.defaultStartSeconds).toBe(1);
    expect(main?.preStopSource).toBe('DEFAULT');
    expect(main?.preStopSeconds).toBe(1);
  });
});

describe('legacy sidecars in a Job (the same classification as the findings)', () => {
  const job = (helper: Container): LifecycleReport =>
    simulate(
      { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }, helper] },
      undefined,
      { kind: 'Job' },
    );

  it.each([
    ['istio-proxy', 'docker.io/istio/proxyv2:1.22.0'],
    ['cloud-sql-proxy', 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1'],
    ['linkerd-proxy', 'cr.l5d.io/linkerd/proxy:stable-2.14.10'],
    ['fluent-bit', 'fluent/fluent-bit:3.0'],
    ['proxy', 'caddy:2'], // an unknown image named like a helper
  ])('%s beside the app keeps the Job from completing', (name, image) => {
    const r = job({ name, image });
    expect(r.job?.neverCompletes).toBe(true);
    expect(r.job?.legacySidecars).toEqual([name]);
    expect(r.jobCompletesAtSeconds).toBeNull();
  });

  it.each([
    ['hotel-api', 'example/hotel:1'],
    ['web', 'nginx:1.27'],
  ])('%s is a second app container: the Job completes when both exit', (name, image) => {
    const r = job({ name, image });
    expect(r.job?.neverCompletes).toBe(false);
    expect(r.job?.phase).toBe('Succeeded');
  });

  it('from 1.35 a regular container with restartPolicy Always restarts on every exit: the Job never completes', () => {
    const spec: PodSpec = {
      restartPolicy: 'Never',
      containers: [
        { name: 'pi', image: 'perl' },
        { name: 'tail', image: 'busybox', restartPolicy: 'Always' },
      ],
    };
    expect(simulate(spec, undefined, { kind: 'Job', minor: 35 }).job?.neverCompletes).toBe(true);
  });

  it('sees an app that calls /quitquitquit', () => {
    expect(
      stopsHelpersItself({
        command: ['sh', '-c', 'job; curl -X POST http://localhost:15020/quitquitquit'],
      }),
    ).toBe(true);
    expect(stopsHelpersItself({ command: ['perl', '-e', 'print 1'] })).toBe(false);
  });
});

describe('pictures and scale', () => {
  it('renders Mermaid gantt text and a standalone SVG', () => {
    const r = simulate({ initContainers: [sidecar('proxy')], containers: [app('main')] });
    expect(r.mermaid).toMatch(/^gantt\n/);
    expect(r.mermaid).toContain('section proxy (sidecar)');
    expect(r.mermaidTermination).toContain('SIGTERM');
    expect(r.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(r.svg).not.toMatch(/<script|href=|@import|url\(/);
  });

  it('keeps the time axis readable for a grace period of decades (14 steps at most)', () => {
    // A 30-year grace period and preStop sleep are valid int64 seconds; the picture must not
    // draw one tick per 2 h (millions of lines, hundreds of MB) but a handful.
    const seconds = 1_000_000_000;
    const r = simulate({
      terminationGracePeriodSeconds: seconds,
      containers: [app('main', { lifecycle: { preStop: { sleep: { seconds } } } })],
    });
    const axisLabels = r.svg.match(/text-anchor="middle"[^>]*>[\d.e+]+s<\/text>/g) ?? [];
    expect(axisLabels.length).toBeGreaterThan(0);
    // Two charts (start-up, termination), each with 0 plus at most 14 steps.
    expect(axisLabels.length).toBeLessThanOrEqual(2 * 15);
    expect(r.svg.length).toBeLessThan(100_000);
  });

  it('simulates a pod with 500 containers (timing: npm run bench)', () => {
    const spec: PodSpec = {
      initContainers: Array.from({ length: 250 }, (_, i) =>
        sidecar(`s${i}`, { readinessProbe: {}, lifecycle: { preStop: { sleep: { seconds: 1 } } } }),
      ),
      containers: Array.from({ length: 250 }, (_, i) => app(`a${i}`)),
    };
    const r = simulate(spec);
    expect(r.podInitializedAtSeconds).toBe(250); // each sidecar starts 1 s after the previous one is started
    expect(r.termination.filter((e) => e.type === 'SIGTERM_SENT')).toHaveLength(500);
  });
});
