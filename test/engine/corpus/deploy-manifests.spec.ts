// Our own deployment (deploy/kubernetes), analysed by our own engine: no errors at any supported
// Kubernetes version, and the start-up, readiness, termination and resource facts it was written
// for (docs/architecture.md, "Running modes").
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyzeManifest } from '../../../src/engine/analyze';
import type { AnalysisReport, WorkloadReport } from '../../../src/engine/analyze';
import { readManifest } from '../../../src/engine/intake';
import { validateWorkload } from '../../../src/engine/validation';
import type { Container } from '../../../src/engine/k8s/types';
import {
  MAX_SUPPORTED_MINOR,
  MIN_SUPPORTED_MINOR,
  parseKubernetesVersion,
} from '../../../src/engine/k8s/version';
import { REPO_ROOT } from '../../support/shared';

const DEPLOY_DIR = path.join(REPO_ROOT, 'deploy', 'kubernetes');

/** Every YAML file of the folder, in file-name order. */
const files: [string, string][] = readdirSync(DEPLOY_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => [f, readFileSync(path.join(DEPLOY_DIR, f), 'utf8')]);

const text = (file: string): string => {
  const entry = files.find(([f]) => f === file);
  if (!entry) throw new Error(`deploy/kubernetes/${file} is missing`);
  return entry[1];
};

function analyse(source: string, kubernetesVersion?: string): AnalysisReport {
  const result = analyzeManifest(source, { kubernetesVersion: kubernetesVersion ?? null });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report;
}

function workload(file: string): WorkloadReport {
  const [w, ...rest] = analyse(text(file)).workloads;
  if (!w || rest.length > 0) throw new Error(`${file} should hold exactly one workload`);
  return w;
}

/** The first container of the file's pod template, as the engine's intake reads it. */
function container(file: string): Container {
  const parsed = parseKubernetesVersion(undefined);
  if (!parsed.ok) throw new Error(parsed.message);
  const c = readManifest(text(file), { version: parsed.version, validate: validateWorkload })
    .workloads[0]?.spec.containers?.[0];
  if (!c) throw new Error(`${file} has no container`);
  return c;
}

/** Plain objects of every document of a file, for the kinds the engine skips (Service, HPA, PDB). */
function objects(file: string): Record<string, unknown>[] {
  return parseAllDocuments(text(file)).map((d) => d.toJS() as Record<string, unknown>);
}

const versions = Array.from(
  { length: MAX_SUPPORTED_MINOR - MIN_SUPPORTED_MINOR + 1 },
  (_, i) => `1.${MIN_SUPPORTED_MINOR + i}`,
);

