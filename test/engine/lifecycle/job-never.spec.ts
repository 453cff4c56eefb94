// Item 2 of issue 14: a Job's container killed under restartPolicy Never is not "kept being
// restarted": nothing is left to start (computePodActions: ShouldContainerBeRestarted is false,
// keepCount 0 → KillPod, the sidecars are stopped) and the pod ends Failed or Succeeded by
// getPhase (pkg/kubelet/kubelet_pods.go) from the exit codes; the sidecars' are ignored.
import {
  JOB_PROBE_KILL_NEVER,
  JOB_PROBE_KILL_NEVER_EXIT0,
  JOB_PROBE_KILL_ON_FAILURE,
} from './pods';
import { at, simulate } from './support';

describe('a Job whose app container is killed under restartPolicy Never', () => {
  it('ends Failed with the exit 143 of the kill, and the sidecar is stopped after it', () => {
    const r = simulate(JOB_PROBE_KILL_NEVER);
    expect(r.job?.neverCompletes).toBe(false);
    expect(r.job?.phase).toBe('Failed');
    expect(r.job?.reason).not.toMatch(/keeps being restarted/);
    // Probes 0, 10, 20 fail (failureThreshold 3): killed at 20, exits 21; proxy SIGTERM 21, exits 22.
    expect(at(r.startup, 'work', 'SIGTERM_SENT')).toEqual([20]);
    expect(at(r.job?.events ?? [], 'proxy', 'SIGTERM_SENT')).toEqual([21]);
    expect(r.jobCompletesAtSeconds).toBe(22);
    // The exit appears once (start-up timeline), not again in the Job's events.
    expect(at(r.job?.events ?? [], 'work', 'CONTAINER_EXITED')).toEqual([]);
    expect(r.warnings.map((w) => [w.code, w.container])).toContainEqual([
      'APP_CONTAINER_FAILS',
      'work',
    ]);
  });

  it('ends Succeeded when the container exits 0 on SIGTERM (getPhase reads the exit code)', () => {
    const r = simulate(JOB_PROBE_KILL_NEVER_EXIT0);
    expect(r.job?.phase).toBe('Succeeded');
    expect(r.job?.neverCompletes).toBe(false);
  });

  it('under OnFailure the killed container is started again: the pod stays Running', () => {
    const r = simulate(JOB_PROBE_KILL_ON_FAILURE);
    expect(r.job?.neverCompletes).toBe(true);
    expect(r.job?.phase).toBe('Running');
    expect(r.job?.reason).toMatch(/work keeps being restarted/);
    expect(at(r.startup, 'work', 'CONTAINER_STARTED').slice(0, 2)).toEqual([0, 31]);
  });
});
