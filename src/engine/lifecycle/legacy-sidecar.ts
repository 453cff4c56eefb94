// A small recogniser for legacy sidecars: long-running helpers placed in spec.containers (mesh
// proxies, database proxies, log shippers, ...). In a Job they keep the pod running after the app
// has finished (user-pains A). Exported so the rules engine can reuse or replace it.

import type { Container } from '../k8s/types';

export interface LegacySidecarMatch {
  /** What kind of helper it looks like. */
  kind: string;
}

// Image or container-name fragments of helpers that never exit on their own.
const KNOWN_HELPERS: readonly [RegExp, string][] = [
  [/(^|\/)proxyv2(:|@|$)|istio-proxy/, 'Istio proxy'],
  [/linkerd-proxy|linkerd2-proxy|(^|\/)proxy:stable/, 'Linkerd proxy'],
  [/cloud-sql-proxy|cloudsql-proxy|cloud_sql_proxy/, 'Cloud SQL Auth Proxy'],
  [/alloydb-auth-proxy/, 'AlloyDB Auth Proxy'],
  [/(^|\/)envoy(proxy)?(:|@|$)|envoyproxy\//, 'Envoy proxy'],
  [/daprio\/daprd|daprd/, 'Dapr sidecar'],
  [/vault-agent|hashicorp\/vault(:|@|$)/, 'Vault agent'],
  [/fluent-?bit|fluentd|filebeat|promtail|vector(:|@|$)|tailing-sidecar/, 'log shipper'],
  [/(^|[/\s-])otel(-?col|-agent|:)|opentelemetry-collector/, 'OpenTelemetry collector'],
  [/oauth2-proxy|kube-rbac-proxy/, 'auth proxy'],
  [/configmap-reload|config-reloader/, 'config reloader'],
];

/** Whether an app container looks like a long-running helper rather than the workload itself. */
export function recognizeLegacySidecar(container: Container): LegacySidecarMatch | null {
  const text = `${container.image ?? ''} ${container.name ?? ''}`.toLowerCase();
  for (const [pattern, kind] of KNOWN_HELPERS) {
    if (pattern.test(text)) {
      return { kind };
    }
  }
  return null;
}

// The workarounds an app uses to stop its helpers when it is done (user-pains A.2).
const STOP_CALLS =
  /quitquitquit|\/quit\b|pilot-agent\s+request\s+post\s+quit|linkerd-await\s+.*--shutdown|\/shutdown\b/i;

/** Whether the app container's command tells its helpers to exit when it finishes. */
export function stopsHelpersItself(container: Container): boolean {
  const text = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  return STOP_CALLS.test(text);
}
