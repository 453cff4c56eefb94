import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';

export const sidecarReadinessProbeMissing = defineRule({
  id: 'sidecar-readiness-probe-missing',
  category: 'probes',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'Inbound proxy sidecar without a readinessProbe',
  rationale:
    "A native sidecar's readiness counts toward ContainersReady and so toward Pod Ready and the Service endpoints (pkg/kubelet/status/generate.go, kubernetes #122902). Without a readinessProbe a sidecar counts as ready as soon as it has started, so a pod whose inbound traffic passes through a proxy is put in the endpoints, and kept there, while the proxy cannot forward.",
  remediation:
    "Add a readinessProbe on the proxy's readiness endpoint so Pod Ready reflects whether traffic can reach the app.",
  appliesTo: ['native-sidecar'],
  check(ctx) {
    return ctx.containers
      .filter(
        (c) =>
          c.role === 'SIDECAR' && c.helper?.servesInbound === true && !c.container.readinessProbe,
      )
      .map((c) => ({
        message: `native sidecar ${describeContainer(c)} receives the pod's inbound traffic but has no readinessProbe: the pod is marked Ready, and added to the Service endpoints, whether or not the proxy can forward.`,
        path: `${c.path}.readinessProbe`,
        container: c.name,
      }));
  },
  fix(ctx, hit, editor) {
    const target = ctx.containers.find((c) => c.name === hit.container && c.role === 'SIDECAR');
    // The proxy's own readiness endpoint, where the image documents one (Istio, Linkerd).
    const handler = target?.helper?.startupProbe?.(target.container)?.httpGet;
    const node = target ? editor.container('initContainers', target.index) : null;
    if (!handler || !node) return false;
    editor.setAfter(
      node,
      'readinessProbe',
      editor.doc.createNode({ httpGet: handler, periodSeconds: 10, failureThreshold: 3 }),
      ['startupProbe', 'livenessProbe', 'ports', 'restartPolicy'],
    );
    return true;
  },
});
