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
  appliesTo: ['legacy-sidecar'],
  check(ctx) {
    // Pods that must finish get legacy-sidecar-blocks-job-completion, which carries the same fix.
    if (ctx.isJob || (ctx.workload.kind === 'Pod' && ctx.podRestartPolicy !== 'Always')) return [];
    const apps = mainContainers(ctx).map((c) => c.name);
    const hasSecretsInit = ctx.containers.some(
      (c) => c.role === 'INIT' && c.helper?.kind === 'secrets-init',
    );
    return legacySidecars(ctx).flatMap((c) => {
      const helper = c.helper;
      if (!helper?.neededAtStart) return [];
      // A postStart wait on the first container holds the others back (Istio's hold-application).
      if (waitHookTool(c.container) && c.index === 0) return [];
      // Secrets pre-populated by an init container are there before the app starts.
      if (helper.kind === 'secrets-agent' && hasSecretsInit) return [];
      // No image: the API server rejects the pod (spec.containers[].image is required), so
      // nothing runs to race; the validation finding says so. In an injector's output this is
      // the user's partial override of the container the injector adds.
      if (!c.container.image) return [];
      // The helper waits for the app (its project keeps it legacy for that reason): it explains
      // why there is no fix, no race to warn about.
      if (c.native?.waitsForApp) {
        return [
          {
            message: withFixNote(
              ctx,
              c,
              `${describeContainer(c)} is a regular container on purpose: here it is the helper that waits for ${quoteList(apps)}, not the other way round, so there is no start-up race to fix.`,
            ),
            path: c.path,
            confidence: c.confidence,
            container: c.name,
            atMost: 'info' as const,
          },
        ];
      }
      return [
        {
          message: withFixNote(
            ctx,
            c,
            `${describeContainer(c)} is a regular container started together with ${quoteList(apps)} with no ordering: the app can start before the ${helper.kind.replace('-', ' ')} is ready and fail its first connections.` +
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
