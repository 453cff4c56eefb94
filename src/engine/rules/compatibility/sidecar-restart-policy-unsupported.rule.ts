import { enabledFromMinor } from '../../k8s/features';
import { isSidecar } from '../../k8s/types';
import { defineRule } from '../define-rule';

const SIDECARS_ON_MINOR = enabledFromMinor('SidecarContainers');
const SIDECARS_ON = `1.${SIDECARS_ON_MINOR}`;

export const sidecarRestartPolicyUnsupported = defineRule({
  id: 'sidecar-restart-policy-unsupported',
  category: 'compatibility',
  defaultSeverity: 'error',
  basis: 'spec',
  title: 'Native sidecar on a cluster version that drops restartPolicy',
  rationale: `On Kubernetes 1.${SIDECARS_ON_MINOR - 1} the SidecarContainers feature gate is alpha and off by default: the API server drops restartPolicy from init containers on create (pkg/api/pod/util.go dropDisabledFields, KEP-753). The sidecar becomes a regular init container that never exits, so the pod hangs in Init, and its probes and lifecycle hooks make the pod invalid (istio/istio #52245).`,
  remediation: `Run the workload on Kubernetes ${SIDECARS_ON} or later (or enable the SidecarContainers gate), or keep the helper as a regular container on this cluster.`,
  appliesTo: ['init-container'],
  check(ctx) {
    if (ctx.gates.SidecarContainers) return [];
    return ctx.containers
      .filter((c) => c.role !== 'APP' && isSidecar(c.container))
      .map((c) => ({
        message: `init container "${c.name}" sets restartPolicy: Always, which Kubernetes ${ctx.version.text} drops with the SidecarContainers gate off: it becomes a regular init container that never exits and the pod stays in Init.`,
        path: `${c.path}.restartPolicy`,
        container: c.name,
      }));
  },
});
