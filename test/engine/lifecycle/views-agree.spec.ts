// Issue 14, "Done when": the start-up, Job and live-pod views agree on every test pod. For each
// exit a simulated timeline shows, the live-pod view (readLivePod / computePodActions, the
// kubelet's own decision from kuberuntime_manager.go) is given the pod at that moment and must
// take the same restart decision; and the pod's end state, given to the live view, must give the
// same phase (getPhase, kubelet_pods.go) as the timeline's.
import type { ContainerStatus, PodStatus } from '../../../src/engine/k8s/types';
import { computePodActions, readLivePod } from '../../../src/engine/lifecycle';
import type { LifecycleStages } from '../../../src/engine/lifecycle/simulate-lifecycle';
import type { SimulatedExit } from '../../../src/engine/lifecycle/startup';
import { ALL_TEST_PODS } from './pods';
import type { TestPod } from './support';
import { contextOf, stagesOf } from './support';

const term = (name: string, exitCode: number): ContainerStatus => ({
  name,
  state: { terminated: { exitCode } },
});
const up = (name: string): ContainerStatus => ({
  name,
  state: { running: {} },
  started: true,
  ready: true,
});

/** The pod's status just after `exit`: the containers before it done or running, it exited. */
function statusAtExit(s: LifecycleStages, exit: SimulatedExit): PodStatus {
  const init: ContainerStatus[] = [];
  const apps: ContainerStatus[] = [];
  for (const c of s.plan.planned) {
    const run = s.startup.sim.runs.get(c.name);
    if (run === undefined) continue;
    const list = c.role === 'APP' ? apps : init;
    if (c.name === exit.container) {
      list.push(term(c.name, exit.exitCode));
    } else if (c.role === 'INIT') {
      list.push(term(c.name, 0));
    } else {
      list.push(up(c.name));
    }
  }
  return { phase: 'Running', initContainerStatuses: init, containerStatuses: apps };
}

/** The pod's status at the end the timelines show. */
function finalStatus(s: LifecycleStages): PodStatus {
  const last = new Map<string, SimulatedExit>();
  for (const e of s.exits) last.set(e.container, e);
  const init: ContainerStatus[] = [];
  const apps: ContainerStatus[] = [];
  const jobDone = s.job !== null && !s.job.job.neverCompletes;
  for (const c of s.plan.planned) {
    const run = s.startup.sim.runs.get(c.name);
    if (run === undefined) continue;
    const list = c.role === 'APP' ? apps : init;
    const e = last.get(c.name);
    if (e !== undefined && e.restarted && !e.restartAll) {
      list.push({
        name: c.name,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: e.exitCode } },
      });
    } else if (e !== undefined && !e.restartAll) {
      list.push(term(c.name, e.exitCode));
    } else if (c.role === 'INIT' && run.exitedAt !== null) {
      list.push(term(c.name, 0));
    } else if (c.role === 'SIDECAR' && (jobDone || s.end.endedAt !== null)) {
      list.push(term(c.name, c.assumptions.sigtermExitCode));
    } else {
      list.push(up(c.name));
    }
  }
  return { phase: 'Running', initContainerStatuses: init, containerStatuses: apps };
}

function expectedPhase(s: LifecycleStages): string {
  if (s.job !== null) return s.job.job.phase;
  if (s.end.phase !== null) return s.end.phase;
  return s.startup.result.podInitializedAt !== null ? 'Running' : 'Pending';
}

describe.each(ALL_TEST_PODS.map((p) => [p.id, p] as const))('%s', (_id, pod: TestPod) => {
  const s = stagesOf(pod);
  const ctx = contextOf(pod);
  // The manifest's spec with the restartPolicy the simulation used; the live view applies the
  // version's gates itself.
  const spec = { ...pod.spec, restartPolicy: s.plan.restartPolicy };
  const live = (status: PodStatus) => {
    const v = readLivePod(spec, status, ctx.gates.SidecarContainers, { gates: ctx.gates });
    if (v === null) throw new Error('no live view');
    return v;
  };

  it('simulates at least one exit or runs to a steady state', () => {
    expect(s.exits.length + (s.startup.result.podInitializedAt !== null ? 1 : 0)).toBeGreaterThan(
      0,
    );
  });

  it.each(
    s.exits.map(
      (e) => [`${e.container} ${e.cause} exit ${e.exitCode} at ${e.atSeconds}`, e] as const,
    ),
  )('same restart decision: %s', (_what, exit) => {
    const c = s.plan.planned.find((x) => x.name === exit.container);
    if (c === undefined) throw new Error(exit.container);
    const initIdx = (spec.initContainers ?? []).findIndex((x) => x.name === c.name);
    const appIdx = (spec.containers ?? []).findIndex((x) => x.name === c.name);
    if (exit.cause === 'probe') {
      // Running with a failed startup probe: the kubelet's own sync decides.
      const status = statusAtExit(s, exit);
      const runtime = {
        sandboxReady: true,
        containerStatuses: [
          ...(status.initContainerStatuses ?? []),
          ...(status.containerStatuses ?? []),
        ].map((x) =>
          x.name === c.name || x.state?.running !== undefined
            ? { name: x.name ?? '', state: 'running' as const }
            : {
                name: x.name ?? '',
                state: 'exited' as const,
                exitCode: x.state?.terminated?.exitCode ?? 0,
              },
        ),
        probeResults: Object.fromEntries(
          s.plan.planned
            .filter((x) => x.podContainer.container.startupProbe !== undefined)
            .map((x) => [
              x.name,
              { startup: x.name === c.name ? ('Failure' as const) : ('Success' as const) },
            ]),
        ),
      };
      const actions = computePodActions({ spec: s.plan.spec }, runtime);
      expect(actions.containersToKill).toContain(c.name);
      const started =
        c.role === 'APP'
          ? actions.containersToStart.includes(appIdx)
          : actions.initContainersToStart.includes(initIdx);
      expect(started).toBe(exit.restarted);
      return;
    }
    const v = live(statusAtExit(s, exit));
    if (exit.restartAll) {
      expect(v.nextSteps.join('\n')).toMatch(/restart all containers/);
    } else if (c.role === 'INIT') {
      expect(v.actions.initContainersToStart.includes(initIdx)).toBe(exit.restarted);
      expect(v.actions.killPod).toBe(!exit.restarted);
    } else {
      expect(v.actions.containersToStart.includes(appIdx)).toBe(exit.restarted);
    }
  });

  it('same terminal phase', () => {
    expect(live(finalStatus(s)).phase).toBe(expectedPhase(s));
  });
});
