// The cases issue 10 names one by one, each as a focused test through the public entry point
// (analyzeManifest). Others are pinned elsewhere: the YAML dialect and the unreadable workload
// document in test/engine/intake/yaml-dialect.spec.ts; gateway proxies, agent DaemonSets and
// `tail -f` streamers in catalogue.spec.ts; Linkerd's identity controller in
// rules.severity-policy.spec.ts; DaemonSet per node in resources-report.spec.ts; postStart holding
// only later containers in lifecycle/simulate-lifecycle.spec.ts; freeze agents and config managers in the
// collected corpus (078-velero-nginx-fsfreeze, 064-gpu-operator-device-plugin).
import { analyzeManifest } from '../../../src/engine';
import { KNOWN_HELPERS } from '../../../src/engine/classification';
import type { WorkloadReport } from '../../../src/engine';

function analyze(doc: unknown): WorkloadReport {
  const result = analyzeManifest(JSON.stringify(doc));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const [w] = result.report.workloads;
  if (!w) throw new Error('no workload');
  return w;
}

const deployment = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec },
  },
});

const ruleIds = (w: WorkloadReport): string[] => w.findings.map((f) => f.ruleId);

describe('issue 10: init containers that do exit', () => {
  it("a CNI validator init container on the mesh proxy's image is not taken for a never-exiting proxy", () => {
    for (const validator of [
      {
        name: 'istio-validation',
        image: 'docker.io/istio/proxyv2:1.22.0',
        args: ['istio-iptables', '--run-validation', '--skip-rule-apply'],
      },
      {
        name: 'linkerd-network-validator',
        image: 'cr.l5d.io/linkerd/proxy:stable-2.14.10',
        command: ['/usr/lib/linkerd/linkerd2-network-validator'],
        args: ['--log-format', 'plain', '--connect-addr', '1.1.1.1:20001'],
      },
    ]) {
      const w = analyze(
        deployment('web', {
          initContainers: [validator],
          containers: [{ name: 'web', image: 'nginx:1.27' }],
        }),
      );
      expect([validator.name, ruleIds(w)]).toEqual([
        validator.name,
        expect.not.arrayContaining(['init-container-never-exits']),
      ]);
      expect(w.findings.filter((f) => f.severity === 'ERROR')).toEqual([]);
      expect(w.containers[0]).toMatchObject({ role: 'INIT', legacySidecar: false });
    }
  });

  it.each([
    ['`while true; ... exit 0; done`', 'while true; do nc -z db 5432 && exit 0; sleep 2; done'],
    ['`break`', 'while true; do if nc -z db 5432; then break; fi; sleep 2; done; echo up'],
    ['`until`', 'until nc -z db 5432; do sleep 2; done'],
  ])('a wait loop that can end with %s terminates', (_what, script) => {
    const w = analyze(
      deployment('web', {
        initContainers: [
          { name: 'wait-for-db', image: 'busybox:1.36', command: ['sh', '-c', script] },
        ],
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      }),
    );
    expect(ruleIds(w)).not.toContain('init-container-never-exits');
    expect(w.findings.filter((f) => f.severity === 'ERROR')).toEqual([]);
  });

  it('an endless loop with no way out is certain: an ERROR', () => {
    const w = analyze(
      deployment('web', {
        initContainers: [
          {
            name: 'proxy-ish',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'while true; do sleep 5; done'],
          },
        ],
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      }),
    );
    expect(w.findings.find((f) => f.ruleId === 'init-container-never-exits')).toMatchObject({
      severity: 'ERROR',
    });
  });
});

describe('issue 10: helpers and the app', () => {
  it('a plain Envoy beside the app is a legacy sidecar, from its image', () => {
    const w = analyze(
      deployment('shop', {
        containers: [
          { name: 'shop', image: 'ghcr.io/acme/shop:2.1.0', ports: [{ containerPort: 8080 }] },
          {
            name: 'front',
            image: 'envoyproxy/envoy:v1.30.1',
            args: ['-c', '/etc/envoy/envoy.yaml'],
          },
        ],
      }),
    );
    const envoy = w.containers.find((c) => c.name === 'front');
    expect(envoy).toMatchObject({
      legacySidecar: true,
      helper: { id: 'envoy' },
      confidence: 'CERTAIN',
    });
    expect(envoy!.evidence.map((e) => e.kind)).toContain('KNOWN_IMAGE');
  });

  it("an API gateway's data plane is the app, not a helper of the container beside it", () => {
    const w = analyze(
      deployment('api-gateway', {
        containers: [
          {
            name: 'envoy',
            image: 'envoyproxy/envoy:v1.30.1',
            args: ['-c', '/etc/envoy/envoy.yaml'],
          },
          { name: 'xds-sync', image: 'ghcr.io/acme/xds-sync:0.4.0' },
        ],
      }),
    );
    const envoy = w.containers.find((c) => c.name === 'envoy');
    expect(envoy).toMatchObject({ legacySidecar: false });
    expect(envoy!.evidence.some((e) => e.kind === 'WORKLOAD_PURPOSE')).toBe(true);
    expect(w.findings.filter((f) => f.container === 'envoy' && f.severity !== 'INFO')).toEqual([]);
  });
});

