import { enabledFromMinor } from '../k8s/features';
// The catalogue of multi-container patterns the advisor knows (the `sidecarPatterns` query):
// what each is for, when it pays off and when a simpler design wins.
import type { PatternKind } from '../report';

const SIDECARS_ON_MINOR = enabledFromMinor('SidecarContainers');
const SIDECARS_ON = `1.${SIDECARS_ON_MINOR}`;

export interface SidecarPattern {
  kind: PatternKind;
  summary: string;
  useWhen: string[];
  avoidWhen: string[];
}

const CATALOGUE: readonly SidecarPattern[] = [
  {
    kind: 'SIDECAR',
    summary: `A helper container that runs beside the app for the pod's whole life and adds a cross-cutting capability (mesh proxy, log shipping, telemetry) without changing the app. Since Kubernetes ${SIDECARS_ON} it is declared as a native sidecar: an init container with restartPolicy: Always, started before the app and stopped after it.`,
    useWhen: [
      'The concern is cross-cutting: the same helper serves many services written in different languages (mTLS, retries, log shipping).',
      'The app cannot be changed, or should not be: the helper extends it without code changes.',
      'A legacy app needs modern networking (mTLS, service identity) that it cannot implement itself.',
      'The helper must be updated independently of the app, by another team, on its own release cycle.',
      "It needs the pod's own network namespace or files (localhost traffic, a shared emptyDir).",
    ],
    avoidWhen: [
      "Resource efficiency comes first: every replica pays the helper's requests, and a node-level agent (a DaemonSet) serves every pod on the node with one process.",
      'The request path is latency-critical: a proxy sidecar adds a hop in each direction.',
      'A library or the platform already does it more simply (a client library, stdout logging collected by the node agent).',
      'Troubleshooting cost matters: more containers mean more logs, restarts and tools that miscount native sidecars.',
    ],
  },
  {
    kind: 'AMBASSADOR',
    summary:
      'A proxy that stands in for the outside world: the app talks to localhost and the ambassador handles connection, authentication and discovery of a remote service (Cloud SQL Auth Proxy, daprd, an outbound auth proxy).',
    useWhen: [
      'Connecting to the remote service needs credentials, TLS or discovery the app should not carry (IAM database auth, mTLS).',
      'Several apps in different languages need the same client logic.',
      'The app must not change, and only knows how to talk to localhost.',
    ],
    avoidWhen: [
      'A maintained client library gives the same (the Cloud SQL language connectors, an SDK) without a second process per replica.',
      'The hop is on a latency-critical path.',
      'The app must start only when the remote side is reachable and the ambassador cannot say so (no startupProbe endpoint).',
    ],
  },
  {
    kind: 'ADAPTER',
    summary:
      "A container that translates the app's output into the form the platform expects: metrics converted for a monitoring backend, logs reformatted, a legacy protocol exposed as a standard one.",
    useWhen: [
      "The app's output format cannot change (third-party or legacy software).",
      'Many heterogeneous apps must present one uniform interface to monitoring.',
    ],
    avoidWhen: [
      'The app can expose the standard format itself (a Prometheus or OpenTelemetry exporter library).',
      'A cluster-level collector can scrape and convert centrally, instead of one adapter per replica.',
    ],
  },
  {
    kind: 'CONFIGURATION_HELPER',
    summary:
      'A container that fetches or renews configuration and secrets into a shared volume (Vault Agent, git-sync, config reloaders) so the app reads plain files.',
    useWhen: [
      'Secrets or configuration change while the app runs and must be renewed (leases, rotated certificates).',
      'The app reads files and cannot talk to the configuration store itself.',
    ],
    avoidWhen: [
      "The values are static for the pod's life: a Secret or ConfigMap volume, or a one-off init container, is simpler.",
      "A CSI driver (Secrets Store CSI) or the app's own reload endpoint does the job without a long-running process.",
      'It runs twice, as an init container and as a sidecar: a native sidecar with a startupProbe does both.',
    ],
  },
  {
    kind: 'INIT',
    summary:
      'A container that runs to completion before the app starts: setup, migrations, copying artefacts into a shared volume, waiting for a dependency.',
    useWhen: [
      'Setup must finish before the app starts (schema migration, file preparation, kernel settings).',
      'The step needs tools or privileges the app image should not have.',
    ],
    avoidWhen: [
      "Its requests are far above the app's: the pod reserves the init peak for its whole life.",
      'It only waits for a dependency the app could retry itself; the wait hides outages and delays every start.',
      'It needs to keep running: that is a (native) sidecar, not an init container.',
    ],
  },
];

/** The pattern catalogue, in PatternKind order. */
export function sidecarPatterns(): SidecarPattern[] {
  return CATALOGUE.map((p) => ({ ...p, useWhen: [...p.useWhen], avoidWhen: [...p.avoidWhen] }));
}
