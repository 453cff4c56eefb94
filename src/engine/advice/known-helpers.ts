// Well-known helper containers: what a platform engineer recognises at a glance from the image,
// the name or the command line. The classifier, the rules and the migration fix all read this one
// table, so "what is istio-proxy" is answered in exactly one place.
import type { Container, Probe } from '../k8s/types';
import type { PatternKind } from '../report';

export type HelperKind =
  | 'app-runtime'
  | 'auth-proxy'
  | 'config-reloader'
  | 'db-proxy'
  | 'docker-daemon'
  | 'log-shipper'
  | 'mesh-init'
  | 'mesh-proxy'
  | 'metrics-adapter'
  | 'network-proxy'
  | 'secrets-agent'
  | 'secrets-init'
  | 'storage-fuse'
  | 'telemetry-collector';

export interface KnownHelper {
  /** Stable key: istio-proxy, cloud-sql-proxy, ... */
  id: string;
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
  matches(c: Container): boolean;
  /** A startupProbe that tells when the helper is ready to serve, where the image documents one. */
  startupProbe?(c: Container): Probe | null;
}

/** Repository path of the image, lower case, without registry host, tag or digest: "istio/proxyv2". */
export function imageRepository(image: string | undefined): string {
  if (!image) return '';
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
  return [...(c.command ?? []), ...(c.args ?? [])].map(String);
}

const nameOf = (c: Container): string => (c.name ?? '').toLowerCase();
const words = (c: Container): string => commandWords(c).join(' ');

