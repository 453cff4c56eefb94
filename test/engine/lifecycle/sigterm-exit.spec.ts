// Item 5 of issue 14: a container that handles SIGTERM and exits 0. The timing input's
// sigtermExitCode (default 128 + the stop signal's number: 143 for SIGTERM, the process did not
// handle it) is the exit code after the stop signal; SIGKILL still gives 137. It reaches the
// phases getPhase computes (kubelet_pods.go) and the Job verdicts. SIGTERM comes only on a kill
// (deletion, a probe, a finished Job stopping its sidecars): a legacy sidecar that would exit 0 on
// SIGTERM still never gets one while the Job runs, so the Job still never completes.
import { analyzeManifest } from '../../../src/engine/analyze';
import { validateTimingInput } from '../../../src/engine/lifecycle';
import { E2E_STARTUP_PROBE_PRESTOP, JOB_SIDECAR_EXIT0 } from './pods';
import { app, detail, simulate, zero } from './support';

describe('sigtermExitCode', () => {
  it('defaults to 143 on deletion, 128 + the number for lifecycle.stopSignal, and can be 0', () => {
    const pod = {
      id: 'deletion',
      spec: {
        containers: [app('a'), app('b', { lifecycle: { stopSignal: 'SIGUSR1' } }), app('c')],
      },
    };
    const r = simulate({
      ...pod,
      timing: { ...zero, containers: [{ name: 'c', sigtermExitCode: 0 }] },
    });
    expect(detail(r.termination, 'a', 'CONTAINER_EXITED')).toEqual(['exit 143']);
    expect(detail(r.termination, 'b', 'CONTAINER_EXITED')).toEqual(['exit 138']);
    expect(detail(r.termination, 'c', 'CONTAINER_EXITED')).toEqual(['exit 0']);
    expect(r.assumptions.containers.map((c) => c.sigtermExitCode)).toEqual([143, 138, 0]);
  });

  it('SIGKILL still ends with 137 whatever the container would have exited with', () => {
    const r = simulate({
      id: 'sigkill',
      spec: { terminationGracePeriodSeconds: 2, containers: [app('a')] },
      timing: { ...zero, containers: [{ name: 'a', shutdownSeconds: 10, sigtermExitCode: 0 }] },
    });
    expect(detail(r.termination, 'a', 'CONTAINER_EXITED')).toEqual(['exit 137']);
  });

  it('carries into the phase: a probe-killed container that exits 0 under Never leaves the pod Succeeded', () => {
    const r = simulate(E2E_STARTUP_PROBE_PRESTOP);
    expect(detail(r.startup, null, 'POD_TERMINATED')[0]).toMatch(/^phase Succeeded/);
    const unhandled = simulate({
      ...E2E_STARTUP_PROBE_PRESTOP,
      timing: {
        ...zero,
        containers: [
          { name: 'regular-1', startupProbeSucceedsAfterSeconds: 1e5, shutdownSeconds: 15 },
        ],
      },
    });
    expect(detail(unhandled.startup, null, 'POD_TERMINATED')[0]).toMatch(/^phase Failed/);
  });

  it("a finished Job's sidecar that exits 0 shows exit 0; the verdict is Succeeded either way", () => {
    const r = simulate(JOB_SIDECAR_EXIT0);
    expect(detail(r.job?.events ?? [], 'proxy', 'CONTAINER_EXITED')).toEqual(['exit 0']);
    expect(r.job?.phase).toBe('Succeeded');
  });

  it('a legacy sidecar that exits 0 on SIGTERM still keeps the Job running (no SIGTERM comes)', () => {
    const yaml = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: {name: pi}',
      'spec:',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '      containers:',
      '      - {name: pi, image: perl}',
      '      - {name: istio-proxy, image: docker.io/istio/proxyv2:1.22.0}',
    ].join('\n');
    const res = analyzeManifest(yaml, {
      kubernetesVersion: '1.33',
      timing: { containers: [{ name: 'istio-proxy', sigtermExitCode: 0 }] },
    });
    if (!res.ok) throw new Error(JSON.stringify(res.issues));
    const job = res.report.workloads[0]?.lifecycle.job;
    expect(job?.legacySidecars).toEqual(['istio-proxy']);
    expect(job?.neverCompletes).toBe(true);
  });

  it('is validated as an exit code, naming the field', () => {
    expect(
      validateTimingInput({ containers: [{ name: 'a', sigtermExitCode: 256 }] }, ['a']),
    ).toEqual([
      {
        field: 'timing.containers[0].sigtermExitCode',
        message: 'timing.containers[0].sigtermExitCode must be an integer from 0 to 255',
      },
    ]);
  });
});
