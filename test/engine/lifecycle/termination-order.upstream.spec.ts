// Kubernetes' termination-ordering tests and killContainer's grace arithmetic, as our data:
// - pkg/kubelet/kuberuntime/kuberuntime_termination_order_test.go @ 008b3652 (all three tests:
//   SidecarStopAfterMain, SidecarsInReverseOrder, ObeysGrace), simulated as the tests run them
//   (every container calls waitForTurn at t=0, sleeps, then reports itself terminated);
// - newTerminationOrdering's rules read from kuberuntime_termination_order.go: containers that are
//   not running are already "terminated"; regular init containers wait for nothing;
// - killContainer (kuberuntime_container.go, ~v1.29+): g = grace; preStop only when g > 0, charged
//   in whole seconds and never more than g; the wait for the turn only when g > 0, truncated;
//   StopContainer(max(g, minimumGracePeriodInSeconds = 2)).
import {
  killContainerGrace,
  MINIMUM_GRACE_PERIOD_SECONDS,
  simulateTerminationOrdering,
  terminationPrerequisites,
} from '../../../src/engine/lifecycle';
import type { PodSpec } from '../../../src/engine/k8s/types';

const threeSidecars: PodSpec = {
  initContainers: ['sc1', 'sc2', 'sc3'].map((name) => ({
    name,
    image: 'busybox',
    restartPolicy: 'Always',
  })),
  containers: [{ name: 'main', image: 'busybox' }],
};
const every = (names: string[], v: number): Record<string, number> =>
  Object.fromEntries(names.map((n) => [n, v]));
const all = ['sc1', 'sc2', 'sc3', 'main'];

describe('kuberuntime_termination_order_test.go', () => {
  it('TestTerminationOrderingSidecarStopAfterMain: the sidecar waits 1 s for main, main waits 0 (grace 0)', () => {
    const spec: PodSpec = {
      initContainers: [{ name: 'init', image: 'busybox', restartPolicy: 'Always' }],
      containers: [{ name: 'main', image: 'busybox' }],
    };
    const r = simulateTerminationOrdering({
      pod: { spec },
      runningContainers: ['init', 'main'],
      gracePeriodPassedToWaitForTurn: { init: 30, main: 0 },
      simulatedExitAfterTurnSeconds: { init: 0, main: 1 },
    });
    expect(r.waitSeconds).toEqual({ init: 1, main: 0 });
  });

  it('TestTerminationOrderingSidecarsInReverseOrder: 3, 2, 1, 0', () => {
    const r = simulateTerminationOrdering({
      pod: { spec: threeSidecars },
      runningContainers: all,
      gracePeriodPassedToWaitForTurn: every(all, 30),
      simulatedExitAfterTurnSeconds: every(all, 1.25),
    });
    expect(r.waitSeconds).toEqual({ sc1: 3, sc2: 2, sc3: 1, main: 0 });
    expect(r.order).toEqual(['main', 'sc3', 'sc2', 'sc1']);
  });

  it('TestTerminationOrderingObeysGrace: a 2 s grace caps every wait', () => {
    const r = simulateTerminationOrdering({
      pod: { spec: threeSidecars },
      runningContainers: all,
      gracePeriodPassedToWaitForTurn: every(all, 2),
      simulatedExitAfterTurnSeconds: every(all, 1),
    });
    expect(r.waitSeconds).toEqual({ sc1: 2, sc2: 2, sc3: 1, main: 0 });
  });
});

describe('newTerminationOrdering rules', () => {
  it('a sidecar waits for every app container and for the next sidecar declared after it', () => {
    const p = terminationPrerequisites(threeSidecars, all);
    expect(p.get('main')).toEqual([]);
    expect(p.get('sc3')).toEqual(['main']);
    expect(p.get('sc2')).toEqual(['main', 'sc3']);
    expect(p.get('sc1')).toEqual(['main', 'sc2']);
  });

  it('containers that are not running count as already exited', () => {
    const r = simulateTerminationOrdering({
      pod: { spec: threeSidecars },
      runningContainers: ['sc1', 'main'],
      gracePeriodPassedToWaitForTurn: every(all, 30),
      simulatedExitAfterTurnSeconds: every(all, 1.25),
    });
    expect(r.waitSeconds).toEqual({ sc1: 1, main: 0 });
  });

  it('a regular init container between sidecars waits for nothing and is not waited for', () => {
    const spec: PodSpec = {
      initContainers: [
        { name: 'sc1', restartPolicy: 'Always' },
        { name: 'reg' },
        { name: 'sc2', restartPolicy: 'Always' },
      ],
      containers: [{ name: 'main' }],
    };
    const names = ['sc1', 'reg', 'sc2', 'main'];
    const r = simulateTerminationOrdering({
      pod: { spec },
      runningContainers: names,
      gracePeriodPassedToWaitForTurn: every(names, 30),
      simulatedExitAfterTurnSeconds: { sc1: 1.25, reg: 5, sc2: 1.25, main: 1.25 },
    });
    expect(r.waitSeconds).toEqual({ sc1: 2, reg: 0, sc2: 1, main: 0 });
  });

  it('two app containers: a sidecar waits for the slower one', () => {
    const spec: PodSpec = {
      initContainers: [{ name: 'sc', restartPolicy: 'Always' }],
      containers: [{ name: 'a' }, { name: 'b' }],
    };
    const r = simulateTerminationOrdering({
      pod: { spec },
      runningContainers: ['sc', 'a', 'b'],
      gracePeriodPassedToWaitForTurn: { sc: 30, a: 30, b: 30 },
      simulatedExitAfterTurnSeconds: { sc: 0, a: 2.5, b: 7.9 },
    });
    expect(r.waitSeconds).toEqual({ sc: 7, a: 0, b: 0 });
  });
});

describe('killContainer grace arithmetic', () => {
  it.each([
    // [grace, preStop seconds (null: none), wait for the turn (null: no ordering), StopContainer timeout]
    [30, 10, null, 20], // app container, preStop 10 s
    [30, 45, null, 2], // preStop hangs: abandoned at the grace, then the 2 s minimum
    [30, null, 29.5, 2], // a sidecar that waited 29.5 s: 30 - 29 = 1, raised to 2
    [30, 5, 20, 5], // sidecar: preStop 5 s, then 20 s for the app containers
    [30, 10.9, 12.7, 8], // each step is charged in whole seconds, rounded down
    [30, 0.4, 0.9, 30], // sub-second steps cost nothing
    [0, 10, 10, 2], // grace 0: no preStop, no wait, the 2 s minimum
    [1, null, 5, 2], // the wait never exceeds what is left of the grace
    [3, 3, 5, 2], // preStop uses the whole grace: no wait, the minimum
    [10, null, null, 10], // nothing to run or wait for
  ] as const)(
    'grace %p, preStop %p, wait %p -> StopContainer(%p)',
    (grace, preStop, wait, timeout) => {
      const r = killContainerGrace({
        gracePeriodSeconds: grace,
        preStopDurationSeconds: preStop,
        waitForTurnSeconds: wait,
      });
      expect(r.stopContainerTimeoutSeconds).toBe(timeout);
      expect(r.stopContainerTimeoutSeconds).toBeGreaterThanOrEqual(MINIMUM_GRACE_PERIOD_SECONDS);
    },
  );
});
