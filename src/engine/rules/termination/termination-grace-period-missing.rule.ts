import { defineRule } from '../define-rule';
import { quoteList } from '../describe';
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS as DEFAULT_GRACE_SECONDS } from '../../lifecycle/termination-order';
import { secs } from '../helpers';
import { appsExitSeconds, drainSeconds, preStopSeconds } from './shutdown';
import type { RuleContext } from '../context';

// Shutdown the spec promises: the slowest preStop, then the longest sidecar drain after the apps.
function shutdownNeed(ctx: RuleContext): { seconds: number; containers: string[] } {
  const apps = appsExitSeconds(ctx);
  let need = 0;
  const names = new Set<string>();
  for (const c of ctx.containers) {
    const pre = preStopSeconds(c);
    const drain = c.role === 'SIDECAR' ? (drainSeconds(ctx, c)?.seconds ?? 0) : 0;
    const total = c.role === 'SIDECAR' ? Math.max(apps, pre) + drain : pre;
    if (pre > 0 || drain > 0) names.add(c.name);
    need = Math.max(need, total);
  }
  return { seconds: need, containers: [...names] };
}

// Needs at least two thirds of the default budget: close enough that a slow SIGTERM handler
// tips it over.
const THRESHOLD = (DEFAULT_GRACE_SECONDS * 2) / 3;

export const terminationGracePeriodMissing = defineRule({
  id: 'termination-grace-period-missing',
  category: 'termination',
  defaultSeverity: 'warning',
  basis: 'spec',
  title: 'Slow shutdown relies on the default 30-second grace period',
  rationale:
    "Without terminationGracePeriodSeconds the pod gets 30 seconds for everything: preStop hooks, the app's own shutdown and, after the app has exited, the native sidecars' shutdown (kuberuntime_container.go killContainersWithSyncResult, killContainer). A pod whose hooks and drains already take most of that is SIGKILLed as soon as the app is a little slow, and log shippers lose their last lines (SumoLogic/tailing-sidecar #466).",
  remediation:
    "Set spec.terminationGracePeriodSeconds explicitly, above the preStop and drain times plus the app's own shutdown.",
  appliesTo: ['pre-stop', 'native-sidecar'],
  check(ctx) {
    if (ctx.gracePeriodSet) return [];
    const need = shutdownNeed(ctx);
    if (need.seconds < THRESHOLD) return [];
    return [
      {
        message: `${quoteList(need.containers)} need about ${secs(need.seconds)} of preStop and drain time, but terminationGracePeriodSeconds is unset: the default ${secs(DEFAULT_GRACE_SECONDS)} leaves ${secs(Math.max(0, DEFAULT_GRACE_SECONDS - need.seconds))} for the processes to exit.`,
        path: `${ctx.specPath}.terminationGracePeriodSeconds`,
        container: null,
      },
    ];
  },
  fix(ctx, _hit, editor) {
    const spec = editor.doc.getIn(editor.specPath, true);
    if (!spec || typeof spec !== 'object' || !('items' in spec)) return false;
    // The stated need plus 15s for the processes themselves, rounded up to 5s.
    const value = Math.ceil((shutdownNeed(ctx).seconds + 15) / 5) * 5;
    editor.doc.setIn([...editor.specPath, 'terminationGracePeriodSeconds'], value);
    return true;
  },
});
