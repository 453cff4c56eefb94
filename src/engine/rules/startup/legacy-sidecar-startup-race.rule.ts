import { legacySidecars, mainContainers } from '../context';
import { defineRule } from '../define-rule';
import { describeContainer, evidenceNote, quoteList } from '../describe';
import { waitHookTool } from '../helpers';
import { migrateHitContainer, withFixNote } from '../migrate';

export const legacySidecarStartupRace = defineRule({
  id: 'legacy-sidecar-startup-race',
  category: 'startup',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'App races a legacy sidecar it needs at start',
  rationale:
    'App containers are all started in the same kubelet sync, with no ordering between them (kuberuntime_manager.go computeInitContainerActions). An app that needs a mesh proxy, a database proxy, a secrets agent or a runtime like daprd from its first second can start before that helper listens, and its first connections fail or it crash-loops: istio/istio #11130, hashicorp/vault #29444, bank-vaults #414. A native sidecar with a startupProbe is started, and started, before the app containers.',
  remediation:
    'Make the helper a native sidecar: move it to spec.initContainers with restartPolicy: Always and a startupProbe that passes when it is ready.',
  check(ctx) {
    // Pods that must finish get legacy-sidecar-blocks-job-completion, which carries the same fix.
    if (ctx.isJob || (ctx.workload.kind === 'Pod' && ctx.podRestartPolicy !== 'Always')) return [];
    const apps = mainContainers(ctx).map((c) => c.name);
    const hasSecretsInit = ctx.containers.some(
      (c) => c.role === 'INIT' && c.helper?.kind === 'secrets-init',
    );
    return legacySidecars(ctx).flatMap((c) => {
      if (!c.helper?.neededAtStart) return [];
      // A postStart wait on the first container holds the others back (Istio's hold-application).
      if (waitHookTool(c.container) && c.index === 0) return [];
      // Secrets pre-populated by an init container are there before the app starts.
      if (c.helper.kind === 'secrets-agent' && hasSecretsInit) return [];
      return [
        {
          message: withFixNote(
            ctx,
            c,
            `${describeContainer(c)} is a regular container started together with ${quoteList(apps)} with no ordering: the app can start before the ${c.helper.kind.replace('-', ' ')} is ready and fail its first connections.` +
              evidenceNote(c),
          ),
          path: c.path,
          confidence: c.confidence,
          container: c.name,
        },
      ];
    });
  },
  fix: migrateHitContainer,
});
