import { enabledFromMinor } from '../../k8s/features';
import { legacySidecars, mainContainers } from '../context';
import type { RuleContext } from '../context';
import { defineRule } from '../define-rule';
import { describeContainer, evidenceNote, quoteList, workloadLabel } from '../describe';
import { stopsHelpersItself } from '../../lifecycle/legacy-sidecar';
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
  appliesTo: ['legacy-sidecar'],
  check(ctx) {
    if (!mustFinish(ctx)) return [];
    const main = mainContainers(ctx);
    const apps = main.map((c) => c.name);
    // An app that tells its helpers to quit when it is done (/quitquitquit): the Job can complete
    // (the lifecycle simulation has it stopped by the app), so the failure is not certain.
    const stoppers = main.filter((c) => stopsHelpersItself(c.container)).map((c) => c.name);
    return legacySidecars(ctx).map((c) => {
      const target = `${ctx.isJob ? 'the Job never completes' : 'the pod never reaches Succeeded'}`;
      const what =
        stoppers.length > 0
          ? `${workloadLabel(ctx)}: legacy sidecar ${describeContainer(c)} is a regular container that exits only when ${quoteList(stoppers)} tells it to (a /quitquitquit-style call at the end of its command). That is a fragile workaround: if the app crashes, is killed or exits before that call, the helper keeps the pod Running and ${target}.`
          : `${workloadLabel(ctx)}: legacy sidecar ${describeContainer(c)} is a regular container that does not exit when ${quoteList(apps)} finishes, so the pod stays Running and ${target}.`;
      return {
        message: withFixNote(ctx, c, `${what}${evidenceNote(c)}`),
        path: c.path,
        container: c.name,
        // That it never exits is certain from a command that never returns, whatever it is.
        confidence: neverReturns(c.container) ? 'CERTAIN' : c.confidence,
        ...(stoppers.length > 0 ? { atMost: 'warning' as const } : {}),
      };
    });
  },
  fix: migrateHitContainer,
});
