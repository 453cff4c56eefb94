// Probe timing. The API defaults (SetDefaults_Probe) fill in missing fields; a value intake flags
// as nonsense (period 0, negative delay) is replaced by the default here and a note says so.

import type { Probe } from '../k8s/types';

export const PROBE_DEFAULT_PERIOD_SECONDS = 10;
export const PROBE_DEFAULT_INITIAL_DELAY_SECONDS = 0;
export const PROBE_DEFAULT_FAILURE_THRESHOLD = 3;
export const PROBE_DEFAULT_SUCCESS_THRESHOLD = 1;

export type ProbeKind = 'startupProbe' | 'readinessProbe' | 'livenessProbe';

export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  failureThreshold: number;
  successThreshold: number;
}

/** Effective probe timing, with a note for each field that had to fall back to the default. */
export function probeTiming(
  probe: Probe,
  kind: ProbeKind,
  container: string,
  notes: string[],
): ProbeTiming {
  const field = <K extends keyof ProbeTiming>(key: K, fallback: number, min: number): number => {
    const v = probe[key];
    if (v === undefined || v === null) {
      return fallback;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      notes.push(
        `${container}: ${kind}.${key} ${String(v)} is not valid; simulated with the Kubernetes default ${fallback}`,
      );
      return fallback;
    }
    return v;
  };
  const timing: ProbeTiming = {
    initialDelaySeconds: field('initialDelaySeconds', PROBE_DEFAULT_INITIAL_DELAY_SECONDS, 0),
    periodSeconds: field('periodSeconds', PROBE_DEFAULT_PERIOD_SECONDS, 1),
    failureThreshold: field('failureThreshold', PROBE_DEFAULT_FAILURE_THRESHOLD, 1),
    successThreshold: field('successThreshold', PROBE_DEFAULT_SUCCESS_THRESHOLD, 1),
  };
  // Startup (and liveness) probes must have successThreshold 1 (validation c.6).
  if (kind !== 'readinessProbe' && timing.successThreshold !== 1) {
    notes.push(`${container}: ${kind}.successThreshold must be 1; simulated with 1`);
    timing.successThreshold = 1;
  }
  return timing;
}

/**
 * The n-th probe (0-based) runs at initialDelaySeconds + n × periodSeconds after the process starts.
 * Returns the index of the first probe at or after `atSeconds` (relative to process start) that
 * is also at or after `notBefore`.
 */
export function firstProbeIndexAtOrAfter(
  timing: ProbeTiming,
  atSeconds: number,
  notBefore = 0,
): number {
  const target = Math.max(atSeconds, notBefore);
  if (target <= timing.initialDelaySeconds) {
    return 0;
  }
  // The epsilon keeps a probe exactly at the target from slipping to the next period.
  return Math.ceil((target - timing.initialDelaySeconds) / timing.periodSeconds - 1e-9);
}

export const probeTime = (timing: ProbeTiming, index: number): number =>
  timing.initialDelaySeconds + index * timing.periodSeconds;

/**
 * The startup probe's budget: initialDelaySeconds + failureThreshold × periodSeconds. The prober's
 * ticks are phased from pod admission, so the first probe lands anywhere in one period after the
 * initial delay; this is the latest the container can be seen started before it is killed.
 */
export const startupBudgetSeconds = (timing: ProbeTiming): number =>
  timing.initialDelaySeconds + timing.failureThreshold * timing.periodSeconds;

/**
 * When a probe that keeps failing reports Failure, relative to the process start, on the
 * simulation's probe ticks (initialDelaySeconds, then every periodSeconds): at the
 * failureThreshold-th consecutive failure, counted from the first probe
 * (pkg/kubelet/prober/worker.go doProbe: the result flips to Failure once resultRun reaches
 * failureThreshold). The kubelet kills the container in the sync that follows.
 */
export const probeFailsAtSeconds = (timing: ProbeTiming): number =>
  probeTime(timing, timing.failureThreshold - 1);
