// Sidecars that a mutating admission webhook will add to the pod: the manifest does not show them,
// but the pod that runs will have them. Recognised from the opt-in annotations and labels of the
// injectors most clusters run; the mode (native or legacy) is stated only where a pod-level
// annotation selects it, otherwise it is the injector's own configuration.
import type { ObjectMeta } from '../k8s/types';
import type { WorkloadContext } from '../workload';

export type InjectionMode = 'NATIVE' | 'LEGACY' | 'INJECTOR_DEFAULT';

export interface InjectedSidecar {
  /** Istio, Linkerd, Dapr, Vault Agent Injector, OpenTelemetry Operator. */
  injector: string;
  /** Name the injected container will have. */
  container: string;
  mode: InjectionMode;
  /** The annotation or label that asks for the injection, as key=value. */
  annotation: string;
  /** Field path of that annotation or label, from the object's root. */
  path: string;
  message: string;
}

function podMetaPath(ctx: WorkloadContext): string {
  // The pod's metadata sits beside its spec: spec.template.spec -> spec.template.metadata.
  return ctx.workload.specPath.replace(/(^|\.)spec$/, '$1metadata');
}

function lookup(
  meta: ObjectMeta,
  key: string,
): { value: string; where: 'annotations' | 'labels' } | null {
  const a = meta.annotations?.[key];
  if (typeof a === 'string') return { value: a, where: 'annotations' };
  const l = meta.labels?.[key];
  if (typeof l === 'string') return { value: l, where: 'labels' };
  return null;
}

const truthy = (v: string | undefined): boolean =>
  v !== undefined && /^(true|enabled|yes|on|1)$/i.test(v.trim());
const falsy = (v: string | undefined): boolean =>
  v !== undefined && /^(false|disabled|no|off|0)$/i.test(v.trim());

function modeFrom(meta: ObjectMeta, keys: string[]): { mode: InjectionMode; key: string | null } {
  for (const key of keys) {
    const found = lookup(meta, key);
    if (found && truthy(found.value)) return { mode: 'NATIVE', key };
    if (found && falsy(found.value)) return { mode: 'LEGACY', key };
  }
  return { mode: 'INJECTOR_DEFAULT', key: null };
}

function describeMode(mode: InjectionMode, key: string | null, defaultNote: string): string {
  if (mode === 'NATIVE') return `as a native sidecar (${key}: "true")`;
  if (mode === 'LEGACY') return `as a regular container, a legacy sidecar (${key}: "false")`;
  return `as a native or a legacy sidecar depending on the injector's configuration (${defaultNote})`;
}

