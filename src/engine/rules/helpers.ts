// Small spec readers the rules share: durations of hooks, probe budgets, commands. Kept here so
// every rule reads the spec the same way. Quantities are never read here: the resource report
// (resourceReportOf) has them exact.
import type { Container, LifecycleHandler, Probe } from '../k8s/types';
import { commandWords } from '../advice/known-helpers';

/** The API server's default for spec.terminationGracePeriodSeconds. */
export const DEFAULT_GRACE_SECONDS = 30;
/** minimumGracePeriodInSeconds: each container gets at least this long after its SIGTERM. */
export const MIN_STOP_SECONDS = 2;

/** Probe defaults from the v1 API (SetDefaults_Probe). */
export const PROBE_DEFAULTS = {
  periodSeconds: 10,
  failureThreshold: 3,
  timeoutSeconds: 1,
  successThreshold: 1,
};

/** Longest time a startupProbe lets a container start before the kubelet kills it. */
export function startupBudgetSeconds(probe: Probe): number {
  return (
    (probe.initialDelaySeconds ?? 0) +
    (probe.periodSeconds ?? PROBE_DEFAULTS.periodSeconds) *
      (probe.failureThreshold ?? PROBE_DEFAULTS.failureThreshold)
  );
}

/** How long a lifecycle handler is known to take: a sleep action or an exec `sleep N`. */
export function handlerSeconds(handler: LifecycleHandler | undefined): number | null {
  if (!handler) return null;
  if (typeof handler.sleep?.seconds === 'number') return handler.sleep.seconds;
  const cmd = (handler.exec?.command ?? []).join(' ');
  // `sleep 30`, `/bin/sleep 30`, `sh -c "sleep 30 && nginx -s quit"`: the sleep bounds it from below.
  const m = /(?:^|[\s;&|"'])(?:\/bin\/|\/usr\/bin\/)?sleep\s+(\d+(?:\.\d+)?)s?(?=$|[\s;&|"'])/.exec(
    cmd,
  );
  return m?.[1] ? Number(m[1]) : null;
}

/** The whole command line of a container, for pattern matching. */
export function commandLine(c: Container): string {
  return commandWords(c).join(' ');
}

/** A postStart hook that blocks until a proxy is ready: Istio's hold and Linkerd's await. */
export function waitHookTool(c: Container): string | null {
  const cmd = (c.lifecycle?.postStart?.exec?.command ?? []).join(' ');
  if (/pilot-agent\s+wait/.test(cmd)) return 'pilot-agent wait';
  if (/linkerd-await/.test(cmd)) return 'linkerd-await';
  if (/wait-for-proxy|wait-for-sidecar/.test(cmd)) return cmd;
  return null;
}

/** Seconds, printed without a trailing ".0". */
export const secs = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(1)}s`;
