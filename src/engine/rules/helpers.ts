// Small spec readers the rules share: durations of hooks, probe budgets, commands. Kept here so
// every rule reads the spec the same way. Quantities are never read here: the resource report
// (ctx.analyses.resources) has them exact.
import type { Container, LifecycleHandler, Probe } from '../k8s/types';
import { commandWords } from '../classification';
import {
  PROBE_DEFAULT_FAILURE_THRESHOLD,
  PROBE_DEFAULT_INITIAL_DELAY_SECONDS,
  PROBE_DEFAULT_PERIOD_SECONDS,
  PROBE_DEFAULT_SUCCESS_THRESHOLD,
  startupBudgetSeconds as budgetOfTiming,
} from '../lifecycle/probes';

/**
 * Longest time a startupProbe lets a container start before the kubelet kills it: the lifecycle
 * simulation's budget, over the spec's fields with the API defaults (SetDefaults_Probe).
 */
export function startupBudgetSeconds(probe: Probe): number {
  return budgetOfTiming({
    initialDelaySeconds: probe.initialDelaySeconds ?? PROBE_DEFAULT_INITIAL_DELAY_SECONDS,
    periodSeconds: probe.periodSeconds ?? PROBE_DEFAULT_PERIOD_SECONDS,
    failureThreshold: probe.failureThreshold ?? PROBE_DEFAULT_FAILURE_THRESHOLD,
    successThreshold: PROBE_DEFAULT_SUCCESS_THRESHOLD,
  });
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

/** Shell idioms that never return: `sleep infinity`, `tail -f /dev/null`, a loop with no break. */
export const RUNS_FOREVER =
  /(sleep\s+(infinity|inf)\b|tail\s+-f\s+\/dev\/null|while\s+(true|:)\s*;?\s*do(?![\s\S]*\b(?:break|exit|return)\b))/;

/** `tail -f` / `tail -F` (any other flags) follows its file forever: it never returns. */
export const FOLLOWS_FOREVER = /(^|[\s;&|'"(])tail\s+(?:-[a-zA-Z0-9+]+\s+)*-[a-zA-Z]*[fF]/;

/** Whether the container's command, by its shell structure alone, never returns. */
export function neverReturns(c: Container): boolean {
  const line = commandLine(c);
  return RUNS_FOREVER.test(line) || FOLLOWS_FOREVER.test(line);
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
