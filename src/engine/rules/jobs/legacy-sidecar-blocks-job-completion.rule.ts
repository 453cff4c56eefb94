import { enabledFromMinor } from '../../k8s/features';
import { legacySidecars, mainContainers } from '../context';
import type { RuleContext } from '../context';
import { defineRule } from '../define-rule';
import { describeContainer, evidenceNote, quoteList, workloadLabel } from '../describe';
import { neverReturns } from '../helpers';
import { migrateHitContainer, withFixNote } from '../migrate';

const SIDECARS_ON_MINOR = enabledFromMinor('SidecarContainers');
const SIDECARS_ON = `1.${SIDECARS_ON_MINOR}`;

// A pod that must finish: a Job or CronJob, or a bare Pod that is not restarted.
const mustFinish = (ctx: RuleContext): boolean =>
  ctx.isJob || (ctx.workload.kind === 'Pod' && ctx.podRestartPolicy !== 'Always');

export const legacySidecarBlocksJobCompletion = defineRule({
  id: 'legacy-sidecar-blocks-job-completion',
  category: 'jobs',
  defaultSeverity: 'error',
  basis: 'classification',
  title: 'Legacy sidecar keeps a Job from completing',
  rationale:
    'A pod succeeds only when every container in spec.containers has exited (kubelet_pods.go getPhase; docs: Jobs with sidecar containers). A helper that never exits, such as a mesh proxy or the Cloud SQL proxy, keeps the pod Running after the job itself is done, so the Job never completes: istio/istio #11045 and GoogleCloudPlatform/cloud-sql-proxy #1941. Workarounds like /quitquitquit only work when the app reaches that line. A native sidecar (an init container with restartPolicy: Always) is stopped by the kubelet once the app containers exit, and the pod phase ignores it.',
  remediation: `Move the helper to spec.initContainers with restartPolicy: Always (a native sidecar, Kubernetes ${SIDECARS_ON}+); a /quitquitquit or similar workaround is then no longer needed.`,
  check(ctx) {
    if (!mustFinish(ctx)) return [];
    const apps = mainContainers(ctx).map((c) => c.name);
    return legacySidecars(ctx).map((c) => {
      const quit = ctx.containers.some((o) =>
        JSON.stringify([o.container.command, o.container.args]).includes('quitquitquit'),
      );
      const workaround = quit
        ? ' The /quitquitquit call is a workaround that only stops it when the app reaches that call; a crash or an early exit leaves the pod running.'
        : '';
      return {
        message: withFixNote(
          ctx,
          c,
          `${workloadLabel(ctx)}: legacy sidecar ${describeContainer(c)} is a regular container that does not exit when ${quoteList(apps)} finishes, so the pod stays Running and ${ctx.isJob ? 'the Job never completes' : 'never reaches Succeeded'}.${workaround}${evidenceNote(c)}`,
        ),
        path: c.path,
        container: c.name,
        // That it never exits is certain from a command that never returns, whatever it is.
        confidence: neverReturns(c.container) ? 'CERTAIN' : c.confidence,
      };
    });
  },
  fix: migrateHitContainer,
});