describe('issue 10: ERROR only for what is certain', () => {
  const job = (app: Record<string, unknown>) =>
    JSON.stringify({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'report' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              { name: 'report', image: 'ghcr.io/acme/report:1.0.0', ...app },
              {
                name: 'cloud-sql-proxy',
                image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
                args: ['--admin-port=9091', '--quitquitquit', '--port=5432', 'p:r:i'],
              },
            ],
          },
        },
      },
    });
  const blocking = (text: string, severityOverrides?: Record<string, 'error'>) => {
    const result = analyzeManifest(text, { severityOverrides: severityOverrides ?? null });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [w] = result.report.workloads;
    return {
      job: w!.lifecycle.job,
      finding: w!.findings.find((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion'),
    };
  };

  it('a certain helper that nothing stops keeps the Job from completing: an ERROR', () => {
    const { job: sim, finding } = blocking(job({ command: ['sh', '-c', 'python /app/run.py'] }));
    expect(sim).toMatchObject({ neverCompletes: true });
    expect(finding).toMatchObject({ severity: 'ERROR' });
  });

  it('an app that calls /quitquitquit lets the Job complete: a WARNING about the fragile workaround', () => {
    const text = job({
      command: ['sh', '-c', 'python /app/run.py && curl -X POST localhost:9091/quitquitquit'],
    });
    const { job: sim, finding } = blocking(text);
    expect(sim).toMatchObject({ neverCompletes: false, stoppedByApp: ['cloud-sql-proxy'] });
    expect(finding).toMatchObject({ severity: 'WARNING' });
    expect(finding!.message).toContain('fragile workaround');
    expect(finding!.fixedManifest).not.toBeNull();
    // An explicit override is the user's own choice.
    expect(
      blocking(text, { 'legacy-sidecar-blocks-job-completion': 'error' }).finding,
    ).toMatchObject({ severity: 'ERROR' });
  });
});

describe('issue 10: what the findings say', () => {
  it('a mesh Envoy that carries every request is in the request path: its readiness gating the pod is right', () => {
    for (const proxy of [
      { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.0', args: ['proxy', 'sidecar'] },
      { name: 'envoy', image: 'envoyproxy/envoy:v1.30.1', args: ['-c', '/etc/envoy/envoy.yaml'] },
    ]) {
      const w = analyze(
        deployment('reviews', {
          initContainers: [
            {
              ...proxy,
              restartPolicy: 'Always',
              readinessProbe: { httpGet: { path: '/ready', port: 15021 }, failureThreshold: 3 },
            },
          ],
          containers: [{ name: 'reviews', image: 'ghcr.io/acme/reviews:1.0.0' }],
        }),
      );
      expect([proxy.name, ruleIds(w)]).toEqual([
        proxy.name,
        expect.not.arrayContaining(['sidecar-readiness-flaps-app']),
      ]);
      for (const f of w.findings) expect(f.message).not.toContain('not in the request path');
    }
  });

  it('a cpu limit of 0 is no limit: beside a container with one, the pod cgroup gets none', () => {
    const w = analyze(
      deployment('web', {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            resources: { limits: { cpu: '0', memory: '128Mi' } },
          },
          {
            name: 'reloader',
            image: 'ghcr.io/jimmidyson/configmap-reload:v0.13.1',
            resources: { limits: { cpu: '100m', memory: '32Mi' } },
          },
        ],
      }),
    );
    expect(w.resources.unboundedLimits).toEqual(['cpu']);
    expect(w.resources.unboundedLimitDetails[0]).toMatchObject({
      resource: 'cpu',
      unlimitedContainers: ['web'],
      limitedContainers: ['reloader'],
    });
    expect(w.resources.unboundedLimitDetails[0]!.explanation).toContain('sets no cpu limit');
  });

  it('no liveness hint for a helper whose project deliberately ships no livenessProbe', () => {
    const w = analyze(
      deployment('web', {
        initContainers: [
          {
            name: 'vault-agent',
            image: 'hashicorp/vault:1.15.0',
            args: ['agent', '-config=/vault/config/agent.hcl'],
            restartPolicy: 'Always',
            ports: [{ containerPort: 8200 }],
          },
        ],
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      }),
    );
    expect(w.containers[0]).toMatchObject({ helper: { id: 'vault-agent' } });
    // The catalogue says why (hashicorp/vault-k8s writes no probes), and the rule reads it.
    expect(KNOWN_HELPERS.find((h) => h.id === 'vault-agent')?.noLivenessProbe).toMatch(/vault-k8s/);
    expect(ruleIds(w)).not.toContain('sidecar-liveness-probe-missing');
  });
});
