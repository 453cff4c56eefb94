// The known-helper catalogue: what a platform engineer recognises at a glance from the image, the
// command line or the name, one entry per project with its upstream documentation. The classifier,
// the rules and the migration fix all read this one table, so "what is istio-proxy" is answered in
// exactly one place. Every entry carries examples that test/engine/classification/catalogue.spec.ts
// checks, and says whether its project supports running it as a native sidecar.
import type { Container, Probe } from '../k8s/types';
import type { PatternKind } from '../report';

export type HelperKind =
  | 'app-runtime'
  | 'auth-proxy'
  | 'backup-agent'
  | 'config-reloader'
  | 'csi-sidecar'
  | 'db-proxy'
  | 'debug'
  | 'docker-daemon'
  | 'identity-agent'
  | 'instrumentation-init'
  | 'log-shipper'
  | 'mesh-init'
  | 'mesh-proxy'
  | 'mesh-validator'
  | 'metrics-adapter'
  | 'network-proxy'
  | 'secrets-agent'
  | 'secrets-init'
  | 'storage-fuse'
  | 'telemetry-collector';

/** How sure a classification is: certain (the spec or the project's own marks say so), likely, a guess. */
export type Confidence = 'CERTAIN' | 'LIKELY' | 'GUESS';

/** What a classification decision rests on. */
export type EvidenceKind =
  | 'RESTART_POLICY'
  | 'KNOWN_IMAGE'
  | 'INJECTOR'
  | 'COMMAND'
  | 'SHARED_VOLUME'
  | 'LOCALHOST_PORT'
  | 'NAME_HINT'
  | 'WORKLOAD_PURPOSE';

export interface Evidence {
  kind: EvidenceKind;
  /** In words a user can check against the manifest. */
  detail: string;
}

/** How a catalogue entry recognised a container. */
export interface HelperMatch {
  /** image+command: the project's image running its own command (or its entrypoint); certain. */
  by: 'image+command' | 'image' | 'command' | 'name';
  detail: string;
}

/** Whether the helper's own project supports running it as a native sidecar (KEP-753). */
export interface NativeSupport {
  supported: boolean;
  /** Why not, or how the project turns it on. */
  note: string;
  /**
   * Here the helper waits for a container of the workload, not the other way round (Linkerd's
   * identity controller issues its own proxy's certificate): nothing races it at start.
   */
  waitsForApp?: boolean;
}

export interface KnownHelper {
  /** Stable key: istio-proxy, cloud-sql-proxy, ... */
  id: string;
  /** The project that ships it (one catalogue section per project): Istio, Linkerd, ... */
  project: string;
  /** Product as users name it: Istio, Cloud SQL Auth Proxy, ... */
  product: string;
  kind: HelperKind;
  pattern: PatternKind;
  /** The app cannot do its work until this helper is up (network, secrets, database, storage). */
  neededAtStart: boolean;
  /** Traffic addressed to the pod passes through it, so its readiness is the pod's. */
  servesInbound: boolean;
  /** An init helper: runs once and exits. */
  runsToCompletion: boolean;
  /** The project's own documentation or source for this helper. */
  docs: string;
  native: NativeSupport;
  /** Set when the project deliberately ships no livenessProbe for it: why. */
  noLivenessProbe?: string;
  /** How this entry recognises a container, or null. */
  match(c: Container): HelperMatch | null;
  matches(c: Container): boolean;
  /** Containers this entry must recognise (the catalogue test runs every one). */
  examples: readonly Container[];
  /** A startupProbe that tells when the helper is ready to serve, where the image documents one. */
  startupProbe?(c: Container): Probe | null;
}

/** Repository path of the image, lower case, without registry host, tag or digest: "istio/proxyv2". */
export function imageRepository(image: string | undefined): string {
  if (!image) return '';
  // Every catalogue entry asks for each container's repository: read each image once.
  let repository = REPOSITORIES.get(image);
  if (repository === undefined) {
    repository = readRepository(image);
    if (REPOSITORIES.size >= 4096) REPOSITORIES.clear();
    REPOSITORIES.set(image, repository);
  }
  return repository;
}

const REPOSITORIES = new Map<string, string>();

function readRepository(image: string): string {
  let ref = image.toLowerCase().split('@')[0] ?? '';
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  if (colon >= 0) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  // A first segment with a dot or a port is a registry host.
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0] ?? '')) parts.shift();
  return parts.join('/');
}

/** Last path segment of the image repository: "proxyv2". */
export function imageBase(image: string | undefined): string {
  const repo = imageRepository(image);
  return repo.slice(repo.lastIndexOf('/') + 1);
}

export function imageTag(image: string | undefined): string {
  if (!image) return '';
  const ref = image.split('@')[0] ?? '';
  const colon = ref.indexOf(':', ref.lastIndexOf('/') + 1);
  return colon >= 0 ? ref.slice(colon + 1).toLowerCase() : '';
}

/** command + args as one list of words. */
export function commandWords(c: Container): string[] {
  // A plain loop: the same words as [...command, ...args].map(String), without the two
  // intermediate arrays (every container's words are read at least once per analysis).
  const words: string[] = [];
  for (const w of c.command ?? []) words.push(String(w));
  for (const w of c.args ?? []) words.push(String(w));
  return words;
}

/** Value of a `--flag=value` or `--flag value` argument. */
export function flagValue(c: Container, flag: string): string | null {
  const bare = flag.replace(/^-+/, '');
  const long = `--${bare}`;
  const short = `-${bare}`;
  const list = commandWords(c);
  for (let i = 0; i < list.length; i++) {
    const w = list[i] ?? '';
    if (w === flag || w === short || w === long) return list[i + 1] ?? null;
    if (w.startsWith(`${long}=`)) return w.slice(long.length + 1);
    if (w.startsWith(`${short}=`)) return w.slice(short.length + 1);
  }
  return null;
}