/** Value of a `--flag=value` or `--flag value` argument. */
export function flagValue(c: Container, flag: string): string | null {
  const list = commandWords(c);
  for (let i = 0; i < list.length; i++) {
    const w = list[i] ?? '';
    if (w === flag || w === `-${flag.replace(/^-+/, '')}` || w === `--${flag.replace(/^-+/, '')}`) {
      return list[i + 1] ?? null;
    }
    for (const prefix of [`--${flag.replace(/^-+/, '')}=`, `-${flag.replace(/^-+/, '')}=`]) {
      if (w.startsWith(prefix)) return w.slice(prefix.length);
    }
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

const isIstioInit = (c: Container): boolean =>
  nameOf(c) === 'istio-init' ||
  commandWords(c)[0] === 'istio-iptables' ||
  words(c).includes('istio-iptables');

const isLinkerdInit = (c: Container): boolean =>
  nameOf(c) === 'linkerd-init' ||
  words(c).includes('linkerd2-proxy-init') ||
  imageBase(c.image) === 'proxy-init';

export const KNOWN_HELPERS: readonly KnownHelper[] = [
  {
    id: 'istio-init',
    product: 'Istio',
    kind: 'mesh-init',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    matches: isIstioInit,
  },
  {
    id: 'istio-proxy',
    product: 'Istio',
    kind: 'mesh-proxy',
    pattern: 'SIDECAR',
    neededAtStart: true,
    servesInbound: true,
    runsToCompletion: false,
    matches: (c) =>
      !isIstioInit(c) &&
      (nameOf(c) === 'istio-proxy' ||
        ((imageBase(c.image) === 'proxyv2' || imageRepository(c.image).includes('istio/proxy')) &&
          commandWords(c).includes('proxy'))),
    // The probe Istio's own injector writes for a native istio-proxy.
    startupProbe: () => ({
      httpGet: { path: '/healthz/ready', port: 15021 },
      periodSeconds: 1,
      timeoutSeconds: 3,
      failureThreshold: 600,
    }),
  },
  {
    id: 'linkerd-init',
    product: 'Linkerd',
    kind: 'mesh-init',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    matches: isLinkerdInit,
  },
  {
    id: 'linkerd-proxy',
    product: 'Linkerd',
    kind: 'mesh-proxy',
    pattern: 'SIDECAR',
    neededAtStart: true,
    servesInbound: true,
    runsToCompletion: false,
    matches: (c) =>
      !isLinkerdInit(c) &&
      (nameOf(c) === 'linkerd-proxy' ||
        /(^|\/)linkerd\/proxy$|linkerd2-proxy$/.test(imageRepository(c.image))),
    // The probe Linkerd's injector writes for a native linkerd-proxy (admin port 4191).
    startupProbe: () => ({
      httpGet: { path: '/ready', port: 4191 },
      periodSeconds: 1,
      failureThreshold: 120,
    }),
  },
  {
    id: 'cloud-sql-proxy',
    product: 'Cloud SQL Auth Proxy',
    kind: 'db-proxy',
    pattern: 'AMBASSADOR',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    matches: (c) =>
      ['cloud-sql-proxy', 'gce-proxy', 'cloudsql-proxy', 'cloud_sql_proxy'].includes(
        imageBase(c.image),
      ) || /cloud-?sql-?proxy/.test(nameOf(c)),
    startupProbe: (c) => {
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
    },
  },
  {
    id: 'vault-agent-init',
    product: 'Vault Agent',
    kind: 'secrets-init',
    pattern: 'INIT',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: true,
    matches: (c) =>
      /vault-agent-init/.test(nameOf(c)) ||
      (imageBase(c.image) === 'vault' && hasFlag(c, 'exit-after-auth')),
  },
  {
    id: 'vault-agent',
    product: 'Vault Agent',
    kind: 'secrets-agent',
    pattern: 'CONFIGURATION_HELPER',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    matches: (c) =>
      !/vault-agent-init/.test(nameOf(c)) &&
      (/vault-agent/.test(nameOf(c)) ||
        (imageBase(c.image) === 'vault' && commandWords(c).includes('agent'))),
  },
  {
    id: 'daprd',
    product: 'Dapr',
    kind: 'app-runtime',
    pattern: 'AMBASSADOR',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    matches: (c) => nameOf(c) === 'daprd' || imageBase(c.image) === 'daprd',
    startupProbe: () => ({
      httpGet: { path: '/v1.0/healthz', port: 3501 },
      periodSeconds: 1,
      failureThreshold: 60,
    }),
  },
  {
    id: 'otel-collector',
    product: 'OpenTelemetry Collector',
    kind: 'telemetry-collector',
    pattern: 'ADAPTER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    matches: (c) =>
      nameOf(c) === 'otc-container' ||
      /opentelemetry-collector|otelcol/.test(imageRepository(c.image)),
  },
  {
    id: 'gcsfuse',
    product: 'Cloud Storage FUSE',
    kind: 'storage-fuse',
    pattern: 'SIDECAR',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    matches: (c) =>
      nameOf(c) === 'gke-gcsfuse-sidecar' ||
      /gcs-fuse-csi-driver-sidecar/.test(imageRepository(c.image)),
  },
  {
    id: 'log-shipper',
    product: 'log shipper',
    kind: 'log-shipper',
    pattern: 'SIDECAR',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    matches: (c) =>
      /^(fluent-bit|fluentbit|fluentd|fluentd-kubernetes-daemonset|filebeat|promtail|vector|tailing-sidecar|logstash|stackdriver-logging-agent|fluent-bit-plugin-loki)$/.test(
        imageBase(c.image),
      ) ||
      /(fluent-?bit|fluentd|filebeat|promtail|log-?shipper|log-?forwarder|tailing-sidecar)/.test(
        nameOf(c),
      ),
  },
  {
    id: 'config-reloader',
    product: 'config reloader',
    kind: 'config-reloader',
    pattern: 'CONFIGURATION_HELPER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    matches: (c) =>
      /(configmap-reload|config-reloader|^reloader$|git-sync|lora-syncer|k8s-sidecar)/.test(
        imageBase(c.image),
      ) || /(config-?reload|configmap-reload|git-sync)/.test(nameOf(c)),
  },
  {
    id: 'metrics-adapter',
    product: 'metrics adapter',
    kind: 'metrics-adapter',
    pattern: 'ADAPTER',
    neededAtStart: false,
    servesInbound: false,
    runsToCompletion: false,
    matches: (c) =>
      /^(prometheus-to-sd|stackdriver-prometheus-sidecar|mysqld-exporter|mysqld_exporter|postgres-exporter|postgres_exporter|redis_exporter|redis-exporter|nginx-prometheus-exporter|statsd-exporter|statsd_exporter|memcached-exporter|memcached_exporter|jmx-exporter)$/.test(
        imageBase(c.image),
      ),
  },
  {
    id: 'auth-proxy',
    product: 'auth proxy',
    kind: 'auth-proxy',
    pattern: 'AMBASSADOR',
    neededAtStart: false,
    servesInbound: true,
    runsToCompletion: false,
    matches: (c) =>
      /^(oauth2-proxy|kube-rbac-proxy|ext-authz|opa|opa-envoy-plugin)$/.test(imageBase(c.image)) ||
      /(oauth2-proxy|kube-rbac-proxy|ext-authz|auth-proxy)/.test(nameOf(c)),
  },
  {
    id: 'docker-daemon',
    product: 'Docker-in-Docker',
    kind: 'docker-daemon',
    pattern: 'SIDECAR',
    neededAtStart: true,
    servesInbound: false,
    runsToCompletion: false,
    matches: (c) =>
      (imageBase(c.image) === 'docker' && imageTag(c.image).includes('dind')) ||
      nameOf(c) === 'dind',
  },
];

/** The well-known helper this container is, if any. */
export function recogniseHelper(c: Container): KnownHelper | null {
  return KNOWN_HELPERS.find((h) => h.matches(c)) ?? null;
}
