// Sidecars that a mutating admission webhook will add to the pod: the manifest does not show them,
// but the pod that runs will have them. Recognised from the opt-in annotations and labels of the
// injectors most clusters run, each checked against the injector's own source (cited per
// injector below); the mode (native or legacy) is stated where an annotation or the cluster
// version selects it, otherwise it is the injector's own configuration.
import type { ObjectMeta } from '../k8s/types';
import type { WorkloadContext } from '../workload';

export type InjectionMode = 'NATIVE' | 'LEGACY' | 'INJECTOR_DEFAULT';

/** A sidecar a mutating admission webhook will add to this pod (it is not in the manifest yet). */
export interface InjectedSidecar {
  /**
   * Istio, Linkerd, Dapr, Consul, Kuma, Vault Agent Injector, OpenTelemetry Operator, GKE Cloud
   * Storage FUSE, Jaeger Operator.
   */
  injector: string;
  /** Name the injected container will have. */
  container: string;
  /** Native sidecar, legacy app container, or as the injector is configured. */
  mode: InjectionMode;
  /** The annotation or label that asks for the injection, as key=value. */
  annotation: string;
  /** Field path of that annotation or label. */
  path: string;
  /**
   * True for an init container that runs to completion before the app (OpenTelemetry
   * auto-instrumentation), not a sidecar.
   */
  runsToCompletion: boolean;
  /** What it changes for this pod: the init phase, the pod's resources, Job completion. */
  effects: string[];
  /** What the injection means for this pod (start order, resources, Job completion). */
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
  const why = key ? `${key}: "${mode === 'NATIVE' ? 'true' : 'false'}"` : defaultNote;
  if (mode === 'NATIVE') return `as a native sidecar (${why})`;
  if (mode === 'LEGACY') return `as a regular container, a legacy sidecar (${why})`;
  return `as a native or a legacy sidecar depending on the injector's configuration (${defaultNote})`;
}