/** The sidecars this pod will get at admission, and in which mode. */
export function detectInjectedSidecars(ctx: WorkloadContext): InjectedSidecar[] {
  const meta = ctx.workload.podMeta;
  const spec = ctx.workload.spec;
  const names = new Set(
    [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.name ?? ''),
  );
  const metaPath = podMetaPath(ctx);
  const out: InjectedSidecar[] = [];
  const gateNote = ctx.gates.SidecarContainers
    ? ''
    : ` Kubernetes ${ctx.version.text} has the SidecarContainers gate off, so a native injection would be rejected or dropped.`;

  const push = (
    injector: string,
    container: string,
    trigger: { key: string; value: string; where: 'annotations' | 'labels' },
    mode: { mode: InjectionMode; key: string | null },
    defaultNote: string,
  ): void => {
    out.push({
      injector,
      container,
      mode: mode.mode,
      annotation: `${trigger.key}=${trigger.value}`,
      // Map keys that are not plain identifiers go in brackets, as the API server writes them.
      path: `${metaPath}.${trigger.where}${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(trigger.key) ? `.${trigger.key}` : `[${trigger.key}]`}`,
      message: `${injector} will add "${container}" to this pod at admission (${trigger.where.slice(0, -1)} ${trigger.key}: "${trigger.value}"), ${describeMode(mode.mode, mode.key, defaultNote)}.${gateNote}`,
    });
  };

  // Istio: opt-in by sidecar.istio.io/inject (label or annotation) or a revision label; the
  // injector skips pods that carry its status annotation or an istio-proxy, and host-network pods.
  const istioOptOut = lookup(meta, 'sidecar.istio.io/inject');
  const istioInjected =
    meta.annotations?.['sidecar.istio.io/status'] !== undefined || names.has('istio-proxy');
  if (!istioInjected && !falsy(istioOptOut?.value) && spec.hostNetwork !== true) {
    const triggerKey = ['sidecar.istio.io/inject', 'istio.io/rev', 'istio-injection'].find(
      (key) => {
        const found = lookup(meta, key);
        if (!found) return false;
        if (key === 'istio.io/rev') return found.where === 'labels' && found.value !== '';
        return truthy(found.value);
      },
    );
    const found = triggerKey ? lookup(meta, triggerKey) : null;
    if (triggerKey && found) {
      push(
        'Istio',
        'istio-proxy',
        { key: triggerKey, ...found },
        modeFrom(meta, ['sidecar.istio.io/nativeSidecar']),
        'istiod ENABLE_NATIVE_SIDECARS',
      );
    }
  }

  // Linkerd: linkerd.io/inject enabled|ingress; already meshed pods carry linkerd-proxy.
  const linkerd = lookup(meta, 'linkerd.io/inject');
  if (linkerd && /^(enabled|ingress)$/i.test(linkerd.value) && !names.has('linkerd-proxy')) {
    push(
      'Linkerd',
      'linkerd-proxy',
      { key: 'linkerd.io/inject', ...linkerd },
      modeFrom(meta, [
        'config.beta.linkerd.io/proxy-enable-native-sidecar',
        'config.alpha.linkerd.io/proxy-enable-native-sidecar',
      ]),
      'proxy.nativeSidecar in the Linkerd installation',
    );
  }

  // Dapr: dapr.io/enabled adds daprd.
  const dapr = lookup(meta, 'dapr.io/enabled');
  if (dapr && truthy(dapr.value) && !names.has('daprd')) {
    push(
      'Dapr',
      'daprd',
      { key: 'dapr.io/enabled', ...dapr },
      { mode: 'INJECTOR_DEFAULT', key: null },
      'the Dapr sidecar injector',
    );
  }

  // Vault Agent Injector: agent-inject adds vault-agent-init and the vault-agent sidecar, unless
  // only pre-population is asked for (then there is no sidecar, only an init container).
  const vault = lookup(meta, 'vault.hashicorp.com/agent-inject');
  const vaultDone =
    meta.annotations?.['vault.hashicorp.com/agent-inject-status'] === 'injected' ||
    names.has('vault-agent') ||
    names.has('vault-agent-init');
  const prePopulateOnly = truthy(meta.annotations?.['vault.hashicorp.com/agent-pre-populate-only']);
  if (vault && truthy(vault.value) && !vaultDone && !prePopulateOnly) {
    push(
      'Vault Agent Injector',
      'vault-agent',
      { key: 'vault.hashicorp.com/agent-inject', ...vault },
      { mode: 'INJECTOR_DEFAULT', key: null },
      'the vault-k8s injector',
    );
  }

  // OpenTelemetry Operator: sidecar.opentelemetry.io/inject "true" or a collector's name.
  const otel = lookup(meta, 'sidecar.opentelemetry.io/inject');
  if (otel && !falsy(otel.value) && otel.value.trim() !== '' && !names.has('otc-container')) {
    push(
      'OpenTelemetry Operator',
      'otc-container',
      { key: 'sidecar.opentelemetry.io/inject', ...otel },
      { mode: 'INJECTOR_DEFAULT', key: null },
      'the operator feature gate operator.sidecarcontainers.native',
    );
  }
  return out;
}
