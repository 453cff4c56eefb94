// Timing assumptions: the documented defaults, the validator for caller input, and the resolution
// of each container's effective timing (echoed in the report so a reader sees what was assumed).

import type { PodContainer } from '../containers';
import type { LifecycleHandler } from '../k8s/types';
import type {
  AssumptionSource,
  ContainerAssumptions,
  ContainerTimingInput,
  TimingInput,
} from './types';

/** Seconds from the kubelet starting a container until its process runs (image pull not modelled). */
export const DEFAULT_START_SECONDS = 1;
/** Seconds a regular init container, or a Job's app container, runs before exiting. */
export const DEFAULT_RUN_SECONDS = 5;
/** Seconds a container needs to exit after its stop signal (SIGTERM). */
export const DEFAULT_SHUTDOWN_SECONDS = 1;
/** Seconds an exec, httpGet or tcpSocket lifecycle hook runs (a sleep action runs its own seconds). */
export const DEFAULT_HOOK_SECONDS = 1;
/**
 * Seconds from process start until the application answers its health checks (startup and
 * readiness probes succeed from then on). A probe at that moment or later succeeds.
 */
export const DEFAULT_HEALTHY_AFTER_SECONDS = 1;
/** Exit code a regular init container or a Job's app container ends with. */
export const DEFAULT_EXIT_CODE = 0;
/**
 * Signal numbers of the stop signals lifecycle.stopSignal may name (Linux). A process killed by a
 * signal it does not handle exits with 128 + the number: 143 after SIGTERM.
 */
export const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGTERM: 15,
  SIGWINCH: 28,
};

/** The exit code of a process that does not handle `signal` (128 + its number). */
export const unhandledSignalExitCode = (signal: string | undefined): number =>
  128 + (SIGNAL_NUMBERS[signal ?? 'SIGTERM'] ?? 15);

/** Restarts shown in a CrashLoopBackOff before the timeline says "and so on". */
export const MAX_SIMULATED_RESTARTS = 3;
/** The kubelet's container restart back-off: 10 s, doubling, capped at 5 min (CrashLoopBackOff, kubelet container restarts; docs/kubernetes-behaviour.md#start-up). */
export const BACKOFF_INITIAL_SECONDS = 10;
export const BACKOFF_MAX_SECONDS = 300;

/** Back-off before the n-th restart (1-based). */
export const backoffSeconds = (restart: number): number =>
  Math.min(BACKOFF_INITIAL_SECONDS * 2 ** Math.max(restart - 1, 0), BACKOFF_MAX_SECONDS);

export interface TimingIssue {
  /** Path of the offending field in the timing input: timing.containers[2].name. */
  field: string;
  message: string;
}

const CONTAINER_NUMBER_FIELDS = [
  'startSeconds',
  'runSeconds',
  'preStopSeconds',
  'shutdownSeconds',
  'startupProbeSucceedsAfterSeconds',
  'postStartSeconds',
  'readinessProbeSucceedsAfterSeconds',
] as const;
const DEFAULT_NUMBER_FIELDS = [
  'defaultStartSeconds',
  'defaultRunSeconds',
  'defaultShutdownSeconds',
] as const;

/**
 * The longest assumed duration: the largest int64 seconds the engine holds exactly, as for
 * terminationGracePeriodSeconds. Sums of such durations stay finite; 1e308 would overflow to
 * Infinity and leave the timeline without an end.
 */
export const MAX_TIMING_SECONDS = Number.MAX_SAFE_INTEGER;

function checkDuration(value: unknown, field: string, issues: TimingIssue[]): void {
  if (value === undefined || value === null) {
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ field, message: `${field} must be a finite number of seconds` });
  } else if (value < 0) {
    issues.push({ field, message: `${field} must not be negative (got ${value})` });
  } else if (value > MAX_TIMING_SECONDS) {
    issues.push({
      field,
      message: `${field} must be at most ${MAX_TIMING_SECONDS} seconds (got ${value})`,
    });
  }
}

/**
 * Caller errors in the timing input: negative or non-finite durations, and containers the pod does
 * not have. An empty list means the input is usable.
 */
export function validateTimingInput(
  timing: TimingInput | null | undefined,
  containerNames: readonly string[],
  options: { checkNames?: boolean } = {},
): TimingIssue[] {
  const checkNames = options.checkNames ?? true;
  const issues: TimingIssue[] = [];
  if (timing === undefined || timing === null) {
    return issues;
  }
  for (const key of DEFAULT_NUMBER_FIELDS) {
    checkDuration(timing[key], `timing.${key}`, issues);
  }
  const known = new Set(containerNames);
  const seen = new Set<string>();
  (timing.containers ?? []).forEach((c, i) => {
    const base = `timing.containers[${i}]`;
    if (typeof c.name !== 'string' || c.name === '') {
      issues.push({ field: `${base}.name`, message: `${base}.name is required` });
    } else if (checkNames && !known.has(c.name)) {
      const list = containerNames.length > 0 ? containerNames.join(', ') : 'none';
      issues.push({
        field: `${base}.name`,
        message: `the pod has no container "${c.name}" (containers: ${list})`,
      });
    } else if (seen.has(c.name)) {
      issues.push({
        field: `${base}.name`,
        message: `container "${c.name}" is listed more than once`,
      });
    } else {
      seen.add(c.name);
    }
    for (const key of CONTAINER_NUMBER_FIELDS) {
      checkDuration(c[key], `${base}.${key}`, issues);
    }
    for (const key of ['exitCode', 'sigtermExitCode'] as const) {
      const code = c[key];
      if (code !== undefined && code !== null) {
        if (!Number.isInteger(code) || code < 0 || code > 255) {
          issues.push({
            field: `${base}.${key}`,
            message: `${base}.${key} must be an integer from 0 to 255`,
          });
        }
      }
    }
  });
  return issues;
}