/** The sidecars this pod will get at admission, and in which mode. */
export function detectInjectedSidecars(ctx: WorkloadContext): InjectedSidecar[] {
  const meta = ctx.workload.podMeta;
  const spec = ctx.workload.spec;
  // The pod's container names, read only once an injector is asked for (most pods ask none).
  let names: Set<string> | undefined;
  const has = (name: string): boolean => {
    if (!names) {
      names = new Set<string>();
      for (const c of spec.initContainers ?? []) names.add(c.name ?? '');
      for (const c of spec.containers ?? []) names.add(c.name ?? '');
    }
    return names.has(name);
  };
  const out: InjectedSidecar[] = [];

  const isJob = ctx.workload.kind === 'Job' || ctx.workload.kind === 'CronJob';
  const push = (
    injector: string,
    container: string,
    trigger: { key: string; value: string; where: 'annotations' | 'labels' },
    mode: { mode: InjectionMode; key: string | null },
    defaultNote: string,
    options: { runsToCompletion?: boolean; extra?: string[]; root?: boolean } = {},
  ): void => {
    const runsToCompletion = options.runsToCompletion === true;
    const effects = [
      ...(options.extra ?? []),
      ...effectsOf(runsToCompletion, mode.mode, isJob, ctx.gates.SidecarContainers),
    ];
    const base = options.root ? 'metadata' : podMetaPath(ctx);
    const gateNote = ctx.gates.SidecarContainers
      ? ''
      : ` Kubernetes ${ctx.version.text} has the SidecarContainers gate off, so a native injection would be rejected or dropped.`;
    const how = runsToCompletion
      ? 'as an init container that runs to completion'
      : describeMode(mode.mode, mode.key, defaultNote);
    out.push({
      injector,
      container,
      mode: mode.mode,
      annotation: `${trigger.key}=${trigger.value}`,
      // Map keys that are not plain identifiers go in brackets, as the API server writes them.
      path: `${base}.${trigger.where}${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(trigger.key) ? `.${trigger.key}` : `[${trigger.key}]`}`,
      runsToCompletion,
      effects,
      message: `${injector} will add "${container}" to this pod at admission (${trigger.where.slice(0, -1)} ${trigger.key}: "${trigger.value}"), ${how}. ${effects.join(' ')}${runsToCompletion ? '' : gateNote}`,
    });
  };

  // Istio: opt-in by sidecar.istio.io/inject (label or annotation) or a revision label; the
  // injector skips pods that carry its status annotation or an istio-proxy, and host-network pods.
  const istioOptOut = lookup(meta, 'sidecar.istio.io/inject');
  const istioInjected = (): boolean =>
    meta.annotations?.['sidecar.istio.io/status'] !== undefined || has('istio-proxy');
  if (!falsy(istioOptOut?.value) && spec.hostNetwork !== true) {
    const triggerKey = ['sidecar.istio.io/inject', 'istio.io/rev', 'istio-injection'].find(
      (key) => {
        const found = lookup(meta, key);
        if (!found) return false;
        if (key === 'istio.io/rev') return found.where === 'labels' && found.value !== '';
        return truthy(found.value);
      },
    );
    const found = triggerKey ? lookup(meta, triggerKey) : null;
    if (triggerKey && found && !istioInjected()) {
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
  if (linkerd && /^(enabled|ingress)$/i.test(linkerd.value) && !has('linkerd-proxy')) {
    push(
      'Linkerd',
      'linkerd-proxy',
      { key: 'linkerd.io/inject', ...linkerd },
      // GA name first; the beta and alpha names are deprecated aliases (linkerd/linkerd2
      // pkg/k8s/labels.go ProxyEnableNativeSidecarAnnotation).
      modeFrom(meta, [
        'config.linkerd.io/proxy-enable-native-sidecar',
        'config.beta.linkerd.io/proxy-enable-native-sidecar',
        'config.alpha.linkerd.io/proxy-enable-native-sidecar',
      ]),
      'proxy.nativeSidecar in the Linkerd installation',
    );
  }

  // Dapr: dapr.io/enabled adds daprd; dapr.io/enable-native-sidecar chooses a native sidecar
  // (dapr/dapr pkg/injector/annotations/annotations.go KeyEnableNativeSidecar).
  const dapr = lookup(meta, 'dapr.io/enabled');
  if (dapr && truthy(dapr.value) && !has('daprd')) {
    push(
      'Dapr',
      'daprd',
      { key: 'dapr.io/enabled', ...dapr },
      modeFrom(meta, ['dapr.io/enable-native-sidecar']),
      'the Dapr sidecar injector',
    );
  }

  // Consul: connect-inject adds consul-connect-inject-init and consul-dataplane, a regular
  // container unless enable-consul-dataplane-as-sidecar (hashicorp/consul-k8s
  // control-plane/connect-inject/lifecycle/lifecycle_configuration.go; the injector's default
  // -default-enable-consul-dataplane-as-sidecar is false).
  const consul = lookup(meta, 'consul.hashicorp.com/connect-inject');
  if (consul && truthy(consul.value) && !has('consul-dataplane')) {
    push(
      'Consul',
      'consul-dataplane',
      { key: 'consul.hashicorp.com/connect-inject', ...consul },
      modeFrom(meta, ['consul.hashicorp.com/enable-consul-dataplane-as-sidecar']),
      'a regular container unless consul-k8s runs with -default-enable-consul-dataplane-as-sidecar',
      {
        extra: [
          'It also adds the init container consul-connect-inject-init, which must finish first.',
        ],
      },
    );
  }

  // Kuma: kuma.io/sidecar-injection enabled adds kuma-init and kuma-sidecar; the control plane
  // injects kuma-sidecar as a native sidecar from Kubernetes 1.29 (kumahq/kuma
  // pkg/plugins/runtime/k8s/plugin.go sidecarContainerVersion), the release that turns the
  // SidecarContainers gate on.
  const kuma = lookup(meta, 'kuma.io/sidecar-injection');
  if (kuma && /^(enabled|true)$/i.test(kuma.value) && !has('kuma-sidecar')) {
    push(
      'Kuma',
      'kuma-sidecar',
      { key: 'kuma.io/sidecar-injection', ...kuma },
      ctx.gates.SidecarContainers ? { mode: 'NATIVE', key: null } : { mode: 'LEGACY', key: null },
      'the Kuma control plane',
      { extra: ['It also adds the init container kuma-init (or kuma-validation with the CNI).'] },
    );
  }

  // Vault Agent Injector: agent-inject adds vault-agent-init and the vault-agent sidecar, unless
  // only pre-population is asked for (then there is no sidecar, only an init container).
  const vault = lookup(meta, 'vault.hashicorp.com/agent-inject');
  const vaultDone = (): boolean =>
    meta.annotations?.['vault.hashicorp.com/agent-inject-status'] === 'injected' ||
    has('vault-agent') ||
    has('vault-agent-init');
  if (
    vault &&
    truthy(vault.value) &&
    !truthy(meta.annotations?.['vault.hashicorp.com/agent-pre-populate-only']) &&
    !vaultDone()
  ) {
    // vault-k8s always appends vault-agent to spec.containers: a legacy sidecar.
    push(
      'Vault Agent Injector',
      'vault-agent',
      { key: 'vault.hashicorp.com/agent-inject', ...vault },
      { mode: 'LEGACY', key: null },
      'vault-k8s always adds vault-agent to spec.containers',
      {
        extra: [
          'It also adds the init container vault-agent-init, which must authenticate and render the secrets first.',
        ],
      },
    );
  }

  // OpenTelemetry Operator: sidecar.opentelemetry.io/inject "true" or a collector's name.
  const otel = lookup(meta, 'sidecar.opentelemetry.io/inject');
  if (otel && !falsy(otel.value) && otel.value.trim() !== '' && !has('otc-container')) {
    push(
      'OpenTelemetry Operator',
      'otc-container',
      { key: 'sidecar.opentelemetry.io/inject', ...otel },
      { mode: 'INJECTOR_DEFAULT', key: null },
      'the operator feature gate operator.sidecarcontainers.native',
    );
  }

  // OpenTelemetry Operator auto-instrumentation: instrumentation.opentelemetry.io/inject-<lang>
  // adds an init container that copies the agent (java, nodejs, python, dotnet); inject-go adds
  // the eBPF instrumentation as a regular, privileged container
  // (open-telemetry/opentelemetry-operator docs: automatic instrumentation).
  for (const lang of ['java', 'nodejs', 'python', 'dotnet', 'go']) {
    const key = `instrumentation.opentelemetry.io/inject-${lang}`;
    const found = lookup(meta, key);
    if (!found || falsy(found.value) || found.value.trim() === '') continue;
    const container =
      lang === 'go'
        ? 'opentelemetry-auto-instrumentation'
        : `opentelemetry-auto-instrumentation-${lang}`;
    if (has(container)) continue;
    if (lang === 'go') {
      push(
        'OpenTelemetry Operator',
        container,
        { key, ...found },
        { mode: 'LEGACY', key: null },
        '',
        {
          extra: ['It runs privileged beside the app (eBPF instrumentation).'],
        },
      );
    } else {
      push(
        'OpenTelemetry Operator',
        container,
        { key, ...found },
        { mode: 'INJECTOR_DEFAULT', key: null },
        '',
        {
          runsToCompletion: true,
        },
      );
    }
  }

  // GKE Cloud Storage FUSE: gke-gcsfuse/volumes "true" adds gke-gcsfuse-sidecar, a native
  // sidecar on clusters that support it (GKE docs: Cloud Storage FUSE CSI driver sidecar).
  const gcsfuse = lookup(meta, 'gke-gcsfuse/volumes');
  if (gcsfuse && truthy(gcsfuse.value) && !has('gke-gcsfuse-sidecar')) {
    push(
      'GKE Cloud Storage FUSE',
      'gke-gcsfuse-sidecar',
      { key: 'gke-gcsfuse/volumes', ...gcsfuse },
      ctx.gates.SidecarContainers ? { mode: 'NATIVE', key: null } : { mode: 'LEGACY', key: null },
      'GKE',
    );
  }

  // Jaeger Operator: sidecar.jaegertracing.io/inject on the Deployment adds jaeger-agent, always
  // a regular container (jaegertracing/jaeger-operator pkg/inject/sidecar.go).
  const jaeger =
    ctx.workload.kind === 'Deployment'
      ? lookup(ctx.workload.objectMeta, 'sidecar.jaegertracing.io/inject')
      : null;
  if (jaeger && !falsy(jaeger.value) && jaeger.value.trim() !== '' && !has('jaeger-agent')) {
    push(
      'Jaeger Operator',
      'jaeger-agent',
      { key: 'sidecar.jaegertracing.io/inject', ...jaeger },
      { mode: 'LEGACY', key: null },
      'the Jaeger operator always adds a regular container',
      { root: true },
    );
  }
  return out;
}

/** What an injected container changes for the pod. */
function effectsOf(
  runsToCompletion: boolean,
  mode: InjectionMode,
  isJob: boolean,
  sidecarsOn: boolean,
): string[] {
  if (runsToCompletion) {
    return [
      'Init phase: it runs before the app containers and must exit 0 first, so start-up takes longer.',
      "Resources: its requests count in the pod's init-phase peak (PodRequests takes the max of init and running).",
    ];
  }
  const native = mode === 'NATIVE' && sidecarsOn;
  const out = [
    native
      ? 'Init phase: as a native sidecar it starts before the app containers, and later init containers run with it.'
      : mode === 'LEGACY' || !sidecarsOn
        ? 'Init phase: as a regular container it starts together with the app, in no order, and init containers run without it.'
        : 'Init phase: native, it starts before the app; legacy, together with it.',
    "Resources: its requests add to the pod's for its whole life, and can lower its QoS class.",
  ];
  if (isJob) {
    out.push(
      native
        ? 'Job: a native sidecar is stopped after the app exits, so the Job still completes.'
        : mode === 'LEGACY' || !sidecarsOn
          ? 'Job: a regular container that does not exit keeps the pod Running, so the Job never completes.'
          : 'Job: injected as a legacy container it keeps the Job from completing.',
    );
  }
  return out;
}
