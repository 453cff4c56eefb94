// Item 4 of issue 14, more cases. pkg/kubelet/pod_workers.go: once a pod has a
// deletionTimestamp (or a terminal phase) the pod worker runs SyncTerminatingPod, which stops what
// still runs (killPodWithSyncResult over the running containers) and starts nothing: not the next
// init container, not a crashed sidecar (which SyncPod would restart, kuberuntime_manager.go
// computePodActions), not an app container the restartPolicy would restart.
// kubelet.go SyncPod returns early for a pod whose phase is Succeeded or Failed (an
// activeDeadlineSeconds pod included: status_manager keeps the terminal phase).
import type { PodSpec, PodStatus } from '../../../src/engine/k8s/types';
import { readLivePod } from '../../../src/engine/lifecycle';
import { app, sidecar } from './support';

const terminated = (name: string, exitCode: number) => ({
  name,
  state: { terminated: { exitCode } },
});
const running = (name: string) => ({ name, state: { running: {} }, started: true, ready: true });
const deleted = { deletionTimestamp: '2026-12-07T18:00:00Z' };

describe('a deleted or finished pod starts nothing (SyncTerminatingPod)', () => {
  it('deleted while a regular init container runs: it is stopped; neither the next init container nor the app starts', () => {
    const spec: PodSpec = {
      restartPolicy: 'Always',
      initContainers: [app('migrate'), app('seed')],
      containers: [app('main')],
    };
    const status: PodStatus = {
      phase: 'Pending',
      initContainerStatuses: [running('migrate'), { name: 'seed', state: { waiting: {} } }],
      containerStatuses: [{ name: 'main', state: { waiting: { reason: 'PodInitializing' } } }],
    };
    const v = readLivePod(spec, status, true, deleted);
    expect(v?.actions.containersToKill).toEqual(['migrate']);
    expect(v?.actions.initContainersToStart).toEqual([]);
    expect(v?.actions.containersToStart).toEqual([]);
  });

  it('deleted after its sidecar crashed: SyncPod would restart the sidecar, SyncTerminatingPod does not', () => {
    const spec: PodSpec = {
      restartPolicy: 'Never',
      initContainers: [sidecar('proxy')],
      containers: [app('main')],
    };
    const status: PodStatus = {
      phase: 'Running',
      initContainerStatuses: [terminated('proxy', 1)],
      containerStatuses: [running('main')],
    };
    // A sidecar is restarted whatever the pod's restartPolicy (computePodActions).
    expect(readLivePod(spec, status, true)?.actions.initContainersToStart).toEqual([0]);
    const v = readLivePod(spec, status, true, deleted);
    expect(v?.actions.initContainersToStart).toEqual([]);
    expect(v?.actions.containersToKill).toEqual(['main']);
  });

  it('a pod Failed by activeDeadlineSeconds with its app still running: the app is stopped, nothing restarts', () => {
    const spec: PodSpec = {
      restartPolicy: 'OnFailure',
      activeDeadlineSeconds: 60,
      containers: [app('main')],
    };
    const status: PodStatus = {
      phase: 'Failed',
      containerStatuses: [running('main')],
    };
    const v = readLivePod(spec, status, true);
    expect(v?.actions.containersToKill).toEqual(['main']);
    expect(v?.actions.containersToStart).toEqual([]);
    expect(v?.phase).toBe('Failed');
  });
});
