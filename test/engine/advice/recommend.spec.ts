// The pattern advisor: classification, injected sidecars, recommendations and the catalogue.
import { analyzeManifest } from '../../../src/engine/analyze';
import type { WorkloadReport } from '../../../src/engine/analyze';
import { sidecarPatterns } from '../../../src/engine/advice';
import { loadCorpus } from '../../support/shared';

const corpus = new Map(loadCorpus());

function workloads(text: string, kubernetesVersion?: string): WorkloadReport[] {
  const result = analyzeManifest(text, { kubernetesVersion: kubernetesVersion ?? null });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.workloads;
}

function corpusWorkload(prefix: string): WorkloadReport {
  const entry = [...corpus.entries()].find(([file]) => file.startsWith(prefix));
  const w = entry ? workloads(entry[1])[0] : undefined;
  if (!w) throw new Error(`no workload in corpus file ${prefix}`);
  return w;
}

const pod = (
  meta: string,
  containers = '  containers:\n    - name: app\n      image: ghcr.io/acme/app:1.0\n',
): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n${meta}spec:\n${containers}`;

describe('container classification', () => {
  // The helpers SOURCES.md names as legacy sidecars, and the app containers that are not.
  it.each([
    ['05', 'istio-proxy', 'SIDECAR'],
    ['06', 'istio-proxy', 'SIDECAR'],
    ['07', 'istio-proxy', 'SIDECAR'],
    ['09', 'linkerd-proxy', 'SIDECAR'],
    ['13', 'cloud-sql-proxy', 'AMBASSADOR'],
    ['16', 'cloudsql-proxy', 'AMBASSADOR'],
    ['18', 'vault-agent', 'CONFIGURATION_HELPER'],
    ['21', 'sidecar1', 'SIDECAR'],
    ['22', 'prometheus-server-configmap-reload', 'CONFIGURATION_HELPER'],
    ['23', 'ext-authz', 'AMBASSADOR'],
    ['24', 'prometheus-to-sd', 'ADAPTER'],
  ])('%s: %s is a legacy sidecar serving the %s pattern', (prefix, name, pattern) => {
    const c = corpusWorkload(prefix).containers.find((x) => x.name === name);
    expect(c).toMatchObject({ role: 'APP', legacySidecar: true, pattern });
  });

  it.each([
    ['05', 'pi'],
    ['24', 'prometheus-dummy-exporter'],
    ['25', 'mysql'],
    ['30', 'master'],
    ['30', 'sentinel'],
    ['31', 'jetstream-pytorch-server'],
  ])('%s: %s is the application, not a sidecar', (prefix, name) => {
    expect(corpusWorkload(prefix).containers.find((x) => x.name === name)?.legacySidecar).toBe(
      false,
    );
  });

  it('names native sidecars and init containers by pattern', () => {
    const w = corpusWorkload('12');
    expect(w.containers.find((c) => c.name === 'cloud-sql-proxy')).toMatchObject({
      role: 'SIDECAR',
      pattern: 'AMBASSADOR',
    });
    expect(corpusWorkload('28').containers.find((c) => c.name === 'war')).toMatchObject({
      role: 'INIT',
      pattern: 'INIT',
    });
    expect(
      corpusWorkload('17').containers.find((c) => c.name === 'lora-adapter-syncer')?.pattern,
    ).toBe('CONFIGURATION_HELPER');
  });

  it('on 1.28 a restartPolicy: Always init container is an INIT container, as the kubelet sees it', () => {
    const entry = [...corpus.entries()].find(([f]) => f.startsWith('12'));
    const w = workloads(entry?.[1] ?? '', '1.28')[0];
    expect(w?.containers.find((c) => c.name === 'cloud-sql-proxy')?.role).toBe('INIT');
  });
});

describe('injected sidecars', () => {
  it.each([
    ['19', 'Dapr', 'daprd'],
    ['20', 'OpenTelemetry Operator', 'otc-container'],
    ['10', 'Linkerd', 'linkerd-proxy'],
  ])('%s: %s will add %s at admission', (prefix, injector, container) => {
    expect(corpusWorkload(prefix).injectedSidecars).toEqual([
      expect.objectContaining({ injector, container, mode: 'INJECTOR_DEFAULT' }),
    ]);
  });

  it.each(['01', '02', '05', '06', '08', '09', '18', '22'])(
    '%s: already injected or opted out, nothing more is added',
    (prefix) => {
      expect(corpusWorkload(prefix).injectedSidecars).toEqual([]);
    },
  );

  it.each([
    ['  labels:\n    sidecar.istio.io/inject: "true"\n', 'istio-proxy', 'INJECTOR_DEFAULT'],
    ['  labels:\n    istio.io/rev: canary\n', 'istio-proxy', 'INJECTOR_DEFAULT'],
    [
      '  annotations:\n    sidecar.istio.io/inject: "true"\n    sidecar.istio.io/nativeSidecar: "false"\n',
      'istio-proxy',
      'LEGACY',
    ],
    [
      '  annotations:\n    linkerd.io/inject: enabled\n    config.beta.linkerd.io/proxy-enable-native-sidecar: "true"\n',
      'linkerd-proxy',
      'NATIVE',
    ],
    [
      '  annotations:\n    linkerd.io/inject: enabled\n    config.alpha.linkerd.io/proxy-enable-native-sidecar: "true"\n',
      'linkerd-proxy',
      'NATIVE',
    ],
    // Linkerd's GA name (linkerd/linkerd2 pkg/k8s/labels.go ProxyEnableNativeSidecarAnnotation).
    [
      '  annotations:\n    linkerd.io/inject: enabled\n    config.linkerd.io/proxy-enable-native-sidecar: "true"\n',
      'linkerd-proxy',
      'NATIVE',
    ],
    // vault-k8s always appends vault-agent to spec.containers.
    ['  annotations:\n    vault.hashicorp.com/agent-inject: "true"\n', 'vault-agent', 'LEGACY'],
    ['  annotations:\n    dapr.io/enabled: "true"\n', 'daprd', 'INJECTOR_DEFAULT'],
    // dapr/dapr pkg/injector/annotations/annotations.go KeyEnableNativeSidecar.
    [
      '  annotations:\n    dapr.io/enabled: "true"\n    dapr.io/enable-native-sidecar: "true"\n',
      'daprd',
      'NATIVE',
    ],
    // consul-k8s: a regular container unless enable-consul-dataplane-as-sidecar.
    [
      '  annotations:\n    consul.hashicorp.com/connect-inject: "true"\n',
      'consul-dataplane',
      'INJECTOR_DEFAULT',
    ],
    [
      '  annotations:\n    consul.hashicorp.com/connect-inject: "true"\n    consul.hashicorp.com/enable-consul-dataplane-as-sidecar: "true"\n',
      'consul-dataplane',
      'NATIVE',
    ],
    // Kuma injects a native sidecar from Kubernetes 1.29 (the default version here).
    ['  labels:\n    kuma.io/sidecar-injection: enabled\n', 'kuma-sidecar', 'NATIVE'],
    ['  annotations:\n    gke-gcsfuse/volumes: "true"\n', 'gke-gcsfuse-sidecar', 'NATIVE'],
    [
      '  annotations:\n    instrumentation.opentelemetry.io/inject-go: "true"\n',
      'opentelemetry-auto-instrumentation',
      'LEGACY',
    ],
  ])('reads the opt-in and the mode from %j', (meta, container, mode) => {
    const [w] = workloads(pod(meta));
    expect(w?.injectedSidecars).toEqual([expect.objectContaining({ container, mode })]);
    expect(
      w?.findings.some(
        (f) => f.ruleId === 'sidecar-injected-at-admission' && f.container === container,
      ),
    ).toBe(true);
  });

  it.each([
    ['  labels:\n    sidecar.istio.io/inject: "false"\n    istio.io/rev: default\n'],
    ['  annotations:\n    linkerd.io/inject: disabled\n'],
    [
      '  annotations:\n    vault.hashicorp.com/agent-inject: "true"\n    vault.hashicorp.com/agent-pre-populate-only: "true"\n',
    ],
    ['  annotations:\n    sidecar.opentelemetry.io/inject: "false"\n'],
  ])('no injection for %j', (meta) => {
    expect(workloads(pod(meta))[0]?.injectedSidecars).toEqual([]);
  });

  it('OpenTelemetry auto-instrumentation is an init container that runs to completion', () => {
    const [w] = workloads(
      pod('  annotations:\n    instrumentation.opentelemetry.io/inject-java: "true"\n'),
    );
    expect(w?.injectedSidecars).toEqual([
      expect.objectContaining({
        container: 'opentelemetry-auto-instrumentation-java',
        runsToCompletion: true,
        effects: [
          expect.stringMatching(/^Init phase: it runs before the app/),
          expect.stringMatching(/^Resources:/),
        ],
      }),
    ]);
  });

  it.each([
    ['1.28', 'LEGACY', /never completes/],
    ['1.33', 'NATIVE', /still completes/],
  ])('on %s, GKE Cloud Storage FUSE in a Job is injected %s', (version, mode, job) => {
    const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  template:
    metadata:
      annotations:
        gke-gcsfuse/volumes: "true"
    spec:
      restartPolicy: Never
      containers:
        - name: train
          image: ghcr.io/acme/train:1.0
`;
    const result = analyzeManifest(text, { kubernetesVersion: version });
    if (!result.ok) throw new Error('options');
    const [s] = result.report.workloads[0]!.injectedSidecars;
    expect(s).toMatchObject({ container: 'gke-gcsfuse-sidecar', mode });
    expect(s!.effects.at(-1)).toMatch(job);
  });

  it('does not announce a second istio-proxy for an injected pod', () => {
    const meta = '  labels:\n    sidecar.istio.io/inject: "true"\n';
    const containers =
      '  containers:\n    - name: app\n      image: ghcr.io/acme/app:1.0\n    - name: istio-proxy\n      image: docker.io/istio/proxyv2:1.22.0\n      args: ["proxy", "sidecar"]\n';
    expect(workloads(pod(meta, containers))[0]?.injectedSidecars).toEqual([]);
  });
});

