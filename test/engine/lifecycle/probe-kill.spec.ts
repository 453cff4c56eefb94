// Item 1 of issue 14: a failing startup probe kills the container as every kill does
// (pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer: the preStop hook runs first,
// the grace period is the probe's terminationGracePeriodSeconds or the pod's, at least 2 s between
// the stop signal and SIGKILL), and the kill comes at the failureThreshold-th consecutive failed
// probe (pkg/kubelet/prober/worker.go doProbe), not at the end of the whole budget.
import { computePodActions } from '../../../src/engine/lifecycle';
import {
  E2E_SIDECAR_STARTUP_PROBE_PRESTOP,
  E2E_STARTUP_PROBE_PRESTOP,
  PROBE_GRACE_OVERRIDE,
  STARTUP_PROBE_PRESTOP_ALWAYS,
  STARTUP_PROBE_THIRD_FAILURE,
} from './pods';
import { at, detail, simulate, zero } from './support';

describe('a failing startup probe kills the container with its preStop hook', () => {
  // test/e2e_node/container_lifecycle_test.go "should call the container's preStop hook and
  // terminate it if its startup probe fails": RunTogether(regular-1, preStop), Starts(preStop),
  // Exits(regular-1).
  it('e2e: the preStop hook runs at the kill, then SIGTERM, and the container exits', () => {
    const r = simulate(E2E_STARTUP_PROBE_PRESTOP);
    // initialDelaySeconds 10, failureThreshold 1: the first probe (10) fails and kills it.
    expect(at(r.startup, 'regular-1', 'PRESTOP_STARTED')).toEqual([10]);
    expect(at(r.startup, 'regular-1', 'PRESTOP_FINISHED')).toEqual([11]);
    // grace 30 - 1 s of hook = 29 s before SIGKILL; the app needs 15 s after SIGTERM.
    expect(at(r.startup, 'regular-1', 'SIGTERM_SENT')).toEqual([11]);
    expect(detail(r.startup, 'regular-1', 'SIGTERM_SENT')[0]).toMatch(/SIGKILL after 29 s/);
    expect(at(r.startup, 'regular-1', 'SIGKILL_SENT')).toEqual([]);
    expect(at(r.startup, 'regular-1', 'CONTAINER_EXITED')).toEqual([26]);
    // restartPolicy Never: it is not started again (the e2e waits for the pod to stop running).
    expect(at(r.startup, 'regular-1', 'CONTAINER_STARTED')).toEqual([0]);
    expect(detail(r.startup, 'regular-1', 'CONTAINER_EXITED')).toEqual([
      'exit 0: not restarted (restartPolicy Never)',
    ]);
  });

  // "... and not launch next container if the restartable init container's startup probe fails":
  // the sidecar's preStop runs at its kill, it is started again (a sidecar always is), regular-1
  // never starts.
  it('e2e: a sidecar killed for its startup probe runs its preStop, restarts, and gates the app forever', () => {
    const r = simulate(E2E_SIDECAR_STARTUP_PROBE_PRESTOP);
    expect(at(r.startup, 'restartable-init-1', 'PRESTOP_STARTED')[0]).toBe(5);
    expect(at(r.startup, 'restartable-init-1', 'SIGTERM_SENT')[0]).toBe(6);
    // Exits 0 at 21, back-off 10: started again at 31.
    expect(at(r.startup, 'restartable-init-1', 'CONTAINER_STARTED').slice(0, 2)).toEqual([0, 31]);
    expect(r.startup.filter((e) => e.container === 'regular-1')).toEqual([]);
    expect(r.podInitializedAtSeconds).toBeNull();
  });

  it('under restartPolicy Always every kill runs the hook again, then a back-off and a restart', () => {
    const r = simulate(STARTUP_PROBE_PRESTOP_ALWAYS);
    // Kill 10 (hook 10→11, exit 26), back-off 10 → 36; kill 46 (hook 46→47, exit 62), back-off 20 → 82.
    expect(at(r.startup, 'regular-1', 'PRESTOP_STARTED').slice(0, 2)).toEqual([10, 46]);
    expect(at(r.startup, 'regular-1', 'CONTAINER_STARTED').slice(0, 3)).toEqual([0, 36, 82]);
  });

  it('kills at the failureThreshold-th failed probe: probes at 0, 5, 10 kill at 10, not at the 15 s budget', () => {
    const r = simulate(STARTUP_PROBE_THIRD_FAILURE);
    expect(at(r.startup, 'web', 'SIGTERM_SENT')[0]).toBe(10);
    expect(r.worstCase.containers.find((c) => c.name === 'web')?.startupProbeBudgetSeconds).toBe(
      15,
    );
    // An app healthy by the third probe is started at that probe.
    const ok = simulate({
      ...STARTUP_PROBE_THIRD_FAILURE,
      id: 'healthy at the third probe',
      timing: { ...zero, containers: [{ name: 'web', startupProbeSucceedsAfterSeconds: 10 }] },
    });
    expect(at(ok.startup, 'web', 'STARTUP_PROBE_SUCCEEDED')).toEqual([10]);
    expect(at(ok.startup, 'web', 'SIGTERM_SENT')).toEqual([]);
  });

  it("uses the probe's terminationGracePeriodSeconds for the kill, charged with the preStop hook", () => {
    const r = simulate(PROBE_GRACE_OVERRIDE);
    // Probe grace 5 (not the pod's 60): hook 0→3, g = 2, SIGTERM 3, SIGKILL after max(2, 2) = 2 s.
    expect(at(r.startup, 'web', 'PRESTOP_STARTED')).toEqual([0]);
    expect(at(r.startup, 'web', 'SIGTERM_SENT')).toEqual([3]);
    expect(at(r.startup, 'web', 'SIGKILL_SENT')).toEqual([5]);
    expect(detail(r.startup, 'web', 'CONTAINER_EXITED')).toEqual([
      'exit 137: not restarted (restartPolicy Never)',
    ]);
    expect(at(r.startup, null, 'POD_TERMINATED')).toEqual([5]);
    expect(detail(r.startup, null, 'POD_TERMINATED')[0]).toMatch(/^phase Failed/);
  });

  // The liveness half of the same e2e ("... if its liveness probe fails"): the live-pod view's
  // computePodActions kills the container; under Never nothing is started again and, with no
  // container left to keep, the pod is killed (killPodWithSyncResult runs killContainer, preStop
  // included).
  it('live pod: a failed liveness probe under Never kills the container and the pod, starts nothing', () => {
    const spec = E2E_STARTUP_PROBE_PRESTOP.spec;
    const actions = computePodActions(
      { spec: { ...spec, containers: [{ name: 'regular-1', livenessProbe: {} }] } },
      {
        sandboxReady: true,
        containerStatuses: [{ name: 'regular-1', state: 'running' }],
        probeResults: { 'regular-1': { liveness: 'Failure' } },
      },
    );
    expect(actions.containersToKill).toEqual(['regular-1']);
    expect(actions.containersToStart).toEqual([]);
    expect(actions.killPod).toBe(true);
  });
});
