// The known-helper catalogue (src/engine/classification/known-helpers.ts) as data: every entry
// names its project and upstream documentation, says whether that project runs it as a native
// sidecar, and recognises each of its own examples, from the image or command where it has them.
import {
  KNOWN_HELPERS,
  matchConfidence,
  recogniseHelperMatch,
} from '../../../src/engine/classification';
import { analyzeManifest } from '../../../src/engine';

const REQUIRED_PROJECTS = [
  'Istio',
  'Linkerd',
  'Kuma',
  'Consul',
  'Dapr',
  'Vault',
  'OpenTelemetry',
  'Envoy',
  'Open Policy Agent',
  'Google Cloud SQL',
  'Google AlloyDB',
  'Cloud Storage FUSE CSI driver',
  'git-sync',
  'config reloaders',
  'log shippers (Fluent Bit, Fluentd, Vector, Promtail, Filebeat)',
  'Kubernetes logging (streaming sidecar)',
  'kube-rbac-proxy',
  'OAuth2 Proxy',
  'backup agents (Velero hooks, Kanister)',
  'Kubernetes CSI',
  'SPIFFE/SPIRE',
  'NVIDIA GPU Operator',
];

describe('known-helper catalogue', () => {
  it('covers every project the issue names', () => {
    const projects = new Set(KNOWN_HELPERS.map((h) => h.project));
    expect(REQUIRED_PROJECTS.filter((p) => !projects.has(p))).toEqual([]);
  });

  it('has unique ids', () => {
    const ids = KNOWN_HELPERS.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(KNOWN_HELPERS.map((h) => [h.id, h] as const))('%s', (_id, helper) => {
    it('links its upstream documentation and states native-sidecar support', () => {
      expect(helper.docs).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+\//);
      expect(helper.native.note.length).toBeGreaterThan(20);
      // A run-to-completion helper is an init container, never a sidecar to migrate.
      if (helper.runsToCompletion) expect(helper.native.supported).toBe(false);
    });

    it.each(helper.examples.map((c, i) => [i, c] as const))(
      'recognises its example %i as itself',
      (_i, container) => {
        const found = recogniseHelperMatch(container);
        expect(found?.helper.id).toBe(helper.id);
        // Examples carry an image: a name alone would only be a guess.
        expect(found && matchConfidence(found.match)).not.toBe('GUESS');
      },
    );
  });

  it('an image is not enough when the command runs something else: the Linkerd proxy image running the CNI validator exits', () => {
    const found = recogniseHelperMatch({
      name: 'linkerd-network-validator',
      image: 'cr.l5d.io/linkerd/proxy:stable-2.14.0',
      command: ['/usr/lib/linkerd/linkerd2-network-validator'],
    });
    expect(found?.helper.id).toBe('linkerd-network-validator');
    expect(found?.helper.runsToCompletion).toBe(true);
  });

  it('a known image with its command overridden is only likely', () => {
    const found = recogniseHelperMatch({
      name: 'x',
      image: 'envoyproxy/envoy:v1.30.1',
      command: ['/bin/sh', '-c', 'cp /etc/envoy/* /shared/'],
    });
    expect(found?.helper.id).toBe('envoy');
    expect(found && matchConfidence(found.match)).toBe('LIKELY');
  });

  it('a name alone is a guess', () => {
    const found = recogniseHelperMatch({ name: 'oauth2-proxy', image: 'example.com/app:1' });
    expect(found?.helper.id).toBe('oauth2-proxy');
    expect(found && matchConfidence(found.match)).toBe('GUESS');
  });
});

const deployment = (name: string, containers: unknown[], meta: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...meta },
        spec: { containers },
      },
    },
  });

function containersOf(text: string) {
  const result = analyzeManifest(text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.workloads[0]!.containers;
}

describe('classification with evidence and confidence', () => {
  it('a helper beside the app carries its evidence and a confidence', () => {
    const [app, proxy] = containersOf(
      deployment('web', [
        {
          name: 'web',
          image: 'nginx:1.27',
          volumeMounts: [{ name: 'sock', mountPath: '/cloudsql' }],
        },
        {
          name: 'cloud-sql-proxy',
          image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0',
          args: ['--unix-socket=/cloudsql', 'p:r:i'],
          volumeMounts: [{ name: 'sock', mountPath: '/cloudsql' }],
        },
      ]),
    );
    expect(app).toMatchObject({ legacySidecar: false, confidence: 'CERTAIN' });
    expect(proxy).toMatchObject({ legacySidecar: true, confidence: 'CERTAIN' });
    expect(proxy!.evidence.map((e) => e.kind)).toEqual(['KNOWN_IMAGE', 'SHARED_VOLUME']);
  });

  it("a gateway's proxy is the app, even beside another container", () => {
    const [proxy, extra] = containersOf(
      deployment(
        'istio-ingress',
        [
          { name: 'istio-proxy', image: 'auto' },
          { name: 'additional-container', image: 'additional-image:latest' },
        ],
        { annotations: { 'inject.istio.io/templates': 'gateway' } },
      ),
    );
    expect(proxy).toMatchObject({ legacySidecar: false });
    expect(proxy!.evidence.some((e) => e.kind === 'WORKLOAD_PURPOSE')).toBe(true);
    expect(extra).toMatchObject({ legacySidecar: false });
  });

  it("an agent named after its DaemonSet is the DaemonSet's app, not a helper by its name", () => {
    const text = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'spire-agent' },
      spec: {
        selector: { matchLabels: { app: 'spire-agent' } },
        template: {
          metadata: { labels: { app: 'spire-agent' } },
          spec: {
            containers: [
              { name: 'spire-agent', image: 'ghcr.io/spiffe/spire-agent:1.5.4' },
              {
                name: 'node-driver-registrar',
                image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.4.0',
              },
            ],
          },
        },
      },
    });
    const [agent, registrar] = containersOf(text);
    expect(agent).toMatchObject({ legacySidecar: false });
    expect(registrar).toMatchObject({ legacySidecar: true });
  });

  it('an idle container beside the app is a helper, on a guess unless it shares a volume', () => {
    const [, idle] = containersOf(
      deployment('db', [
        { name: 'db', image: 'postgres:16' },
        { name: 'holder', image: 'busybox', command: ['sh', '-c', 'echo ok && sleep infinity'] },
      ]),
    );
    expect(idle).toMatchObject({ legacySidecar: true, confidence: 'GUESS' });
    expect(idle!.evidence[0]).toMatchObject({ kind: 'COMMAND' });
  });

  it('tail -f of a log file is a log streamer; tail -f of data is not', () => {
    const [, streamer] = containersOf(
      deployment('counter', [
        { name: 'count', image: 'busybox', volumeMounts: [{ name: 'log', mountPath: '/var/log' }] },
        {
          name: 'count-log',
          image: 'busybox',
          args: ['/bin/sh', '-c', 'tail -n+1 -F /var/log/1.log'],
          volumeMounts: [{ name: 'log', mountPath: '/var/log' }],
        },
      ]),
    );
    expect(streamer).toMatchObject({ legacySidecar: true, helper: { id: 'log-streamer' } });
    const [, reader] = containersOf(
      deployment('reader', [
        {
          name: 'writer',
          image: 'busybox',
          command: ['sh', '-c', 'while true; do date >> /d/x; sleep 1; done'],
        },
        { name: 'reader', image: 'busybox', command: ['sh', '-c', 'tail -f /d/x'] },
      ]),
    );
    expect(reader).toMatchObject({ legacySidecar: false });
  });
});