const SLEEP_SCRIPT = /^\s*(?:exec\s+)?(?:\/bin\/|\/usr\/bin\/)?sleep\s+(\d+(?:\.\d+)?)s?\s*;?\s*$/;

/**
 * How long a lifecycle hook runs when the spec says so: the sleep action's seconds, or an exec hook
 * that only sleeps (`sleep 5`, `sh -c "sleep 5"`). null when the spec does not tell.
 */
export function hookSecondsFromSpec(handler: LifecycleHandler | undefined): number | null {
  if (handler === undefined) {
    return null;
  }
  if (handler.sleep !== undefined) {
    return typeof handler.sleep.seconds === 'number' && handler.sleep.seconds >= 0
      ? handler.sleep.seconds
      : 0;
  }
  const cmd = handler.exec?.command;
  if (cmd !== undefined && cmd.length > 0) {
    const last = cmd[cmd.length - 1] ?? '';
    const whole = cmd.join(' ');
    const m =
      SLEEP_SCRIPT.exec(whole) ??
      (cmd.length >= 3 && /sh$/.test(cmd[0] ?? '') ? SLEEP_SCRIPT.exec(last) : null);
    if (m !== null) {
      return Number(m[1]);
    }
  }
  return null;
}

export interface ResolvedDefaults {
  defaultStartSeconds: number;
  defaultRunSeconds: number;
  defaultShutdownSeconds: number;
}

export function resolveDefaults(timing: TimingInput | null | undefined): ResolvedDefaults {
  return {
    defaultStartSeconds: timing?.defaultStartSeconds ?? DEFAULT_START_SECONDS,
    defaultRunSeconds: timing?.defaultRunSeconds ?? DEFAULT_RUN_SECONDS,
    defaultShutdownSeconds: timing?.defaultShutdownSeconds ?? DEFAULT_SHUTDOWN_SECONDS,
  };
}

/**
 * The caller's timing entries by container name (the first of a name, as a search of the list
 * finds it), built once per pod so that each container's look-up is not a search; null when the
 * input names no container.
 */
export function timingByName(
  timing: TimingInput | null | undefined,
): ReadonlyMap<unknown, ContainerTimingInput> | null {
  const list = timing?.containers;
  if (list === undefined || list === null || list.length === 0) {
    return null;
  }
  const index = new Map<unknown, ContainerTimingInput>();
  for (const t of list) {
    if (!index.has(t.name)) {
      index.set(t.name, t);
    }
  }
  return index;
}

interface HookTiming {
  value: number | null;
  source: AssumptionSource | null;
}

const NO_HOOK: HookTiming = { value: null, source: null };

/** How long a lifecycle hook runs: the caller's figure, what the spec says, else the default. */
function hookTiming(
  handler: LifecycleHandler | undefined,
  override: number | null | undefined,
): HookTiming {
  if (handler === undefined) {
    return NO_HOOK;
  }
  if (override !== undefined && override !== null) {
    return { value: override, source: 'INPUT' };
  }
  const fromSpec = hookSecondsFromSpec(handler);
  return fromSpec !== null
    ? { value: fromSpec, source: 'SPEC' }
    : { value: DEFAULT_HOOK_SECONDS, source: 'DEFAULT' };
}

/**
 * The timing used for one container: caller input first, then what the spec says, then the
 * defaults. `inputs` is timingByName(timing) when the caller resolves every container of a pod.
 */
export function resolveContainerAssumptions(
  c: PodContainer,
  timing: TimingInput | null | undefined,
  defaults: ResolvedDefaults,
  runsToCompletion: boolean,
  inputs?: ReadonlyMap<unknown, ContainerTimingInput> | null,
): ContainerAssumptions {
  const input =
    inputs !== undefined
      ? inputs?.get(c.name)
      : (timing?.containers ?? []).find((t) => t.name === c.name);
  const lifecycle = c.container.lifecycle;
  // Hooks on a regular init container are rejected by validation (c.6); the kubelet never runs them.
  const hooksRun = c.role !== 'INIT';
  const postStart = hooksRun ? hookTiming(lifecycle?.postStart, input?.postStartSeconds) : NO_HOOK;
  const preStop = hooksRun ? hookTiming(lifecycle?.preStop, input?.preStopSeconds) : NO_HOOK;
  const healthy = input?.startupProbeSucceedsAfterSeconds ?? DEFAULT_HEALTHY_AFTER_SECONDS;
  return {
    name: c.name,
    role: c.role,
    startSeconds: input?.startSeconds ?? defaults.defaultStartSeconds,
    runSeconds: runsToCompletion ? (input?.runSeconds ?? defaults.defaultRunSeconds) : null,
    postStartSeconds: postStart.value,
    postStartSource: postStart.source,
    preStopSeconds: preStop.value,
    preStopSource: preStop.source,
    shutdownSeconds: input?.shutdownSeconds ?? defaults.defaultShutdownSeconds,
    startupProbeSucceedsAfterSeconds: healthy,
    readinessProbeSucceedsAfterSeconds: input?.readinessProbeSucceedsAfterSeconds ?? healthy,
    exitCode: input?.exitCode ?? DEFAULT_EXIT_CODE,
    sigtermExitCode: input?.sigtermExitCode ?? unhandledSignalExitCode(lifecycle?.stopSignal),
  };
}