describe('recommendations', () => {
  it('05: adopt a native sidecar for the legacy istio-proxy, with reasons tied to the criteria', () => {
    const recs = corpusWorkload('05').recommendations;
    const proxy = recs.find((r) => r.container === 'istio-proxy');
    expect(proxy).toMatchObject({ pattern: 'SIDECAR', verdict: 'ADOPT' });
    expect(proxy?.reasons.join('\n')).toMatch(/Cross-cutting concern/);
    expect(proxy?.reasons.join('\n')).toMatch(/Simpler alternative exists/);
    expect(recs.find((r) => r.container === null)?.verdict).toBe('ADOPT');
  });

  it('16: reconsider a database proxy that takes half the cpu when a connector library would do', () => {
    const proxy = corpusWorkload('16').recommendations.find(
      (r) => r.container === 'cloudsql-proxy',
    );
    expect(proxy?.verdict).toBe('RECONSIDER');
    expect(proxy?.reasons.join('\n')).toMatch(/takes 50% of the cpu/);
    expect(proxy?.reasons.join('\n')).toMatch(/language connectors/);
  });

  it('weighs shares exactly: 14m of 400m is 3.5 %, rounded up; 1e400 bytes beside 1e400 is half', () => {
    const containers = [
      '  initContainers:',
      '    - name: otel-collector',
      '      image: otel/opentelemetry-collector-contrib:0.104.0',
      '      restartPolicy: Always',
      '      resources:',
      '        requests: { cpu: 14m, memory: "1e400" }',
      '  containers:',
      '    - name: app',
      '      image: ghcr.io/acme/app:1.0',
      '      resources:',
      '        requests: { cpu: 386m, memory: "1e400" }',
      '',
    ].join('\n');
    const w = workloads(pod('', containers))[0];
    const collector = w?.recommendations.find((r) => r.container === 'otel-collector');
    // As floats: 0.014 / 0.4 * 100 = 3.4999... (3 %) and Infinity / Infinity (NaN %).
    expect(collector?.reasons.join('\n')).toMatch(/takes 4% of the cpu and 50% of the memory/);
  });

  it('21: log shippers mention the node-level agent alternative', () => {
    const recs = corpusWorkload('21').recommendations.filter((r) =>
      r.container?.startsWith('sidecar'),
    );
    expect(recs).toHaveLength(2);
    for (const r of recs) expect(r.reasons.join('\n')).toMatch(/DaemonSet/);
  });

  it('01: a native istio-proxy is kept, and its start-up cost is stated from the timeline', () => {
    const proxy = corpusWorkload('01').recommendations.find((r) => r.container === 'istio-proxy');
    expect(proxy?.verdict).toBe('KEEP');
    expect(proxy?.reasons.join('\n')).toMatch(
      /Start-up latency: the simulated start-up waits \d+(\.\d)?s for istio-proxy/,
    );
  });

  it('30: peer containers get no sidecar advice and no workload verdict', () => {
    expect(corpusWorkload('30').recommendations).toEqual([]);
  });

  it('19: an annotation-injected sidecar yields a workload recommendation', () => {
    const w = corpusWorkload('19').recommendations.find((r) => r.container === null);
    expect(w?.reasons.join('\n')).toMatch(/Dapr will inject daprd/);
  });
});

