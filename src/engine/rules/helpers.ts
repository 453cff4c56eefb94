// Small spec readers the rules share: durations of hooks, probe budgets, quantities for
// thresholds, QoS per container. Kept here so every rule reads the spec the same way.
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

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * A quantity as a float, for thresholds only ("more than twice"): exact arithmetic is the
 * resources module's job. Null when it does not parse.
 */
export function approxQuantity(q: string | number | undefined): number | null {
  if (q === undefined) return null;
  if (typeof q === 'number') return q;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/.exec(
    q.trim(),
  );
  if (!m) return null;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIX[m[3] ?? ''] ?? 1);
}

export type ContainerQos = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** requirementsQOS for one container (k8s-semantics b): only cpu and memory count. */
export function containerQos(c: Container): ContainerQos {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  if (Object.keys(req).length === 0 && Object.keys(lim).length === 0) return 'BestEffort';
  let zero = 0;
  let guaranteed = 0;
  for (const name of ['cpu', 'memory']) {
    const r = approxQuantity(req[name]) ?? 0;
    const l = approxQuantity(lim[name]) ?? 0;
    if (r !== l) return 'Burstable';
    if (r === 0) zero++;
    else guaranteed++;
  }
  if (zero > 0 && guaranteed > 0) return 'Burstable';
  return guaranteed === 2 ? 'Guaranteed' : 'BestEffort';
}

export function hasAnyResources(c: Container): boolean {
  return (
    Object.keys(c.resources?.requests ?? {}).length > 0 ||
    Object.keys(c.resources?.limits ?? {}).length > 0
  );
}

/** Seconds, printed without a trailing ".0". */
export const secs = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(1)}s`;

export function cpuText(cores: number): string {
  return cores >= 1 && Number.isInteger(cores) ? `${cores}` : `${Math.round(cores * 1000)}m`;
}

export function memoryText(bytes: number): string {
  if (bytes >= 2 ** 30 && bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30}Gi`;
  return `${Math.round(bytes / 2 ** 20)}Mi`;
}
