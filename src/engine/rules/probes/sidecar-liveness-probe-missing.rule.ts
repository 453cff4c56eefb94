import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import type { RuleContainer } from '../context';

/** A sidecar other containers talk to: a proxy, a runtime, a cache on a port. */
export const servesTraffic = (c: RuleContainer): boolean =>
  c.helper
    ? c.helper.servesInbound ||
      ['db-proxy', 'app-runtime', 'network-proxy', 'mesh-proxy'].includes(c.helper.kind)
    : (c.container.ports ?? []).length > 0;

export const sidecarLivenessProbeMissing = defineRule({
  id: 'sidecar-liveness-probe-missing',
  category: 'probes',
  defaultSeverity: 'info',
  basis: 'classification',
  title: 'Native sidecar that serves traffic has no livenessProbe',
  rationale:
    'The kubelet restarts a native sidecar when its process exits, but a proxy that hangs while still running is only restarted by a failing livenessProbe; until then every request through it fails (istio/istio #50550). Many linters skip init containers entirely and never flag this (stackrox/kube-linter #261, FairwindsOps/polaris #1120).',
  remediation:
    'Add a livenessProbe to the sidecar on its health endpoint, with a failureThreshold that tolerates short stalls.',
  appliesTo: ['native-sidecar'],
  check(ctx) {
    return (
      ctx.containers
        // No hint where the helper's own project deliberately ships no livenessProbe for it.
        .filter(
          (c) =>
            c.role === 'SIDECAR' &&
            !c.container.livenessProbe &&
            !c.helper?.noLivenessProbe &&
            servesTraffic(c),
        )
        .map((c) => ({
          message: `native sidecar ${describeContainer(c)} serves traffic but has no livenessProbe: if it hangs without exiting, the kubelet never restarts it.`,
          path: `${c.path}.livenessProbe`,
          container: c.name,
        }))
    );
  },
});