describe('sidecarPatterns catalogue', () => {
  it('describes every pattern kind with reasons for and against', () => {
    const catalogue = sidecarPatterns();
    expect(catalogue.map((p) => p.kind)).toEqual([
      'SIDECAR',
      'AMBASSADOR',
      'ADAPTER',
      'CONFIGURATION_HELPER',
      'INIT',
    ]);
    for (const p of catalogue) {
      expect(p.summary.length).toBeGreaterThan(50);
      expect(p.useWhen.length).toBeGreaterThanOrEqual(2);
      expect(p.avoidWhen.length).toBeGreaterThanOrEqual(2);
    }
    expect(catalogue[0]?.avoidWhen.join(' ')).toMatch(/DaemonSet/);
  });
});

describe("recommendations weigh the helpers with the workload's own requests", () => {
  const resourceReasons = (w: WorkloadReport, container: string | null): string[] =>
    w.recommendations
      .filter((r) => r.container === container)
      .flatMap((r) => r.reasons)
      .filter((r) => r.startsWith('Resource efficiency first'));

  it('gives the exact share when both the helper and the app request (Cloud SQL proxy 100m of 200m cpu)', () => {
    const [w] = workloads(
      pod(
        '',
        [
          '  containers:',
          '    - name: app',
          '      image: ghcr.io/acme/app:1.0',
          '      resources: {requests: {cpu: 100m, memory: 768Mi}}',
          '    - name: cloud-sql-proxy',
          '      image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
          '      resources: {requests: {cpu: 100m, memory: 256Mi}}',
          '',
        ].join('\n'),
      ),
    );
    expect(resourceReasons(w!, 'cloud-sql-proxy')).toEqual([
      expect.stringContaining(
        'takes 50% of the cpu and 25% of the memory requested by the running pod',
      ),
    ]);
    expect(resourceReasons(w!, null)).toEqual([
      expect.stringContaining('take 50% of the cpu and 25% of the memory'),
    ]);
  });

  it('says a helper that requests nothing is invisible to the scheduler (never "0%")', () => {
    const w = corpusWorkload('01');
    expect(resourceReasons(w, 'other-sidecar')).toEqual([
      expect.stringContaining('other-sidecar requests nothing'),
    ]);
    expect(resourceReasons(w, null).join(' ')).not.toMatch(/unknown share/);
  });

  it('says nothing is reserved when neither helpers nor app request anything', () => {
    expect(resourceReasons(corpusWorkload('21'), null)).toEqual([
      expect.stringContaining('the scheduler reserves nothing for them'),
    ]);
  });
});