describe('deploy/kubernetes analysed by the engine', () => {
  it('holds the files the kustomization lists, and nothing it does not', () => {
    const kustomization = objects('kustomization.yaml')[0] as { resources?: string[] };
    const listed = [...(kustomization.resources ?? [])].sort();
    expect(listed).toEqual(files.map(([f]) => f).filter((f) => f !== 'kustomization.yaml'));
    expect(listed).toEqual(
      expect.arrayContaining([
        'configmap.yaml',
        'deployment.yaml',
        'hpa.yaml',
        'migrate-job.yaml',
        'pdb.yaml',
        'service.yaml',
      ]),
    );
  });

  describe.each(versions)('Kubernetes %s', (version) => {
    it.each(files.map(([f]) => [f]))('%s: no ERROR diagnostic and no ERROR finding', (file) => {
      const report = analyse(text(file), version);
      expect(report.diagnostics.filter((d) => d.severity === 'ERROR')).toEqual([]);
      expect(
        report.workloads.flatMap((w) => w.findings).filter((f) => f.severity === 'ERROR'),
      ).toEqual([]);
    });
  });

  it('raises no finding and no lifecycle warning at all at the default version', () => {
    for (const [file, source] of files) {
      const report = analyse(source);
      for (const w of report.workloads) {
        expect({ file, findings: w.findings, warnings: w.lifecycle.warnings }).toEqual({
          file,
          findings: [],
          warnings: [],
        });
      }
      // Only the kinds without a pod template are mentioned, as skipped.
      expect(report.diagnostics.every((d) => d.reason === 'SkippedKind')).toBe(true);
    }
  });

  describe('the Deployment', () => {
    const w = workload('deployment.yaml');
    const c = container('deployment.yaml');

    it('runs 3 replicas of the release image on port 3000', () => {
      expect(w).toMatchObject({ kind: 'Deployment', name: 'sidecar-lens', replicas: 3 });
      expect(c.image).toBe('ghcr.io/sidecar-lens/sidecar-lens:0.1.0');
      expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    });

    it('probes /healthz for start-up and liveness and /readyz for readiness', () => {
      expect(c.startupProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
      expect(c.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
      expect(c.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    });

    it('is Ready within 10 s in the simulated start-up, and within its probe budgets at worst', () => {
      const ready = w.lifecycle.podReadyAtSeconds;
      expect(ready).not.toBeNull();
      expect(ready ?? Infinity).toBeLessThanOrEqual(10);
      const types = w.lifecycle.startup.map((e) => e.type);
      expect(types.indexOf('STARTUP_PROBE_SUCCEEDED')).toBeLessThan(types.indexOf('POD_READY'));
      // Worst case: the startup probe passes at the end of its 60 s budget, then one readiness period.
      const [worst] = w.lifecycle.worstCase.containers;
      expect(worst?.startupProbeBudgetSeconds).toBe(60);
      expect(w.lifecycle.worstCase.podReadyAtSeconds ?? Infinity).toBeLessThanOrEqual(70);
    });

    it('drains: preStop sleeps 5 s, SIGTERM follows, and the pod is gone well within the grace period', () => {
      const { lifecycle } = w;
      expect(lifecycle.terminationGracePeriodSeconds).toBe(30);
      const a = lifecycle.assumptions.containers[0];
      expect(a).toMatchObject({ preStopSeconds: 5, preStopSource: 'SPEC' });
      const at = (type: string): number | undefined =>
        lifecycle.termination.find((e) => e.type === type)?.atSeconds;
      expect(at('PRESTOP_FINISHED')).toBe(5);
      expect(at('SIGTERM_SENT')).toBe(5);
      expect(at('SIGKILL_SENT')).toBeUndefined();
      const done = lifecycle.terminationCompletesAtSeconds ?? Infinity;
      expect(done).toBeLessThanOrEqual(lifecycle.terminationGracePeriodSeconds);
      // At least 20 s of the budget remain for in-flight requests once the preStop is over.
      expect(lifecycle.terminationGracePeriodSeconds - 5).toBeGreaterThanOrEqual(20);
    });

    it('requests 500m cpu and 512Mi memory, limits memory to its request and leaves cpu unthrottled', () => {
      const r = w.resources;
      expect(r.requests.map((q) => [q.resource, q.quantity])).toEqual([
        ['cpu', '500m'],
        ['memory', '512Mi'],
      ]);
      expect(r.limits.map((q) => [q.resource, q.quantity])).toEqual([['memory', '512Mi']]);
      expect(r.qosClass).toBe('BURSTABLE');
      expect(r.unboundedLimits).toEqual([]);
      expect(r.complete).toBe(true);
      expect(r.workloadTotals?.requests.map((q) => [q.resource, q.quantity])).toEqual([
        ['cpu', '1500m'],
        ['memory', '1536Mi'],
      ]);
    });

    it('runs as non-root on a read-only root filesystem without capabilities', () => {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      const [deployment] = objects('deployment.yaml') as {
        spec: { template: { spec: { securityContext: Record<string, unknown> } } };
      }[];
      expect(deployment?.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
    });

    it('takes DATABASE_URL from a Secret and the rest from the ConfigMap', () => {
      expect(c.env).toEqual([
        {
          name: 'DATABASE_URL',
          valueFrom: { secretKeyRef: { name: 'sidecar-lens-database', key: 'DATABASE_URL' } },
        },
      ]);
      expect(c.envFrom).toEqual([{ configMapRef: { name: 'sidecar-lens' } }]);
      const [configMap] = objects('configmap.yaml') as { data: Record<string, string> }[];
      expect(configMap?.data).toMatchObject({
        AUTH_MODE: 'apikey',
        NODE_ENV: 'production',
        PORT: '3000',
      });
    });
  });

  describe('the migration Job', () => {
    const w = workload('migrate-job.yaml');
    const c = container('migrate-job.yaml');

    it('runs the compiled migration runner of the same image and completes', () => {
      expect(c.image).toBe(container('deployment.yaml').image);
      expect(c.command?.join(' ')).toContain("require('./dist/database/migrate.js')");
      expect(c.command?.join(' ')).toContain('process.exit(1)');
      expect(w.lifecycle.job).toMatchObject({ neverCompletes: false, phase: 'Succeeded' });
    });
  });

  describe('Service, HPA and PodDisruptionBudget', () => {
    const [deployment] = objects('deployment.yaml') as {
      metadata: { name: string };
      spec: { selector: { matchLabels: Record<string, string> } };
    }[];
    const selector = deployment?.spec.selector.matchLabels;

    it('select the Deployment’s pods', () => {
      const [service] = objects('service.yaml') as {
        spec: { selector: Record<string, string>; ports: { targetPort: string }[] };
      }[];
      const [pdb] = objects('pdb.yaml') as {
        spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable: number };
      }[];
      expect(service?.spec.selector).toEqual(selector);
      expect(service?.spec.ports.map((p) => p.targetPort)).toEqual(['http']);
      expect(pdb?.spec.selector.matchLabels).toEqual(selector);
      expect(pdb?.spec.maxUnavailable).toBe(1);
    });

    it('scale the Deployment between 3 and 10 replicas on cpu', () => {
      const [hpa] = objects('hpa.yaml') as {
        spec: {
          scaleTargetRef: { kind: string; name: string };
          minReplicas: number;
          maxReplicas: number;
        };
      }[];
      expect(hpa?.spec.scaleTargetRef).toMatchObject({
        kind: 'Deployment',
        name: deployment?.metadata.name,
      });
      expect(hpa?.spec.minReplicas).toBe(workload('deployment.yaml').replicas);
      expect(hpa?.spec.maxReplicas).toBe(10);
    });
  });
});
