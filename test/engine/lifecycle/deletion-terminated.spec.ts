// Item 6 of issue 14: deletion kills only the running containers (kuberuntime_manager.go
// killPodWithSyncResult → killContainersWithSyncResult over runningPod.Containers): a container
// that has already terminated for good gets no preStop hook and no stop signal.
import { E2E_STARTUP_PROBE_PRESTOP, PROBE_KILL_CONTAINER_NEVER } from './pods';
import { at, simulate } from './support';

describe('deletion after a container has terminated for good', () => {
  it('skips the container killed for its startup probe and not restarted; the rest stop as usual', () => {
    const r = simulate(PROBE_KILL_CONTAINER_NEVER);
    expect(r.termination.filter((e) => e.container === 'web')).toEqual([]);
    expect(at(r.termination, 'side', 'SIGTERM_SENT')).toEqual([0]);
    expect(r.terminationCompletesAtSeconds).toBe(1);
  });

  it('has no timeline at all when the pod has already ended', () => {
    const r = simulate(E2E_STARTUP_PROBE_PRESTOP);
    expect(r.termination).toEqual([]);
    expect(r.terminationCompletesAtSeconds).toBeNull();
    expect(r.notes.join('\n')).toMatch(/pod has already ended \(phase Succeeded\)/);
  });

  it('skips a regular init container that completed (exited 0)', () => {
    const r = simulate({
      id: 'init done',
      spec: {
        initContainers: [{ name: 'setup', image: 'x', lifecycle: undefined }],
        containers: [
          { name: 'main', image: 'x', lifecycle: { preStop: { sleep: { seconds: 2 } } } },
        ],
      },
    });
    expect(r.termination.filter((e) => e.container === 'setup')).toEqual([]);
    expect(at(r.termination, 'main', 'PRESTOP_STARTED')).toEqual([0]);
  });
});
