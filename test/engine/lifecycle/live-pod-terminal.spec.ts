// Item 4 of issue 14: the live-pod view starts nothing for a pod that is over.
// pkg/kubelet/kubelet.go SyncPod: a pod whose phase is Succeeded or Failed returns early
// (isTerminal); the pod worker then runs SyncTerminatingPod, which stops what still runs.
// pkg/kubelet/pod_workers.go: a pod with metadata.deletionTimestamp is terminating and goes
// through SyncTerminatingPod instead of SyncPod. kubelet_pods.go generateAPIPodStatus keeps a
// terminal phase ("Pod attempted illegal phase transition"); status_manager_test.go
// TestTerminalPhaseTransition.
import type { PodSpec, PodStatus } from '../../../src/engine/k8s/types';
import { readLivePod } from '../../../src/engine/lifecycle';
import { app, sidecar } from './support';

const spec: PodSpec = {
  restartPolicy: 'Always',
  initContainers: [sidecar('proxy')],
  containers: [app('main')],
};
const terminated = (name: string, exitCode: number) => ({
  name,
  state: { terminated: { exitCode } },
});
const running = (name: string) => ({ name, state: { running: {} }, started: true, ready: true });

describe('live pod that is over', () => {
  it('a Succeeded pod: its exited sidecar and app are not started again', () => {
    const status: PodStatus = {
      phase: 'Succeeded',
      initContainerStatuses: [terminated('proxy', 143)],
      containerStatuses: [terminated('main', 0)],
    };
    const v = readLivePod(spec, status, true);
    expect(v?.actions.initContainersToStart).toEqual([]);
    expect(v?.actions.containersToStart).toEqual([]);
    expect(v?.actions.createSandbox).toBe(false);
    expect(v?.phase).toBe('Succeeded');
    expect(v?.nextSteps[0]).toMatch(/SyncPod returns early/);
  });

  it('a Failed pod with a sidecar still running: the sidecar is stopped, nothing started', () => {
    const status: PodStatus = {
      phase: 'Failed',
      initContainerStatuses: [running('proxy')],
      containerStatuses: [terminated('main', 1)],
    };
    const v = readLivePod({ ...spec, restartPolicy: 'Never' }, status, true);
    expect(v?.actions.containersToKill).toEqual(['proxy']);
    expect(v?.actions.killPod).toBe(true);
    expect(v?.actions.initContainersToStart).toEqual([]);
    expect(v?.actions.containersToStart).toEqual([]);
    // A terminal phase never goes back to Running.
    expect(v?.phase).toBe('Failed');
  });

  it('a deleted Running pod: SyncTerminatingPod stops every running container, starts none', () => {
    const status: PodStatus = {
      phase: 'Running',
      initContainerStatuses: [running('proxy')],
      containerStatuses: [terminated('main', 1)],
    };
    // Without the deletion the kubelet would restart main (restartPolicy Always).
    expect(readLivePod(spec, status, true)?.actions.containersToStart).toEqual([0]);
    const v = readLivePod(spec, status, true, { deletionTimestamp: '2026-12-03T18:00:00Z' });
    expect(v?.actions.containersToStart).toEqual([]);
    expect(v?.actions.containersToKill).toEqual(['proxy']);
    expect(v?.nextSteps.join('\n')).toMatch(/SyncTerminatingPod/);
  });

  it('a deleted pod whose containers all exited: getPhase as terminal (143 → Failed, 0 → Succeeded)', () => {
    const gone = (code: number): PodStatus => ({
      phase: 'Running',
      initContainerStatuses: [terminated('proxy', 143)],
      containerStatuses: [terminated('main', code)],
    });
    const opts = { deletionTimestamp: '2026-12-03T18:00:00Z' };
    expect(readLivePod(spec, gone(143), true, opts)?.phase).toBe('Failed');
    expect(readLivePod(spec, gone(0), true, opts)?.phase).toBe('Succeeded');
    expect(readLivePod(spec, gone(0), true, opts)?.actions.killPod).toBe(false);
  });
});
