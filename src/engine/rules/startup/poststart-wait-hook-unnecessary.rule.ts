import { enabledFromMinor } from '../../k8s/features';
import { legacySidecars } from '../context';
import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import { waitHookTool } from '../helpers';
import { migrateToNativeSidecar } from '../migrate';

const SIDECARS_ON_MINOR = enabledFromMinor('SidecarContainers');
const SIDECARS_ON = `1.${SIDECARS_ON_MINOR}`;

export const poststartWaitHookUnnecessary = defineRule({
  id: 'poststart-wait-hook-unnecessary',
  category: 'startup',
  defaultSeverity: 'info',
  basis: 'classification',
  title: 'postStart wait hook that a native sidecar makes unnecessary',
  rationale: `Istio's holdApplicationUntilProxyStarts (a postStart \`pilot-agent wait\`) and Linkerd's \`linkerd-await\` order startup by blocking the kubelet in the first container's postStart hook; they time out under load (istio/istio #41086) and do nothing for shutdown or Jobs. On Kubernetes ${SIDECARS_ON}+ a native sidecar with a startupProbe gives the same ordering from the kubelet itself, and orders shutdown too.`,
  remediation:
    'Make the proxy a native sidecar (spec.initContainers with restartPolicy: Always and a startupProbe) and remove the postStart wait hook.',
  appliesTo: ['legacy-sidecar'],
  check(ctx) {
    if (!ctx.gates.SidecarContainers) return [];
    return legacySidecars(ctx).flatMap((c) => {
      const tool = waitHookTool(c.container);
      if (!tool) return [];
      return [
        {
          message: `${describeContainer(c)} holds the app back with a postStart "${tool}" hook; as a native sidecar the kubelet starts the app only after the proxy's startupProbe passes, and stops the proxy after the app.`,
          path: `${c.path}.lifecycle.postStart`,
          container: c.name,
        },
      ];
    });
  },
  fix(ctx, hit, editor) {
    const target = ctx.containers.find((c) => c.name === hit.container && c.role === 'APP');
    return target ? migrateToNativeSidecar(ctx, target, editor) : false;
  },
});
