// Fixes edit the user's document in place: other documents, comments and layout survive.
import { analyzeManifest } from '../../../src/engine/analyze';
import type { Finding } from '../../../src/engine/rules';

function findings(text: string): Finding[] {
  const result = analyzeManifest(text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.workloads.flatMap((w) => w.findings);
}

const CONFIG_MAP = `# shared settings
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings   # used by the job
data:
  LOG_LEVEL: info
`;

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: export
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: export # the real work
        image: ghcr.io/acme/export:1.1.0
      - name: cloud-sql-proxy
        image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1
        args: ["--port=5432", "acme:eu:db"]
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: export
spec:
  ports:
    - port: 80
`;

describe('mechanical fixes', () => {
  it('returns the affected document of a multi-document input, fixed, and nothing else', () => {
    const text = `${CONFIG_MAP}---\n${JOB}---\n${SERVICE}`;
    const fix = findings(text).find((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion');
    const fixed = fix?.fixedManifest ?? '';
    expect(fixed).not.toContain('kind: ConfigMap');
    expect(fixed).not.toContain('kind: Service');
    expect(fixed).toMatch(/^(---\n)?(#.*\n)*apiVersion: batch\/v1\nkind: Job/);
    const job = fixed;
    // The user's flush sequence style and comments are kept.
    expect(job).toContain('      - name: export # the real work');
    expect(job).toMatch(/initContainers:\n {6}- name: cloud-sql-proxy/);
    expect(job).toContain('restartPolicy: Always');
    // A startupProbe on the proxy's port is suggested.
    expect(job).toMatch(/startupProbe:\n\s+tcpSocket:\n\s+port: 5432/);
    expect(findings(fixed).some((f) => f.ruleId === 'legacy-sidecar-blocks-job-completion')).toBe(
      false,
    );
  });

  it('fixes an item of a List in place', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: web }
    spec: { ports: [{ port: 80 }] }
  - apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec:
          initContainers:
            - name: cloud-sql-proxy
              image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1
              restartPolicy: Always
              args: ["--port=5432", "acme:eu:db"]
          containers:
            - name: web
              image: ghcr.io/acme/web:2.0.0
`;
    const fix = findings(list).find((f) => f.ruleId === 'sidecar-startup-probe-missing');
    expect(fix?.path).toBe('items[1].spec.template.spec.initContainers[0].startupProbe');
    expect(fix?.fixedManifest).toContain('kind: Service');
    expect(
      findings(fix?.fixedManifest ?? '').some((f) => f.ruleId === 'sidecar-startup-probe-missing'),
    ).toBe(false);
  });

  it('adds terminationGracePeriodSeconds with room for the hooks', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: gateway
spec:
  containers:
    - name: envoy
      image: envoyproxy/envoy:v1.30.1
      lifecycle:
        preStop:
          sleep:
            seconds: 25
`;
    const fix = findings(text).find((f) => f.ruleId === 'termination-grace-period-missing');
    expect(fix?.fixedManifest).toContain('terminationGracePeriodSeconds: 40');
  });

  it('gives no fixed manifest where the change is not mechanical', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: shop
spec:
  initContainers:
    - name: exporter
      image: quay.io/prometheuscommunity/statsd-exporter:v0.26.1
      restartPolicy: Always
      ports: [{ containerPort: 8080 }]
  containers:
    - name: shop
      image: ghcr.io/acme/shop:4.4.0
      ports: [{ containerPort: 8080 }]
`;
    const conflict = findings(text).find((f) => f.ruleId === 'container-port-conflict');
    expect(conflict).toBeDefined();
    expect(conflict?.fixedManifest).toBeNull();
  });
});

describe('fixes on JSON input', () => {
  it('returns block YAML that re-analyses clean', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'export' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              { name: 'export', image: 'ghcr.io/acme/export:1.1.0' },
              {
                name: 'cloud-sql-proxy',
                image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
                args: ['--port=5432', 'a:b:c'],
              },
            ],
          },
        },
      },
    };
    const fix = findings(JSON.stringify(job, null, 2)).find(
      (f) => f.ruleId === 'legacy-sidecar-blocks-job-completion',
    );
    expect(fix?.fixedManifest).toMatch(/^apiVersion: batch\/v1\nkind: Job\n/);
    expect(fix?.fixedManifest).toMatch(/initContainers:\n\s+- name: cloud-sql-proxy/);
    const result = analyzeManifest(fix?.fixedManifest ?? '');
    expect(result.ok && result.report.workloads[0]?.lifecycle.job?.phase).toBe('Succeeded');
  });
});
