// computePodActions on cases beyond the upstream vectors (test/vectors/upstream), each reasoned from the kubelet's rules
// (docs/kubernetes-behaviour.md, Start-up; kuberuntime_manager.go computePodActions).
import { computePodActions } from '../../../src/engine/lifecycle';
import type { PodRuntime, RuntimeContainerStatus } from '../../../src/engine/lifecycle';
import type { Container, PodSpec } from '../../../src/engine/k8s/types';

const sidecars: Container[] = [
  { name: 'sc-1', image: 'x', restartPolicy: 'Always' },
  { name: 'sc-2', image: 'x', restartPolicy: 'Always', livenessProbe: {}, startupProbe: {} },
  { name: 'sc-3', image: 'x', restartPolicy: 'Always', livenessProbe: {}, startupProbe: {} },
];
const regularInit: Container[] = [
  { name: 'init1', image: 'x' },
  { name: 'init2', image: 'x' },
  { name: 'init3', image: 'x' },
];
const apps: Container[] = [
  { name: 'foo1', image: 'x' },
  { name: 'foo2', image: 'x' },
  { name: 'foo3', image: 'x' },
];
const okProbes = {
  'sc-2': { liveness: 'Success', startup: 'Success' },
  'sc-3': { liveness: 'Success', startup: 'Success' },
} as const;

const pod = (initContainers: Container[], restartPolicy?: string): { spec: PodSpec } => ({
  spec: { initContainers, containers: apps, ...(restartPolicy ? { restartPolicy } : {}) },
});
const running = (name: string): RuntimeContainerStatus => ({ name, state: 'running' });
const exited = (name: string, exitCode = 0): RuntimeContainerStatus => ({
  name,
  state: 'exited',
  exitCode,
});
const rt = (
  containerStatuses: RuntimeContainerStatus[],
  extra: Partial<PodRuntime> = {},
): PodRuntime => ({
  sandboxReady: true,
  containerStatuses,
  probeResults: { ...okProbes },
  ...extra,
});

describe('computePodActions: sidecars', () => {
  it('starts the first init container when nothing has run', () => {
    const a = computePodActions(pod(sidecars), rt([]));
    expect(a.initContainersToStart).toEqual([0]);
    expect(a.containersToStart).toEqual([]);
  });

  it('does not wait for liveness: an Unknown liveness result still starts the next sidecar', () => {
    const a = computePodActions(
      pod(sidecars, 'Always'),
      rt([running('sc-1'), running('sc-2')], {
        probeResults: { 'sc-2': { liveness: 'Unknown', startup: 'Success' } },
      }),
    );
    expect(a.initContainersToStart).toEqual([2]);
  });

  it('waits while the startup probe result is Unknown', () => {
    const a = computePodActions(
      pod(sidecars, 'Always'),
      rt([running('sc-1'), running('sc-2')], { probeResults: { 'sc-2': { startup: 'Unknown' } } }),
    );
    expect(a).toEqual({
      killPod: false,
      createSandbox: false,
      initContainersToStart: [],
      containersToStart: [],
      containersToKill: [],
    });
  });

  it('kills and restarts a sidecar whose liveness failed, and still starts the app containers', () => {
    const a = computePodActions(
      pod(sidecars, 'Always'),
      rt([running('sc-1'), running('sc-2'), running('sc-3')], {
        probeResults: { ...okProbes, 'sc-3': { liveness: 'Failure', startup: 'Success' } },
      }),
    );
    expect(a.initContainersToStart).toEqual([2]);
    expect(a.containersToKill).toEqual(['sc-3']);
    expect(a.containersToStart).toEqual([0, 1, 2]);
  });

  it('kills and restarts a sidecar whose definition changed (new image), and starts the apps', () => {
    const a = computePodActions(
      {
        spec: {
          ...pod(sidecars, 'Always').spec,
          initContainers: sidecars.map((c, i) => (i === 2 ? { ...c, image: 'foo-image' } : c)),
        },
      },
      rt([running('sc-1'), running('sc-2'), { name: 'sc-3', state: 'running', image: 'x' }]),
    );
    expect(a.initContainersToStart).toEqual([2]);
    expect(a.containersToKill).toEqual(['sc-3']);
    expect(a.containersToStart).toEqual([0, 1, 2]);
  });

  it('restarts a sidecar in unknown state even under Never', () => {
    const a = computePodActions(
      pod(sidecars, 'Never'),
      rt([running('sc-1'), running('sc-2'), { name: 'sc-3', state: 'unknown' }]),
    );
    expect(a.killPod).toBe(false);
    expect(a.initContainersToStart).toEqual([2]);
    expect(a.containersToKill).toEqual(['sc-3']);
  });

  it('restarts sidecars whose statuses vanished once the last one runs, and starts the apps', () => {
    const a = computePodActions(pod(sidecars, 'Always'), rt([running('sc-3')]));
    expect(a.initContainersToStart).toEqual([0, 1]);
    expect(a.containersToStart).toEqual([0, 1, 2]);
  });

  it('kills the pod (and does not restart sidecars) when every app container succeeded under Never', () => {
    const a = computePodActions(
      pod(sidecars, 'Never'),
      rt([
        running('sc-1'),
        running('sc-2'),
        running('sc-3'),
        exited('foo1'),
        exited('foo2'),
        exited('foo3'),
      ]),
    );
    expect(a.killPod).toBe(true);
    expect(a.initContainersToStart).toEqual([]);
    expect(a.containersToStart).toEqual([]);
  });

  it('restarts an exited last sidecar first when app containers are no longer running (initialisation is re-checked)', () => {
    // Exited app containers do not prove initialisation (node reboot case), so the sidecar comes back first.
    const a = computePodActions(
      pod(sidecars, 'Never'),
      rt([
        running('sc-1'),
        running('sc-2'),
        exited('sc-3', 137),
        exited('foo1'),
        exited('foo2'),
        exited('foo3'),
      ]),
    );
    expect(a.killPod).toBe(false);
    expect(a.initContainersToStart).toEqual([2]);
  });

  it('creates a new sandbox and starts from init 0 when the sandbox died under Never with no statuses', () => {
    const a = computePodActions(pod(sidecars, 'Never'), rt([], { sandboxReady: false }));
    expect(a).toEqual({
      killPod: true,
      createSandbox: true,
      initContainersToStart: [0],
      containersToStart: [],
      containersToKill: [],
    });
  });
});