export function hasFlag(c: Container, flag: string): boolean {
  const bare = flag.replace(/^-+/, '');
  return commandWords(c).some(
    (w) => w === `--${bare}` || w === `-${bare}` || w.startsWith(`--${bare}=`),
  );
}

/** A tcpSocket startupProbe on the first declared TCP port, the generic "is it listening" check. */
export function tcpStartupProbe(port: number): Probe {
  return { tcpSocket: { port }, periodSeconds: 1, failureThreshold: 60 };
}

function firstTcpPort(c: Container): number | null {
  const port = (c.ports ?? []).find(
    (p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.containerPort === 'number',
  );
  return port?.containerPort ?? null;
}

/**
 * What the catalogue reads of a container, read once per container: each entry used to read the
 * image repository, the command line and the name again for itself.
 */
export interface ContainerFacts {
  container: Container;
  /** imageRepository(image): "istio/proxyv2". */
  repo: string;
  /** commandWords(container). */
  words: string[];
  /** The words joined by spaces: what the entries' command patterns read. */
  script: string;
  /** No command override: the image runs its own entrypoint. */
  ownEntrypoint: boolean;
  /** The name, lower case. */
  name: string;
}

export function containerFacts(c: Container): ContainerFacts {
  const words = commandWords(c);
  return {
    container: c,
    repo: imageRepository(c.image),
    words,
    script: words.join(' '),
    ownEntrypoint: (c.command ?? []).length === 0,
    name: (c.name ?? '').toLowerCase(),
  };
}

interface EntrySpec extends Omit<KnownHelper, 'match' | 'matches'> {
  /** Image repository (registry host dropped) of the project's image. */
  image?: RegExp;
  /** The project's own program in command/args. */
  command?: RegExp;
  /** A command match alone is certain (a program only this project ships). */
  commandCertain?: boolean;
  /** Container names the project's templates or docs give it. */
  name?: RegExp;
  /** Never this entry (another entry of the same image that exits, a different mode). */
  unless?(f: ContainerFacts): boolean;
}

/**
 * How one entry recognises a container. `tryImage`, `tryCommand` and `tryName` are false when no
 * entry of its run of the catalogue can match that field (the gates in recogniseFacts): the
 * entry's own pattern is then not run, with the same result.
 */
function recognise(
  spec: EntrySpec,
  f: ContainerFacts,
  tryImage: boolean,
  tryCommand: boolean,
  tryName: boolean,
): HelperMatch | null {
  const { image, command, name, product } = spec;
  const imageHit = tryImage && image !== undefined && f.repo !== '' && image.test(f.repo);
  const commandHit = tryCommand && command !== undefined && command.test(f.script);
  if (!imageHit && !commandHit && !(tryName && name !== undefined && name.test(f.name))) {
    return null;
  }
  // Only an entry that matched asks whether it is excluded (`unless` is a pure check).
  if (spec.unless?.(f)) return null;
  if (imageHit && (commandHit || f.ownEntrypoint)) {
    return {
      by: 'image+command',
      detail: commandHit
        ? `image "${f.repo}" runs ${product}'s own command`
        : `image "${f.repo}" runs its own entrypoint (no command override)`,
    };
  }
  if (commandHit) {
    return {
      by: spec.commandCertain ? 'image+command' : 'command',
      detail: `its command runs ${product}'s program ("${(command?.exec(f.script)?.[0] ?? '').trim()}")`,
    };
  }
  if (imageHit) {
    return {
      by: 'image',
      detail: `image "${f.repo}" is ${product}'s, with its command overridden`,
    };
  }
  return {
    by: 'name',
    detail: `its name "${f.container.name ?? ''}" is the one ${product} gives it`,
  };
}

/** Every entry's spec by id, for the catalogue's index (CATALOGUE below). */
const SPECS = new Map<string, EntrySpec>();

function entry(spec: EntrySpec): KnownHelper {
  // The helper is the spec without its patterns (renamed with _ : read from the spec instead).
  const {
    image: _image,
    command: _command,
    commandCertain: _commandCertain,
    name: _name,
    unless: _unless,
    ...rest
  } = spec;
  SPECS.set(spec.id, spec);
  const match = (c: Container): HelperMatch | null =>
    recognise(spec, containerFacts(c), true, true, true);
  return { ...rest, match, matches: (c) => match(c) !== null };
}

const ISTIO_NATIVE: NativeSupport = {
  supported: true,
  note: 'Istio injects istio-proxy as a native sidecar with sidecar.istio.io/nativeSidecar: "true" or istiod ENABLE_NATIVE_SIDECARS (istio.io/latest/blog/2023/native-sidecars/)',
};
const LINKERD_NATIVE: NativeSupport = {
  supported: true,
  note: 'Linkerd injects linkerd-proxy as a native sidecar with config.linkerd.io/proxy-enable-native-sidecar: "true" (linkerd/linkerd2 pkg/k8s/labels.go; the config.alpha/config.beta names are deprecated aliases)',
};
const GENERIC_NATIVE: NativeSupport = {
  supported: true,
  note: 'a long-running process that needs no coordination with the app: it runs unchanged as a native sidecar (KEP-753)',
};
const INIT_ONLY: NativeSupport = {
  supported: false,
  note: 'it runs to completion: it is a regular init container, not a sidecar',
};

const PROXYV2 = /(^|\/)(istio\/)?proxyv2$|istio\/proxy/;
const LINKERD_PROXY_IMAGE = /(^|\/)linkerd\/proxy$|linkerd2-proxy$/;

export const KNOWN_HELPERS: readonly KnownHelper[] = [
  // ---- Istio -------------------------------------------------------------------------------
  entry({
    id: 'istio-validation',
    project: 'Istio',
    product: 'Istio CNI',
    kind: 'mesh-validator',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    docs: 'https://istio.io/latest/docs/setup/additional-setup/cni/#race-condition-mitigation',
    native: INIT_ONLY,
    command: /istio-iptables\b.*--run-validation|--run-validation\b/,
    commandCertain: true,
    name: /^istio-validation$/,
    examples: [
      {
        name: 'istio-validation',
        image: 'docker.io/istio/proxyv2:1.22.0',
        args: ['istio-iptables', '-p', '15001', '--run-validation', '--skip-rule-apply'],
      },
    ],
  }),
  entry({
    id: 'istio-init',
    project: 'Istio',
    product: 'Istio',
    kind: 'mesh-init',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    docs: 'https://istio.io/latest/docs/ops/deployment/application-requirements/',
    native: INIT_ONLY,
    command: /(^|\s|\/)istio-iptables\b/,
    commandCertain: true,
    name: /^istio-init$/,
    examples: [
      {
        name: 'istio-init',
        image: 'docker.io/istio/proxyv2:1.22.0',
        args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337'],
      },
    ],
  }),
  entry({
    id: 'istio-gateway',
    project: 'Istio',
    product: 'Istio gateway',
    kind: 'mesh-proxy',
    pattern: 'AMBASSADOR',
    neededAtStart: false,
    servesInbound: true,
    runsToCompletion: false,
    docs: 'https://istio.io/latest/docs/setup/additional-setup/gateway/',
    native: {
      supported: false,
      note: "a gateway's proxy is the workload itself (pilot-agent proxy router), not a helper of another container",
    },
    image: PROXYV2,
    command: /(^|\s)proxy\s+router\b/,
    commandCertain: true,
    unless: (f) => !/(^|\s)proxy\s+router\b/.test(f.script),
    examples: [
      {
        name: 'istio-proxy',
        image: 'docker.io/istio/proxyv2:1.22.0',
        args: ['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.cluster.local'],
      },
    ],
  }),
  {
    ...entry({
      id: 'istio-proxy',
      project: 'Istio',
      product: 'Istio',
      kind: 'mesh-proxy',
      pattern: 'SIDECAR',
      neededAtStart: true,
      servesInbound: true,
      runsToCompletion: false,
      docs: 'https://istio.io/latest/docs/reference/config/annotations/#SidecarIstioIoNativesidecar',
      native: ISTIO_NATIVE,
      image: PROXYV2,
      command: /(^|\s)proxy\s+sidecar\b/,
      commandCertain: true,
      name: /^istio-proxy$/,
      unless: (f) =>
        /istio-iptables|--run-validation|(^|\s)proxy\s+router\b/.test(f.script) ||
        (PROXYV2.test(f.repo) &&
          f.ownEntrypoint &&
          !/(^|\s)proxy\b/.test(f.script) &&
          f.name !== 'istio-proxy'),
      examples: [
        {
          name: 'istio-proxy',
          image: 'docker.io/istio/proxyv2:1.22.0',
          args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local'],
        },
      ],
    }),
    // The probe Istio's own injector writes for a native istio-proxy.
    startupProbe: () => ({
      httpGet: { path: '/healthz/ready', port: 15021 },
      periodSeconds: 1,
      timeoutSeconds: 3,
      failureThreshold: 600,
    }),
  },
  // ---- Linkerd -----------------------------------------------------------------------------
  entry({
    id: 'linkerd-network-validator',
    project: 'Linkerd',
    product: 'Linkerd CNI',
    kind: 'mesh-validator',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    docs: 'https://linkerd.io/2-edge/features/cni/',
    native: INIT_ONLY,
    command: /(^|\s|\/)linkerd2?-network-validator\b/,
    commandCertain: true,
    name: /^linkerd-network-validator$/,
    examples: [
      {
        name: 'linkerd-network-validator',
        image: 'cr.l5d.io/linkerd/proxy:edge-24.2.1',
        command: ['/usr/lib/linkerd/linkerd2-network-validator'],
        args: ['--log-format', 'plain', '--connect-addr', '1.1.1.1:20001'],
      },
      {
        name: 'linkerd-network-validator',
        image: 'cr.l5d.io/linkerd/proxy:stable-2.14.0',
        command: ['/usr/lib/linkerd/linkerd-network-validator'],
      },
    ],
  }),
  entry({
    id: 'linkerd-init',
    project: 'Linkerd',
    product: 'Linkerd',
    kind: 'mesh-init',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    docs: 'https://linkerd.io/2-edge/reference/architecture/#linkerd-init-container',
    native: INIT_ONLY,
    image: /(^|\/)proxy-init$/,
    command: /linkerd2-proxy-init|proxy-init\b/,
    commandCertain: true,
    name: /^linkerd-init$/,
    examples: [
      {
        name: 'linkerd-init',
        image: 'cr.l5d.io/linkerd/proxy-init:v2.2.3',
        args: ['--incoming-proxy-port', '4143', '--outgoing-proxy-port', '4140'],
      },
    ],
  }),
  {
    ...entry({
      id: 'linkerd-proxy',
      project: 'Linkerd',
      product: 'Linkerd',
      kind: 'mesh-proxy',
      pattern: 'SIDECAR',
      neededAtStart: true,
      servesInbound: true,
      runsToCompletion: false,
      docs: 'https://linkerd.io/2-edge/reference/proxy-configuration/',
      native: LINKERD_NATIVE,
      image: LINKERD_PROXY_IMAGE,
      name: /^linkerd-proxy$/,
      unless: (f) => /network-validator|proxy-init/.test(f.script),
      examples: [
        {
          name: 'linkerd-proxy',
          image: 'cr.l5d.io/linkerd/proxy:stable-2.14.0',
          ports: [{ containerPort: 4143, name: 'linkerd-proxy' }],
        },
      ],
    }),
    // The probe Linkerd's injector writes for a native linkerd-proxy (admin port 4191).
    startupProbe: () => ({
      httpGet: { path: '/ready', port: 4191 },
      periodSeconds: 1,
      failureThreshold: 120,
    }),
  },
  entry({
    id: 'linkerd-debug',
    project: 'Linkerd',
    product: 'Linkerd debug sidecar',
    kind: 'debug',
    pattern: 'SIDECAR',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://linkerd.io/2-edge/tasks/using-the-debug-container/',
    native: GENERIC_NATIVE,
    image: /(^|\/)linkerd(-io)?\/debug$/,
    name: /^linkerd-debug$/,
    examples: [{ name: 'linkerd-debug', image: 'cr.l5d.io/linkerd/debug:stable-2.14.0' }],
  }),
  // ---- Kuma / Kong Mesh ---------------------------------------------------------------------
  entry({
    id: 'kuma-init',
    project: 'Kuma',
    product: 'Kuma',
    kind: 'mesh-init',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    docs: 'https://kuma.io/docs/latest/production/dp-config/transparent-proxying/',
    native: INIT_ONLY,
    image: /(^|\/)kuma-init$|kong-mesh-init$/,
    command: /kumactl\s+install\s+transparent-proxy|kuma-validation/,
    commandCertain: true,
    name: /^kuma-(init|validation)$/,
    examples: [
      {
        name: 'kuma-init',
        image: 'docker.io/kumahq/kuma-init:2.7.0',
        command: ['/usr/bin/kumactl', 'install', 'transparent-proxy'],
      },
    ],
  }),
  entry({
    id: 'kuma-sidecar',
    project: 'Kuma',
    product: 'Kuma',
    kind: 'mesh-proxy',
    pattern: 'SIDECAR',
    neededAtStart: true,
    servesInbound: true,
    runsToCompletion: false,
    docs: 'https://kuma.io/docs/latest/production/dp-config/dpp-on-kubernetes/',
    native: {
      supported: true,
      note: 'the Kuma control plane injects kuma-sidecar as a native sidecar on Kubernetes 1.29+ (kumahq/kuma pkg/plugins/runtime/k8s/plugin.go sidecarContainerVersion)',
    },
    image: /(^|\/)kuma-dp$|kong-mesh-dp$/,
    command: /kuma-dp\s+run/,
    commandCertain: true,
    name: /^kuma-sidecar$/,
    examples: [
      {
        name: 'kuma-sidecar',
        image: 'docker.io/kumahq/kuma-dp:2.7.0',
        args: ['run', '--log-level=info'],
      },
    ],
  }),
  // ---- Consul ------------------------------------------------------------------------------
  entry({
    id: 'consul-connect-init',
    project: 'Consul',
    product: 'Consul Connect',
    kind: 'mesh-init',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    docs: 'https://developer.hashicorp.com/consul/docs/k8s/connect',
    native: INIT_ONLY,
    command: /consul-k8s(-control-plane)?\s+connect-init/,
    commandCertain: true,
    name: /^consul-connect-inject-init$/,
    examples: [
      {
        name: 'consul-connect-inject-init',
        image: 'hashicorp/consul-k8s-control-plane:1.4.0',
        command: ['/bin/sh', '-ec', 'consul-k8s-control-plane connect-init -pod-name=${POD_NAME}'],
      },
    ],
  }),
  entry({
    id: 'consul-dataplane',
    project: 'Consul',
    product: 'Consul Connect',
    kind: 'mesh-proxy',
    pattern: 'SIDECAR',
    neededAtStart: true,
    servesInbound: true,
    runsToCompletion: false,
    docs: 'https://developer.hashicorp.com/consul/docs/connect/dataplane',
    native: {
      supported: true,
      note: 'consul-k8s injects consul-dataplane as a native sidecar with consul.hashicorp.com/enable-consul-dataplane-as-sidecar: "true" (hashicorp/consul-k8s control-plane/connect-inject/constants/annotations_and_labels.go); by default it is a regular container',
    },
    image: /(^|\/)consul-dataplane$/,
    name: /^(consul-dataplane|envoy-sidecar|consul-connect-envoy-sidecar)$/,
    examples: [{ name: 'consul-dataplane', image: 'hashicorp/consul-dataplane:1.4.0' }],
  }),
  // ---- Dapr --------------------------------------------------------------------------------
  {
    ...entry({
      id: 'daprd',
      project: 'Dapr',
      product: 'Dapr',
      kind: 'app-runtime',
      pattern: 'AMBASSADOR',
      neededAtStart: true,
      servesInbound: false,
      runsToCompletion: false,
      docs: 'https://docs.dapr.io/reference/arguments-annotations-overview/',
      native: {
        supported: true,
        note: 'the Dapr injector adds daprd as a native sidecar with dapr.io/enable-native-sidecar: "true" (dapr/dapr pkg/injector/annotations/annotations.go)',
      },
      image: /(^|\/)daprd$/,
      command: /(^|\s|\/)daprd\b/,
      commandCertain: true,
      name: /^daprd$/,
      examples: [{ name: 'daprd', image: 'ghcr.io/dapr/daprd:1.14.0', command: ['/daprd'] }],
    }),
    startupProbe: () => ({
      httpGet: { path: '/v1.0/healthz', port: 3501 },
      periodSeconds: 1,
      failureThreshold: 60,
    }),
  },
  // ---- HashiCorp Vault -----------------------------------------------------------------------
  entry({
    id: 'vault-agent-init',
    project: 'Vault',
    product: 'Vault Agent',
    kind: 'secrets-init',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    docs: 'https://developer.hashicorp.com/vault/docs/platform/k8s/injector/annotations',
    native: INIT_ONLY,
    name: /vault-agent-init/,
    command: /vault\s+agent\b.*-exit-after-auth|-exit-after-auth/,
    commandCertain: true,
    examples: [
      {
        name: 'vault-agent-init',
        image: 'hashicorp/vault:1.15.0',
        args: ['agent', '-config=/vault/config/agent.hcl', '-exit-after-auth'],
      },
    ],
  }),
  entry({
    id: 'vault-agent',
    project: 'Vault',
    product: 'Vault Agent',
    kind: 'secrets-agent',
    pattern: 'CONFIGURATION_HELPER',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://developer.hashicorp.com/vault/docs/platform/k8s/injector',
    native: {
      supported: false,
      note: 'the Vault Agent Injector (hashicorp/vault-k8s) always adds vault-agent to spec.containers; for a Job it offers vault.hashicorp.com/agent-pre-populate-only instead',
    },
    noLivenessProbe:
      'the Vault Agent Injector writes no probes for vault-agent (hashicorp/vault-k8s agent-inject/agent/container_sidecar.go)',
    image: /(^|\/)vault$/,
    command: /(^|\s|\/)(vault\s+)?agent\s+-config/,
    name: /vault-agent/,
    unless: (f) => /vault-agent-init/.test(f.name) || /-exit-after-auth/.test(f.script),
    examples: [
      {
        name: 'vault-agent',
        image: 'hashicorp/vault:1.15.0',
        args: ['agent', '-config=/vault/config/agent.hcl'],
      },
    ],
  }),
  // ---- OpenTelemetry / Jaeger --------------------------------------------------------------
  entry({
    id: 'otel-auto-instrumentation',
    project: 'OpenTelemetry',
    product: 'OpenTelemetry auto-instrumentation',
    kind: 'instrumentation-init',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    docs: 'https://opentelemetry.io/docs/platforms/kubernetes/operator/automatic/',
    native: INIT_ONLY,
    image: /autoinstrumentation-(java|nodejs|python|dotnet|apache-httpd|nginx)$/,
    name: /^opentelemetry-auto-instrumentation-/,
    examples: [
      {
        name: 'opentelemetry-auto-instrumentation-java',
        image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.32.0',
        command: ['cp', '/javaagent.jar', '/otel-auto-instrumentation-java/javaagent.jar'],
      },
    ],
  }),
  entry({
    id: 'otel-collector',
    project: 'OpenTelemetry',
    product: 'OpenTelemetry Collector',
    kind: 'telemetry-collector',
    pattern: 'ADAPTER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://github.com/open-telemetry/opentelemetry-operator#sidecar-injection',
    native: {
      supported: true,
      note: 'the OpenTelemetry Operator injects otc-container as a native sidecar with its operator.sidecarcontainers.native feature gate',
    },
    image: /opentelemetry-collector|otelcol/,
    name: /^otc-container$/,
    examples: [
      {
        name: 'otc-container',
        image: 'otel/opentelemetry-collector-contrib:0.98.0',
        args: ['--config=env:OTEL_CONFIG'],
      },
    ],
  }),
  entry({
    id: 'jaeger-agent',
    project: 'Jaeger',
    product: 'Jaeger agent',
    kind: 'telemetry-collector',
    pattern: 'ADAPTER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://www.jaegertracing.io/docs/1.57/operator/#auto-injecting-jaeger-agent-sidecars',
    native: {
      supported: false,
      note: 'the Jaeger operator injects jaeger-agent as a regular container',
    },
    image: /(^|\/)jaeger-agent$/,
    name: /^jaeger-agent$/,
    examples: [{ name: 'jaeger-agent', image: 'jaegertracing/jaeger-agent:1.57.0' }],
  }),
  // ---- Proxies and policy ----------------------------------------------------------------
  entry({
    id: 'envoy',
    project: 'Envoy',
    product: 'Envoy',
    kind: 'network-proxy',
    pattern: 'AMBASSADOR',
    neededAtStart: true,
    servesInbound: true,
    runsToCompletion: false,
    docs: 'https://www.envoyproxy.io/docs/envoy/latest/start/docker',
    native: GENERIC_NATIVE,
    image: /(^|\/)envoyproxy\/envoy(-[a-z]+)?$|(^|\/)envoy$/,
    command: /(^|\s|\/)envoy\s+(-c|--config-path)\b/,
    name: /^envoy(-sidecar|-proxy)?$/,
    examples: [
      {
        name: 'envoy',
        image: 'envoyproxy/envoy:v1.30.1',
        args: ['-c', '/etc/envoy/envoy.yaml'],
      },
    ],
  }),
  entry({
    id: 'opa',
    project: 'Open Policy Agent',
    product: 'Open Policy Agent',
    kind: 'auth-proxy',
    pattern: 'AMBASSADOR',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://www.openpolicyagent.org/docs/latest/envoy-introduction/',
    native: GENERIC_NATIVE,
    image: /(^|\/)(openpolicyagent\/)?opa(-envoy-plugin)?$/,
    command: /(^|\s|\/)opa\s+run\b|(^|\s)run\s+--server\b/,
    name: /^opa(-envoy|-istio)?$/,
    examples: [
      {
        name: 'opa',
        image: 'openpolicyagent/opa:0.64.0-envoy',
        args: ['run', '--server', '--addr=localhost:8181'],
      },
    ],
  }),
  entry({
    id: 'oauth2-proxy',
    project: 'OAuth2 Proxy',
    product: 'OAuth2 Proxy',
    kind: 'auth-proxy',
    pattern: 'AMBASSADOR',
    neededAtStart: false,
    servesInbound: true,
    runsToCompletion: false,
    docs: 'https://oauth2-proxy.github.io/oauth2-proxy/',
    native: GENERIC_NATIVE,
    image: /(^|\/)oauth2-proxy$/,
    name: /oauth2-proxy/,
    examples: [
      {
        name: 'oauth2-proxy',
        image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.6.0',
        args: ['--upstream=http://127.0.0.1:8080', '--http-address=0.0.0.0:4180'],
      },
    ],
  }),
  entry({
    id: 'kube-rbac-proxy',
    project: 'kube-rbac-proxy',
    product: 'kube-rbac-proxy',
    kind: 'auth-proxy',
    pattern: 'AMBASSADOR',
    neededAtStart: false,
    servesInbound: true,
    runsToCompletion: false,
    docs: 'https://github.com/brancz/kube-rbac-proxy#readme',
    native: GENERIC_NATIVE,
    image: /(^|\/)kube-rbac-proxy$/,
    name: /kube-rbac-proxy|(^|-)auth-proxy$|ext-authz/,
    examples: [
      {
        name: 'kube-rbac-proxy',
        image: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
        args: ['--secure-listen-address=0.0.0.0:8443', '--upstream=http://127.0.0.1:8080/'],
      },
    ],
  }),
  // ---- Databases and storage -------------------------------------------------------------
  {
    ...entry({
      id: 'cloud-sql-proxy',
      project: 'Google Cloud SQL',
      product: 'Cloud SQL Auth Proxy',
      kind: 'db-proxy',
      pattern: 'AMBASSADOR',
      neededAtStart: true,
      servesInbound: false,
      runsToCompletion: false,
      docs: 'https://cloud.google.com/sql/docs/postgres/connect-kubernetes-engine#run_the_in_a_sidecar_pattern',
      native: {
        supported: true,
        note: 'Google documents the Cloud SQL Auth Proxy as a native sidecar (an init container with restartPolicy: Always) on GKE 1.29+',
      },
      image: /(^|\/)(cloud-sql-proxy|gce-proxy|cloudsql-proxy|cloud_sql_proxy)$/,
      command: /(^|\s|\/)cloud[-_]sql[-_]proxy\b/,
      name: /cloud-?sql-?proxy/,
      examples: [
        {
          name: 'cloud-sql-proxy',
          image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0',
          args: ['--port=5432', 'project:region:instance'],
        },
      ],
    }),
    startupProbe: cloudSqlStartupProbe,
  },
  entry({
    id: 'alloydb-auth-proxy',
    project: 'Google AlloyDB',
    product: 'AlloyDB Auth Proxy',
    kind: 'db-proxy',
    pattern: 'AMBASSADOR',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://cloud.google.com/alloydb/docs/auth-proxy/connect#kubernetes-sidecar',
    native: GENERIC_NATIVE,
    image: /(^|\/)alloydb-auth-proxy$/,
    command: /(^|\s|\/)alloydb-auth-proxy\b/,
    name: /alloydb-(auth-)?proxy/,
    examples: [
      {
        name: 'alloydb-proxy',
        image: 'gcr.io/alloydb-connectors/alloydb-auth-proxy:1.10.0',
        args: ['projects/p/locations/l/clusters/c/instances/i', '--port=5432'],
      },
    ],
  }),
  entry({
    id: 'gcsfuse',
    project: 'Cloud Storage FUSE CSI driver',
    product: 'Cloud Storage FUSE',
    kind: 'storage-fuse',
    pattern: 'SIDECAR',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/cloud-storage-fuse-csi-driver-sidecar',
    native: {
      supported: true,
      note: 'GKE injects gke-gcsfuse-sidecar as a native sidecar on clusters that support it (1.29+)',
    },
    image: /gcs-fuse-csi-driver-sidecar/,
    name: /^gke-gcsfuse-sidecar$/,
    examples: [
      {
        name: 'gke-gcsfuse-sidecar',
        image: 'gke.gcr.io/gcs-fuse-csi-driver-sidecar-mounter:v1.2.0',
      },
    ],
  }),
  entry({
    id: 'csi-sidecar',
    project: 'Kubernetes CSI',
    product: 'Kubernetes CSI sidecar',
    kind: 'csi-sidecar',
    pattern: 'SIDECAR',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://kubernetes-csi.github.io/docs/sidecar-containers.html',
    native: {
      supported: false,
      note: 'kubernetes-csi documents its sidecars as regular containers beside the driver; each waits for the driver socket itself',
    },
    image:
      /(^|\/)(csi-node-driver-registrar|livenessprobe|csi-provisioner|csi-attacher|csi-resizer|csi-snapshotter|csi-external-health-monitor-controller|csi-external-health-monitor-agent|external-provisioner|external-attacher|external-resizer|external-snapshotter)$/,
    command:
      /(^|\s|\/)(csi-node-driver-registrar|csi-provisioner|csi-attacher|csi-resizer|csi-snapshotter|livenessprobe)\b/,
    commandCertain: true,
    name: /^(csi-)?(node-)?driver-registrar$|^csi-(provisioner|attacher|resizer|snapshotter|external-health-monitor-controller)$|^liveness-probe$/,
    examples: [
      {
        name: 'node-driver-registrar',
        image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.10.0',
        args: [
          '--csi-address=/csi/csi.sock',
          '--kubelet-registration-path=/var/lib/kubelet/plugins/x/csi.sock',
        ],
      },
      {
        name: 'csi-provisioner',
        image: 'public.ecr.aws/csi-components/csi-provisioner:v4.0.1',
        args: ['--csi-address=$(ADDRESS)'],
      },
    ],
  }),
  // ---- Configuration, identity, secrets ----------------------------------------------------
  entry({
    id: 'git-sync',
    project: 'git-sync',
    product: 'git-sync',
    kind: 'config-reloader',
    pattern: 'CONFIGURATION_HELPER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://github.com/kubernetes/git-sync#readme',
    native: GENERIC_NATIVE,
    image: /(^|\/)git-sync$/,
    name: /git-?sync/,
    unless: (f) => hasFlag(f.container, 'one-time'),
    examples: [
      {
        name: 'git-sync',
        image: 'registry.k8s.io/git-sync/git-sync:v4.2.1',
        args: ['--repo=https://github.com/kubernetes/git-sync', '--root=/git'],
      },
    ],
  }),
  entry({
    id: 'config-reloader',
    project: 'config reloaders',
    product: 'config reloader',
    kind: 'config-reloader',
    pattern: 'CONFIGURATION_HELPER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://github.com/jimmidyson/configmap-reload#readme',
    native: GENERIC_NATIVE,
    image: /(configmap-reload|config-reloader|(^|\/)reloader$|lora-syncer|k8s-sidecar)$/,
    name: /(config-?reload|configmap-reload)/,
    unless: (f) => /--init-mode|--oneshot/.test(f.script),
    examples: [
      {
        name: 'config-reloader',
        image: 'quay.io/prometheus-operator/prometheus-config-reloader:v0.73.0',
        args: ['--reload-url=http://127.0.0.1:9090/-/reload'],
      },
      { name: 'configmap-reload', image: 'ghcr.io/jimmidyson/configmap-reload:v0.12.0' },
    ],
  }),
  entry({
    id: 'nvidia-config-manager',
    project: 'NVIDIA GPU Operator',
    product: 'NVIDIA config manager',
    kind: 'config-reloader',
    pattern: 'CONFIGURATION_HELPER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/gpu-sharing.html',
    native: GENERIC_NATIVE,
    command: /(^|\s|\/)config-manager\b/,
    name: /^config-manager$/,
    unless: (f) =>
      (f.container.env ?? []).some(
        (e) => e.name === 'ONESHOT' && /^true$/i.test(String(e.value ?? '')),
      ),
    examples: [
      {
        name: 'config-manager',
        image: 'nvcr.io/nvidia/k8s-device-plugin:v0.15.0',
        command: ['config-manager'],
        env: [{ name: 'ONESHOT', value: 'false' }],
      },
    ],
  }),
  entry({
    id: 'spire',
    project: 'SPIFFE/SPIRE',
    product: 'SPIRE',
    kind: 'identity-agent',
    pattern: 'CONFIGURATION_HELPER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://github.com/spiffe/spire-controller-manager#readme',
    native: GENERIC_NATIVE,
    image: /(^|\/)(spire-controller-manager|spiffe-helper)$/,
    name: /^(spire-controller-manager|spiffe-helper)$/,
    examples: [
      {
        name: 'spire-controller-manager',
        image: 'ghcr.io/spiffe/spire-controller-manager:0.2.3',
        args: ['--config=spire-controller-manager-config.yaml'],
      },
    ],
  }),
  // ---- Logs and metrics --------------------------------------------------------------------
  entry({
    id: 'log-shipper',
    project: 'log shippers (Fluent Bit, Fluentd, Vector, Promtail, Filebeat)',
    product: 'log shipper',
    kind: 'log-shipper',
    pattern: 'SIDECAR',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://kubernetes.io/docs/concepts/cluster-administration/logging/#sidecar-container-with-logging-agent',
    native: GENERIC_NATIVE,
    image:
      /(^|\/)(fluent-bit|fluentbit|fluentd|fluentd-kubernetes-daemonset|filebeat|promtail|vector|tailing-sidecar|logstash|stackdriver-logging-agent|fluent-bit-plugin-loki)$/,
    name: /(fluent-?bit|fluentd|filebeat|promtail|log-?shipper|log-?forwarder|tailing-sidecar|^vector$)/,
    examples: [
      { name: 'fluent-bit', image: 'cr.fluentbit.io/fluent/fluent-bit:3.0.4' },
      { name: 'vector', image: 'timberio/vector:0.38.0-debian' },
      {
        name: 'promtail',
        image: 'grafana/promtail:3.0.0',
        args: ['-config.file=/etc/promtail/promtail.yaml'],
      },
    ],
  }),
  entry({
    id: 'log-streamer',
    project: 'Kubernetes logging (streaming sidecar)',
    product: 'log streamer',
    kind: 'log-shipper',
    pattern: 'SIDECAR',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://kubernetes.io/docs/concepts/cluster-administration/logging/#streaming-sidecar-container',
    native: GENERIC_NATIVE,
    // `tail -f <file>` / `tail -n+1 -F <file>` on a log file (never /dev/null, an idle command).
    unless: (f) => !/(^|[\s=])tail\s[^;&|]*(\/logs?\/|\.log\b|\blogs?\b)/.test(f.script),
    command:
      /(^|[\s;&|'"(])tail\s+(?:-[a-zA-Z0-9+]+\s+)*-[a-zA-Z]*[fF][a-zA-Z]*\s+(?:-[a-zA-Z0-9+]+\s+)*(?!\/dev\/null)[^\s;&|'"-][^\s;&|'"]*/,
    examples: [
      {
        name: 'count-log-1',
        image: 'busybox:1.28',
        args: ['/bin/sh', '-c', 'tail -n+1 -F /var/log/1.log'],
      },
    ],
  }),
  entry({
    id: 'metrics-adapter',
    project: 'Prometheus exporters',
    product: 'metrics adapter',
    kind: 'metrics-adapter',
    pattern: 'ADAPTER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://prometheus.io/docs/instrumenting/exporters/',
    native: GENERIC_NATIVE,
    image:
      /(^|\/)(prometheus-to-sd|stackdriver-prometheus-sidecar|mysqld-exporter|mysqld_exporter|postgres-exporter|postgres_exporter|redis_exporter|redis-exporter|nginx-prometheus-exporter|statsd-exporter|statsd_exporter|memcached-exporter|memcached_exporter|jmx-exporter)$/,
    examples: [{ name: 'metrics', image: 'oliver006/redis_exporter:v1.59.0' }],
  }),
  // ---- Backup and freeze agents ------------------------------------------------------------
  entry({
    id: 'backup-agent',
    project: 'backup agents (Velero hooks, Kanister)',
    product: 'backup agent',
    kind: 'backup-agent',
    pattern: 'SIDECAR',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://velero.io/docs/main/backup-hooks/',
    native: GENERIC_NATIVE,
    image: /(^|\/)(kanister-tools|kanister-sidecar)$/,
    name: /^(fsfreeze|kanister-sidecar|backup-agent|backup-sidecar)$/,
    examples: [{ name: 'kanister-sidecar', image: 'ghcr.io/kanisterio/kanister-tools:0.110.0' }],
  }),
  entry({
    id: 'docker-daemon',
    project: 'Docker-in-Docker',
    product: 'Docker-in-Docker',
    kind: 'docker-daemon',
    pattern: 'SIDECAR',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    docs: 'https://hub.docker.com/_/docker',
    native: GENERIC_NATIVE,
    image: /(^|\/)docker$/,
    name: /^dind$/,
    unless: (f) => !imageTag(f.container.image).includes('dind') && f.name !== 'dind',
    examples: [{ name: 'dind', image: 'docker:26-dind' }],
  }),
];

function cloudSqlStartupProbe(c: Container): Probe | null {
  // v2 with --health-check serves /startup on --http-port (default 9090); it must listen on
  // the pod IP (--http-address=0.0.0.0) for the kubelet to reach it.
  if (hasFlag(c, 'health-check') && flagValue(c, 'http-address') === '0.0.0.0') {
    const port = Number(flagValue(c, 'http-port') ?? '9090');
    return {
      httpGet: { path: '/startup', port },
      periodSeconds: 1,
      timeoutSeconds: 5,
      failureThreshold: 60,
    };
  }
  const port = Number(flagValue(c, 'port') ?? flagValue(c, 'p') ?? NaN);
  if (Number.isInteger(port) && port > 0) return tcpStartupProbe(port);
  // v1 (gce-proxy): -instances=project:region:instance=tcp:5432
  const v1 = /=tcp:(\d+)/.exec(commandWords(c).join(' '));
  if (v1?.[1]) return tcpStartupProbe(Number(v1[1]));
  const declared = firstTcpPort(c);
  return declared ? tcpStartupProbe(declared) : null;
}

/**
 * One pattern that matches wherever any of `patterns` does. The catalogue is static, so this is
 * built once: one test of a container's image, command or name tells whether any entry can match
 * it there, and most containers (the apps) are then done in three tests instead of one per entry.
 * Sound for an alternation of patterns without flags or backreferences (all of the catalogue's);
 * for any other it matches everything, which only costs the per-entry tests.
 */
function anyOf(patterns: readonly (RegExp | undefined)[]): RegExp {
  const list = patterns.filter((p): p is RegExp => p !== undefined);
  if (list.length === 0) return /(?!)/;
  if (list.some((p) => p.flags !== '' || /\\[1-9k]|\(\?<[^=!]/.test(p.source))) return /(?:)/;
  return new RegExp(list.map((p) => `(?:${p.source})`).join('|'));
}

/** The catalogue in order, each entry with the patterns it recognises a container by. */
const CATALOGUE: readonly { helper: KnownHelper; spec: EntrySpec }[] = KNOWN_HELPERS.map(
  (helper) => {
    const spec = SPECS.get(helper.id);
    if (!spec) throw new Error(`catalogue entry ${helper.id} was not built by entry()`);
    return { helper, spec };
  },
);

/** Patterns that tell whether any of some entries can match a container's image, command or name. */
interface FieldGates {
  image: RegExp;
  command: RegExp;
  name: RegExp;
}

function gatesOf(entries: readonly { spec: EntrySpec }[]): FieldGates {
  return {
    image: anyOf(entries.map((e) => e.spec.image)),
    command: anyOf(entries.map((e) => e.spec.command)),
    name: anyOf(entries.map((e) => e.spec.name)),
  };
}

/** The whole catalogue's gates: a container that passes none is no entry's (most app containers). */
const ANY = gatesOf(CATALOGUE);

/**
 * The catalogue in runs of GROUP entries, in order, each with its own gates: a helper container
 * runs the patterns of the few runs whose gates it passes, not of every entry.
 */
const GROUP = 6;
const GROUPS = Array.from({ length: Math.ceil(CATALOGUE.length / GROUP) }, (_, g) => {
  const entries = CATALOGUE.slice(g * GROUP, (g + 1) * GROUP);
  return { entries, gates: gatesOf(entries) };
});

/** The catalogue entry this container is, with how it was recognised. */
export function recogniseHelperMatch(
  c: Container,
): { helper: KnownHelper; match: HelperMatch } | null {
  return recogniseFacts(containerFacts(c));
}

/** recogniseHelperMatch, for a container whose facts the caller has read already. */
export function recogniseFacts(
  f: ContainerFacts,
): { helper: KnownHelper; match: HelperMatch } | null {
  const tryImage = f.repo !== '' && ANY.image.test(f.repo);
  const tryCommand = ANY.command.test(f.script);
  const tryName = ANY.name.test(f.name);
  if (!tryImage && !tryCommand && !tryName) return null;
  // A command or image+command match wins over a name or image match of an earlier entry.
  let weak: { helper: KnownHelper; match: HelperMatch } | null = null;
  for (const { entries, gates } of GROUPS) {
    const image = tryImage && gates.image.test(f.repo);
    const command = tryCommand && gates.command.test(f.script);
    const name = tryName && gates.name.test(f.name);
    if (!image && !command && !name) continue;
    for (const { helper, spec } of entries) {
      const match = recognise(spec, f, image, command, name);
      if (!match) continue;
      if (match.by === 'image+command') return { helper, match };
      if (!weak || RANK[match.by] < RANK[weak.match.by]) weak = { helper, match };
    }
  }
  return weak;
}

const RANK: Record<HelperMatch['by'], number> = {
  'image+command': 0,
  command: 1,
  image: 2,
  name: 3,
};

/** The well-known helper this container is, if any. */
export function recogniseHelper(c: Container): KnownHelper | null {
  return recogniseHelperMatch(c)?.helper ?? null;
}

/** How sure a catalogue match is. */
export function matchConfidence(match: HelperMatch): Confidence {
  return match.by === 'image+command' ? 'CERTAIN' : match.by === 'name' ? 'GUESS' : 'LIKELY';
}
