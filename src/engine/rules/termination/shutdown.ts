// Spec-derived shutdown needs, shared by the termination rules (kuberuntime_container.go killContainersWithSyncResult, killContainer; docs/kubernetes-behaviour.md#termination): every
// container's clock starts when termination starts; preStop hooks run at once; a native sidecar
// gets its stop signal only after every app container (and every later sidecar) has exited.
import { flagValue } from '../../classification';
import type { RuleContainer, RuleContext } from '../context';
import { handlerSeconds } from '../helpers';

function durationSeconds(text: string | null | undefined): number | null {
  if (!text) return null;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : unit === 'h' ? n * 3600 : n;
}

/** preStop time of a container, when the spec states it (sleep action or exec sleep). */
export function preStopSeconds(c: RuleContainer): number {
  return handlerSeconds(c.container.lifecycle?.preStop) ?? 0;
}

/**
 * How long a helper keeps running after its stop signal, where its configuration says so:
 * cloud-sql-proxy --max-sigterm-delay, Istio terminationDrainDuration, Linkerd wait-before-exit.
 */
export function drainSeconds(
  ctx: RuleContext,
  c: RuleContainer,
): { seconds: number; source: string } | null {
  if (c.helper?.id === 'cloud-sql-proxy') {
    const v = durationSeconds(flagValue(c.container, 'max-sigterm-delay'));
    if (v) return { seconds: v, source: '--max-sigterm-delay' };
  }
  const ann = ctx.workload.podMeta.annotations ?? {};
  if (c.helper?.id === 'istio-proxy') {
    const m = /terminationDrainDuration:\s*["']?([\d.]+(?:ms|s|m|h)?)/.exec(
      ann['proxy.istio.io/config'] ?? '',
    );
    const v = durationSeconds(m?.[1]);
    if (v) return { seconds: v, source: 'terminationDrainDuration in proxy.istio.io/config' };
  }
  if (c.helper?.id === 'linkerd-proxy') {
    const v = durationSeconds(ann['config.alpha.linkerd.io/proxy-wait-before-exit-seconds']);
    if (v) return { seconds: v, source: 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds' };
  }
  return null;
}

/** Seconds until the last app container has exited, as far as the spec tells (its preStop). */
export function appsExitSeconds(ctx: RuleContext): number {
  return Math.max(0, ...ctx.containers.filter((c) => c.role === 'APP').map(preStopSeconds));
}
