import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import { PROBE_DEFAULT_FAILURE_THRESHOLD } from '../../lifecycle/probes';
import { servesTraffic } from './sidecar-liveness-probe-missing.rule';

const OFF_PATH_KINDS = [
  'log-shipper',
  'config-reloader',
  'metrics-adapter',
  'telemetry-collector',
  'secrets-agent',
];

export const sidecarReadinessFlapsApp = defineRule({
  id: 'sidecar-readiness-flaps-app',
  category: 'probes',
  defaultSeverity: 'info',
  basis: 'classification',
  title: 'Sidecar readinessProbe can take the app out of its endpoints',
  rationale:
    "Pod Ready requires every native sidecar to be ready (pkg/kubelet/status/generate.go), so each failure of a sidecar's readinessProbe removes the whole pod from its Service endpoints, even when the app could serve. That is right for a proxy in the request path, and surprising for a helper that is not (kubernetes #142145): a log shipper or config reloader having a slow moment takes the app offline, and a one-strike probe flaps it.",
  remediation:
    'Remove the readinessProbe from sidecars that are not in the request path (use a livenessProbe instead), and give the others a failureThreshold above 1.',
  appliesTo: ['native-sidecar'],
  check(ctx) {
    return ctx.containers.flatMap((c) => {
      const probe = c.container.readinessProbe;
      if (c.role !== 'SIDECAR' || !probe) return [];
      const offPath = c.helper ? OFF_PATH_KINDS.includes(c.helper.kind) : !servesTraffic(c);
      const failureThreshold = probe.failureThreshold ?? PROBE_DEFAULT_FAILURE_THRESHOLD;
      const oneStrike = failureThreshold === 1;
      if (!offPath && !oneStrike) return [];
      const why = offPath
        ? `it is not in the request path, yet each readiness failure removes the pod from its Service endpoints`
        : `its readinessProbe has failureThreshold 1, so a single slow answer removes the pod from its Service endpoints`;
      return [
        {
          message: `native sidecar ${describeContainer(c)} gates Pod Ready: ${why}.`,
          path: `${c.path}.readinessProbe`,
          container: c.name,
        },
      ];
    });
  },
});
