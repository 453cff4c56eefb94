import { defineRule } from '../define-rule';

export const sidecarInjectedAtAdmission = defineRule({
  id: 'sidecar-injected-at-admission',
  category: 'injection',
  defaultSeverity: 'info',
  basis: 'classification',
  title: 'Pod will get a sidecar at admission',
  rationale:
    'Mutating webhooks (Istio, Linkerd, Dapr, Consul, Kuma, the Vault Agent Injector, the OpenTelemetry Operator, GKE Cloud Storage FUSE, the Jaeger Operator) add their sidecar when the pod is created, so the pod that runs is not the one in the manifest: its effective requests, QoS, start-up and shutdown include a container this analysis cannot see. Whether it is injected as a native or a legacy sidecar changes Job completion and start-up ordering (istio/istio #52245, dapr/dapr #7771, open-telemetry/opentelemetry-operator #2376).',
  remediation:
    "Analyse the pod as admitted (kubectl get pod -o yaml, or the injector's offline inject command) to see the sidecar, and choose the native mode where the injector offers it.",
  check(ctx) {
    return ctx.injectedSidecars.map((s) => ({
      message: s.message,
      path: s.path,
      container: s.container,
    }));
  },
});