describe('computePodActions: regular init containers', () => {
  const allExited = [exited('init1'), exited('init2'), exited('init3')];

  it('starts every app container once the last init container exited 0', () => {
    expect(computePodActions(pod(regularInit), rt(allExited)).containersToStart).toEqual([0, 1, 2]);
  });

  it('waits while an init container runs', () => {
    const a = computePodActions(
      pod(regularInit, 'Always'),
      rt([exited('init1'), exited('init2'), running('init3')]),
    );
    expect(a.initContainersToStart).toEqual([]);
    expect(a.containersToStart).toEqual([]);
    expect(a.killPod).toBe(false);
  });

  it.each(['Always', 'OnFailure'])('restarts a failed init container under %s', (policy) => {
    const a = computePodActions(
      pod(regularInit, policy),
      rt([exited('init1'), exited('init2'), exited('init3', 137)]),
    );
    expect(a.initContainersToStart).toEqual([2]);
    expect(a.killPod).toBe(false);
  });

  it('kills the pod when an init container failed under Never', () => {
    const a = computePodActions(
      pod(regularInit, 'Never'),
      rt([exited('init1'), exited('init2'), exited('init3', 1)]),
    );
    expect(a.killPod).toBe(true);
    expect(a.initContainersToStart).toEqual([]);
  });

  it('counts an OOM-killed init container as failed', () => {
    const a = computePodActions(
      pod(regularInit, 'Never'),
      rt([exited('init1'), { name: 'init2', state: 'exited', exitCode: 0, reason: 'OOMKilled' }]),
    );
    expect(a.killPod).toBe(true);
  });

  it('kills and restarts an init container in unknown state under OnFailure', () => {
    const a = computePodActions(
      pod(regularInit, 'OnFailure'),
      rt([exited('init1'), exited('init2'), { name: 'init3', state: 'unknown' }]),
    );
    expect(a.initContainersToStart).toEqual([2]);
    expect(a.containersToKill).toEqual(['init3']);
  });

  it('does not restart earlier init containers when only the last one still has a status', () => {
    const a = computePodActions(pod(regularInit, 'Always'), rt([running('init3')]));
    expect(a.initContainersToStart).toEqual([]);
    expect(a.containersToStart).toEqual([]);
  });

  it('kills the pod without a new sandbox when the sandbox died under Never after containers ran', () => {
    const a = computePodActions(pod(regularInit, 'Never'), rt(allExited, { sandboxReady: false }));
    expect(a).toEqual({
      killPod: true,
      createSandbox: false,
      initContainersToStart: [],
      containersToStart: [],
      containersToKill: [],
    });
  });

  it('restarts a failed app container under OnFailure but not a succeeded one', () => {
    const a = computePodActions(
      pod(regularInit, 'OnFailure'),
      rt([...allExited, exited('foo1', 0), exited('foo2', 1), running('foo3')]),
    );
    expect(a.containersToStart).toEqual([1]);
    expect(a.killPod).toBe(false);
  });
});
