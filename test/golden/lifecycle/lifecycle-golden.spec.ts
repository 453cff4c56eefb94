// Golden lifecycle timelines of three real manifests (shared corpus), with default timing on the
// newest version. Each report.json was checked by hand against the kubelet rules (k8s-semantics
// d, e, f) before it was committed; UPDATE_GOLDEN=1 rewrites them. The hand-checked key facts are
// also asserted directly, so a regenerated golden cannot silently change them.
import { classifyContainers } from '../../../src/engine/classification';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { readManifest } from '../../../src/engine/intake';
import { validateWorkload } from '../../../src/engine/validation';
import { featureGatesFor, versionOf } from '../../../src/engine/k8s/version';
import { simulateLifecycle } from '../../../src/engine/lifecycle';
import type { LifecycleReport, TimelineEvent } from '../../../src/engine/lifecycle';
import { corpusPath } from '../../support/shared';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function stable(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(stable);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = stable((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

function simulate(file: string): LifecycleReport {
  const version = versionOf(37);
  const text = readFileSync(corpusPath(`${file}.yaml`), 'utf8');
  const intake = readManifest(text, { version, validate: validateWorkload });
  expect(intake.workloads).toHaveLength(1);
  const workload = intake.workloads[0];
  if (workload === undefined) {
    throw new Error(`${file}: no workload`);
  }
  const ctx = { workload, version, gates: featureGatesFor(version) };
  return simulateLifecycle(ctx, classifyContainers(ctx));
}

function compareGolden(name: string, report: LifecycleReport): void {
  // The SVG is checked by the browser test; the golden keeps the reviewable parts.
  const { svg, ...rest } = report;
  expect(svg.startsWith('<svg')).toBe(true);
  const text = `${JSON.stringify(stable(rest), null, 2)}\n`;
  const file = path.join(__dirname, name, 'report.json');
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) {
      throw new Error(`${file} is missing: run with UPDATE_GOLDEN=1 and review it`);
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const at = (
  events: TimelineEvent[],
  container: string | null,
  type: TimelineEvent['type'],
): number[] =>
  events.filter((e) => e.container === container && e.type === type).map((e) => e.atSeconds);

describe('golden lifecycle timelines', () => {
  it('01 Istio-injected pod: init, two sidecars gating in order, readiness, reverse-order termination', () => {
    const r = simulate('01-istio-native-sidecar-pod');
    // istio-init 0→1 running, exits 0 at 6; istio-proxy starts at 6, runs at 7, its startup probe
    // (period 1) passes at 8; other-sidecar (no startup probe) is started at 9 → Initialized 9.
    expect(at(r.startup, 'istio-init', 'CONTAINER_EXITED')).toEqual([6]);
    expect(at(r.startup, 'istio-proxy', 'STARTUP_PROBE_SUCCEEDED')).toEqual([8]);
    expect(at(r.startup, 'other-sidecar', 'CONTAINER_STARTED')).toEqual([9]);
    expect(r.podInitializedAtSeconds).toBe(9);
    // Readiness: other-sidecar probes at 9 (not yet healthy), 19; istio-proxy probes every 15 s from
    // 7, the one at 7 skipped (not started yet) → 22. hello has no probe: ready at 10.
    expect(at(r.startup, 'hello', 'CONTAINER_READY')).toEqual([10]);
    expect(at(r.startup, 'other-sidecar', 'CONTAINER_READY')).toEqual([19]);
    expect(at(r.startup, 'istio-proxy', 'CONTAINER_READY')).toEqual([22]);
    expect(r.podReadyAtSeconds).toBe(22);
    // Termination, grace 30: istio-proxy's preStop runs 0→1 at once; hello SIGTERM 0, exits 1;
    // other-sidecar (last declared sidecar) SIGTERM 1, exits 2; istio-proxy SIGTERM 2, exits 3.
    expect(at(r.termination, 'istio-proxy', 'PRESTOP_STARTED')).toEqual([0]);
    const sigterm = r.termination
      .filter((e) => e.type === 'SIGTERM_SENT')
      .map((e) => [e.container, e.atSeconds]);
    expect(sigterm).toEqual([
      ['hello', 0],
      ['other-sidecar', 1],
      ['istio-proxy', 2],
    ]);
    expect(r.terminationCompletesAtSeconds).toBe(3);
    expect(
      r.worstCase.containers.find((c) => c.name === 'istio-proxy')?.latestStartedAtSeconds,
    ).toBe(607);
    expect(r.warnings).toEqual([]);
    compareGolden('01-istio-native-sidecar-pod', r);
  });

  it('02 Job with a native sidecar: the app finishes, the sidecar is stopped, the pod Succeeds', () => {
    const r = simulate('02-istio-job-native-sidecar');
    expect(r.podInitializedAtSeconds).toBe(8);
    // pi runs 9→14 and exits before istio-proxy's first counted readiness probe (22): never Ready.
    expect(r.podReadyAtSeconds).toBeNull();
    expect(r.job?.phase).toBe('Succeeded');
    expect(r.job?.neverCompletes).toBe(false);
    // At 14 the kubelet kills the pod: istio-proxy's preStop 14→15, SIGTERM 15, exit 16.
    expect(at(r.job?.events ?? [], 'istio-proxy', 'SIGTERM_SENT')).toEqual([15]);
    expect(r.jobCompletesAtSeconds).toBe(16);
    expect(
      r.startup.some((e) => e.container === 'istio-proxy' && e.type === 'CONTAINER_READY'),
    ).toBe(false);
    compareGolden('02-istio-job-native-sidecar', r);
  });

  it('05 Job with a legacy sidecar: the proxy in containers keeps the pod running forever', () => {
    const r = simulate('05-istio-job-legacy-sidecar');
    expect(r.podInitializedAtSeconds).toBe(6);
    expect(r.job?.legacySidecars).toEqual(['istio-proxy']);
    expect(r.job?.neverCompletes).toBe(true);
    expect(r.jobCompletesAtSeconds).toBeNull();
    expect(at(r.job?.events ?? [], 'pi', 'CONTAINER_EXITED')).toEqual([12]);
    expect(r.warnings.map((w) => [w.code, w.container])).toEqual([
      ['LEGACY_SIDECAR_BLOCKS_JOB_COMPLETION', 'istio-proxy'],
    ]);
    compareGolden('05-istio-job-legacy-sidecar', r);
  });
});
