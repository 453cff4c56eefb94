// The fleet report on a dump with known numbers, every figure checked in every format.
//
// fixtures/cluster.yaml is a `kubectl get pods,deployments,statefulsets,daemonsets,jobs,cronjobs
// -A -o yaml` List (pods first, as kubectl prints them) of 12 objects:
//   shop/Deployment web       ×3, team label on the Deployment: web 500m/512Mi + legacy istio-proxy 100m/128Mi
//   shop/StatefulSet db       ×2, team label on the pod template: db 1/2Gi + native fluent-bit 50m/64Mi
//   infra/DaemonSet node-agent  (3 nodes): init setup 2/1Gi, agent 100m/128Mi
//   infra/Pod debug           Guaranteed app 100m/64Mi + native log-tailer 50m/32Mi without limits, Istio injection annotation
//   infra/Pod orphan-…        owned by a ReplicaSet whose Deployment is not in the dump: 100m/128Mi
//   batch/Job migrate         part-of data: migrate 1/1Gi + legacy cloud-sql-proxy 250m/256Mi
//   batch/CronJob nightly     part-of data: report 500m/512Mi + native cloud-sql-proxy 250m/256Mi
// and 5 objects folded into an owner in the dump (Kubernetes' owner references,
// https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/):
//   Pod web-5d8f7c9b6-abcde → ReplicaSet web-5d8f7c9b6 (not dumped) → Deployment web: the
//     ReplicaSet is named <deployment>-<pod-template-hash> (pkg/controller/deployment/sync.go)
//   Pod db-0 → StatefulSet db; Pod migrate-x7k2p → Job migrate;
//   Job nightly-29000000 → CronJob nightly; Pod nightly-…-q8w4r → Job nightly-29000000.
// Figures by hand (prices 0.021811/vCPU-h, 0.002923/GiB-h, 730 h → 15.92203 per core-month and
// 2.13379 per GiB-month):
//   shop  sidecars per pod 100m+50m = 0.15 cores, 128+64 Mi = 0.1875 GiB; × pods 3×100m+2×50m = 0.4,
//         3×128+2×64 Mi = 0.5 GiB; running 3×600m+2×1050m = 3.9 cores, 3×640+2×2112 Mi = 6 GiB;
//         share 0.4/3.9 = 10.3 %, 0.5/6 = 8.3 %; cost 0.4×15.92203+0.5×2.13379 = 7.44
//   batch sidecars 0.5 cores, 0.5 GiB (one pod each); running 1.25+0.75 = 2 cores, 1280+768 Mi = 2 GiB;
//         25 %, 25 %; cost 0.5×15.92203+0.5×2.13379 = 9.03
//   infra sidecars 50m, 32 Mi = 0.03125 GiB; running 3×100m+150m+100m = 0.55, 3×128+96+128 Mi = 608 Mi
//         = 0.59375 GiB; 9.1 %, 5.3 %; cost 0.05×15.92203+0.03125×2.13379 = 0.86;
//         idle init (pkg/api/v1/resource PodRequests: max(init, running)) 2−0.1 = 1.9 cores and
//         1024−128 = 896 Mi per pod × 3 nodes = 5.7 cores, 2.625 GiB, 5.7×15.92203+2.625×2.13379 = 96.36
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FleetReport, GroupFigures } from '../../../src/engine';
import {
  buildFleetReport,
  fleetFindings,
  formatFleetHtml,
  formatFleetJson,
  formatFleetMarkdown,
  formatFleetSarif,
  formatFleetTable,
  resolveDeferred,
  splitDump,
  summarizeUnits,
} from '../../../src/engine';

const FIXTURES = path.join(__dirname, 'fixtures');
const SOURCE = 'cluster.yaml';

function read(name: string) {
  const units = splitDump(name, readFileSync(path.join(FIXTURES, name), 'utf8'));
  const first = summarizeUnits(units, { deferOwned: true });
  const { orphans, folded } = resolveDeferred(first.items, first.deferred ?? []);
  const rest = summarizeUnits(orphans);
  return {
    items: [...first.items, ...rest.items],
    diagnostics: [...first.diagnostics, ...rest.diagnostics],
    folded,
  };
}

const zero = { cpuCores: 0, memoryGib: 0 };
const SHOP: GroupFigures = {
  workloads: 2,
  workloadsByKind: { Deployment: 1, StatefulSet: 1 },
  pods: 5,
  containers: { app: 2, nativeSidecar: 1, legacySidecar: 1, init: 0 },
  injectedSidecars: 0,
  sidecarRequests: {
    perReplica: { cpuCores: 0.15, memoryGib: 0.188 },
    total: { cpuCores: 0.4, memoryGib: 0.5 },
  },
  runningRequests: { cpuCores: 3.9, memoryGib: 6 },
  sidecarShare: { cpuPercent: 10.3, memoryPercent: 8.3 },
  sidecarCostPerMonth: 7.44,
  idleInit: zero,
  idleInitCostPerMonth: 0,
  idleInitWorkloads: 0,
  qosLowered: 0,
  jobsNeverComplete: 0,
  // legacy-sidecar-startup-race (web), log-shipper-without-shared-volume (db)
  findings: { ERROR: 0, WARNING: 2, INFO: 0 },
};
const BATCH: GroupFigures = {
  workloads: 2,
  workloadsByKind: { CronJob: 1, Job: 1 },
  pods: 2,
  containers: { app: 2, nativeSidecar: 1, legacySidecar: 1, init: 0 },
  injectedSidecars: 0,
  sidecarRequests: {
    perReplica: { cpuCores: 0.5, memoryGib: 0.5 },
    total: { cpuCores: 0.5, memoryGib: 0.5 },
  },
  runningRequests: { cpuCores: 2, memoryGib: 2 },
  sidecarShare: { cpuPercent: 25, memoryPercent: 25 },
  sidecarCostPerMonth: 9.03,
  idleInit: zero,
  idleInitCostPerMonth: 0,
  idleInitWorkloads: 0,
  qosLowered: 0,
  jobsNeverComplete: 1,
  // legacy-sidecar-blocks-job-completion (migrate); sidecar-startup-probe-missing and
  // sidecar-liveness-probe-missing (nightly's native cloud-sql-proxy)
  findings: { ERROR: 1, WARNING: 1, INFO: 1 },
};
const INFRA: GroupFigures = {
  workloads: 3,
  workloadsByKind: { DaemonSet: 1, Pod: 2 },
  pods: 5,
  containers: { app: 3, nativeSidecar: 1, legacySidecar: 0, init: 1 },
  injectedSidecars: 1,
  sidecarRequests: {
    perReplica: { cpuCores: 0.05, memoryGib: 0.031 },
    total: { cpuCores: 0.05, memoryGib: 0.031 },
  },
  runningRequests: { cpuCores: 0.55, memoryGib: 0.594 },
  sidecarShare: { cpuPercent: 9.1, memoryPercent: 5.3 },
  sidecarCostPerMonth: 0.86,
  idleInit: { cpuCores: 5.7, memoryGib: 2.625 },
  idleInitCostPerMonth: 96.36,
  idleInitWorkloads: 1,
  qosLowered: 1,
  jobsNeverComplete: 0,
  // init-container-overreserves (cpu, memory), sidecar-downgrades-qos, log-shipper-without-shared-volume
  // (debug's log-tailer streams /var/log/app/app.log but mounts no volume); sidecar-injected-at-admission
  findings: { ERROR: 0, WARNING: 4, INFO: 1 },
};
const TOTAL: GroupFigures = {
  workloads: 7,
  workloadsByKind: { CronJob: 1, DaemonSet: 1, Deployment: 1, Job: 1, Pod: 2, StatefulSet: 1 },
  pods: 12,
  containers: { app: 7, nativeSidecar: 3, legacySidecar: 2, init: 1 },
  injectedSidecars: 1,
  sidecarRequests: {
    perReplica: { cpuCores: 0.7, memoryGib: 0.719 }, // 736 Mi
    total: { cpuCores: 0.95, memoryGib: 1.031 }, // 1056 Mi
  },
  runningRequests: { cpuCores: 6.45, memoryGib: 8.594 }, // 8800 Mi
  sidecarShare: { cpuPercent: 14.7, memoryPercent: 12 },
  sidecarCostPerMonth: 17.33, // 0.95×15.92203 + 1.03125×2.13379
  idleInit: { cpuCores: 5.7, memoryGib: 2.625 },
  idleInitCostPerMonth: 96.36,
  idleInitWorkloads: 1,
  qosLowered: 1,
  jobsNeverComplete: 1,
  findings: { ERROR: 1, WARNING: 7, INFO: 2 },
};

const ref = (
  namespace: string,
  kind: string,
  name: string,
  team: string | null,
  line: number,
  source = SOURCE,
) => ({ namespace, kind, name, team, source, line });

describe('fleet report on a dump with known numbers', () => {
  let report: FleetReport;
  let items: ReturnType<typeof read>['items'];

  beforeAll(() => {
    const input = read(SOURCE);
    items = input.items;
    report = buildFleetReport(input, { kubernetesVersion: '1.37' });
  });

  it('counts pods and Jobs owned by a workload in the dump once', () => {
    expect(report.objects).toEqual({ read: 12, counted: 7, foldedIntoOwner: 5 });
  });

  it('gives every figure per namespace, per team and in total', () => {
    expect(report.totals).toEqual(TOTAL);
    expect(report.namespaces).toEqual([
      { key: 'batch', ...BATCH },
      { key: 'infra', ...INFRA },
      { key: 'shop', ...SHOP },
    ]);
    // team from the first label set: `team` (on the object or its pod template), then part-of.
    expect(report.teams).toEqual([
      { key: '(unlabelled)', ...INFRA },
      { key: 'data', ...BATCH },
      { key: 'payments', ...SHOP },
    ]);
  });

  it('echoes its prices, team labels and node count', () => {
    expect(report.pricing).toEqual({
      cpuPerVcpuHour: 0.021811,
      memoryPerGibHour: 0.002923,
      hoursPerMonth: 730,
      currency: 'USD',
    });
    expect(report.teamLabels).toEqual(['team', 'app.kubernetes.io/part-of']);
    expect(report.nodeCount).toBe(3);
    expect(report.schemaVersion).toBe(1);
  });

  it('groups legacy sidecars by helper project with whether a certain fix exists', () => {
    expect(report.helpers).toEqual([
      {
        helper: 'Cloud SQL Auth Proxy',
        helperId: 'cloud-sql-proxy',
        legacy: 1,
        native: 1,
        legacyWithCertainFix: 1,
        legacyWithoutFix: 0,
        migrate: [
          {
            ...ref('batch', 'Job', 'migrate', 'data', 229),
            container: 'cloud-sql-proxy',
            certainFix: true,
            fixRule: 'legacy-sidecar-blocks-job-completion',
          },
        ],
      },
      {
        helper: 'Istio',
        helperId: 'istio-proxy',
        legacy: 1,
        native: 0,
        legacyWithCertainFix: 1,
        legacyWithoutFix: 0,
        migrate: [
          {
            ...ref('shop', 'Deployment', 'web', 'payments', 135),
            container: 'istio-proxy',
            certainFix: true,
            fixRule: 'legacy-sidecar-startup-race',
          },
        ],
      },
      {
        helper: 'log shipper',
        helperId: 'log-shipper',
        legacy: 0,
        native: 1,
        legacyWithCertainFix: 0,
        legacyWithoutFix: 0,
        migrate: [],
      },
      {
        helper: 'log streamer',
        helperId: 'log-streamer',
        legacy: 0,
        native: 1,
        legacyWithCertainFix: 0,
        legacyWithoutFix: 0,
        migrate: [],
      },
    ]);
  });

  it('lists injected sidecars, lowered QoS, Jobs that never complete and idle init reservations', () => {
    expect(report.injected).toEqual([{ injector: 'Istio', mode: 'INJECTOR_DEFAULT', count: 1 }]);
    expect(report.qosLowered).toEqual([
      {
        ...ref('infra', 'Pod', 'debug', null, 107),
        qosClass: 'BURSTABLE',
        sidecars: ['log-tailer'],
      },
    ]);
    expect(report.jobsNeverComplete).toEqual([
      {
        ...ref('batch', 'Job', 'migrate', 'data', 229),
        reason: expect.stringContaining('cloud-sql-proxy') as string,
      },
    ]);
    expect(report.idleInit).toEqual([
      { ...ref('infra', 'DaemonSet', 'node-agent', null, 199), cpuCores: 5.7, memoryGib: 2.625 },
    ]);
    expect(report.findingsByRule).toEqual([
      { ruleId: 'legacy-sidecar-blocks-job-completion', severity: 'ERROR', count: 1 },
      { ruleId: 'init-container-overreserves', severity: 'WARNING', count: 2 },
      { ruleId: 'log-shipper-without-shared-volume', severity: 'WARNING', count: 2 },
      { ruleId: 'legacy-sidecar-startup-race', severity: 'WARNING', count: 1 },
      { ruleId: 'sidecar-downgrades-qos', severity: 'WARNING', count: 1 },
      { ruleId: 'sidecar-startup-probe-missing', severity: 'WARNING', count: 1 },
      { ruleId: 'sidecar-injected-at-admission', severity: 'INFO', count: 1 },
      { ruleId: 'sidecar-liveness-probe-missing', severity: 'INFO', count: 1 },
    ]);
    expect(report.diagnostics).toEqual([]);
    expect(report.changes).toBeNull();
  });

  it('prices each sidecar × its pods', () => {
    expect(
      report.sidecars.map((s) => [s.namespace, s.name, s.container, s.mode, s.costPerMonth]),
    ).toEqual([
      ['batch', 'nightly', 'cloud-sql-proxy', 'NATIVE', 4.51], // 0.25×15.92203 + 0.25×2.13379
      ['batch', 'migrate', 'cloud-sql-proxy', 'LEGACY', 4.51],
      ['infra', 'debug', 'log-tailer', 'NATIVE', 0.86],
      ['shop', 'web', 'istio-proxy', 'LEGACY', 5.58], // 0.3×15.92203 + 0.375×2.13379
      ['shop', 'db', 'fluent-bit', 'NATIVE', 1.86], // 0.1×15.92203 + 0.125×2.13379
    ]);
  });

  it('takes prices, node count and team labels from the options', () => {
    const input = read(SOURCE);
    const r = buildFleetReport(input, {
      kubernetesVersion: '1.37',
      nodeCount: 10,
      pricing: { cpuPerVcpuHour: 1, memoryPerGibHour: 0, hoursPerMonth: 1, currency: 'EUR' },
    });
    // 10 nodes: node-agent runs 10 pods; idle init 1.9 × 10 = 19 cores, cost = cores × 1 × 1.
    expect(r.namespaces.find((g) => g.key === 'infra')!.pods).toBe(12);
    expect(r.totals.idleInit.cpuCores).toBe(19);
    expect(r.totals.idleInitCostPerMonth).toBe(19);
    expect(r.totals.sidecarCostPerMonth).toBe(0.95);
    expect(r.pricing.currency).toBe('EUR');
  });

  const cells = (g: GroupFigures): string[] => [
    String(g.workloads),
    String(g.pods),
    String(g.containers.app),
    String(g.containers.nativeSidecar),
    String(g.containers.legacySidecar),
    String(g.containers.init),
    String(g.injectedSidecars),
    String(g.sidecarRequests.perReplica.cpuCores),
    String(g.sidecarRequests.perReplica.memoryGib),
    String(g.sidecarRequests.total.cpuCores),
    String(g.sidecarRequests.total.memoryGib),
    `${g.sidecarShare.cpuPercent}%`,
    `${g.sidecarShare.memoryPercent}%`,
    g.sidecarCostPerMonth.toFixed(2),
    String(g.idleInit.cpuCores),
    String(g.idleInit.memoryGib),
    String(g.qosLowered),
    String(g.jobsNeverComplete),
    String(g.findings.ERROR),
    String(g.findings.WARNING),
    String(g.findings.INFO),
  ];
  const rows: [string, GroupFigures][] = [
    ['batch', BATCH],
    ['infra', INFRA],
    ['shop', SHOP],
    ['TOTAL', TOTAL],
    ['(unlabelled)', INFRA],
    ['data', BATCH],
    ['payments', SHOP],
  ];

  it('JSON: the report itself, schema-versioned', () => {
    expect(JSON.parse(formatFleetJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('table: every figure of every group, the helpers and the lists', () => {
    const table = formatFleetTable(report);
    const lines = table.split('\n');
    for (const [key, g] of rows) {
      expect(lines.map((l) => l.trim().split(/\s{2,}/))).toContainEqual([key, ...cells(g)]);
    }
    expect(table).toContain('7 workloads counted of 12 objects (5 folded into their owner)');
    expect(table).toContain('prices: 0.021811 USD/vCPU-hour, 0.002923 USD/GiB-hour, 730 h/month');
    expect(lines.map((l) => l.trim().split(/\s{2,}/))).toContainEqual([
      'Cloud SQL Auth Proxy',
      '1',
      '1',
      '1',
      '0',
    ]);
    expect(table).toContain(
      'migrate Istio: shop/Deployment/web container istio-proxy (fix: legacy-sidecar-startup-race)  cluster.yaml:135',
    );
    expect(table).toContain('Istio (INJECTOR_DEFAULT): 1');
    expect(table).toContain('infra/Pod/debug: BURSTABLE because of log-tailer');
    expect(table).toContain('infra/DaemonSet/node-agent: 5.7 cores, 2.625 GiB');
    expect(table).toContain('batch/Job/migrate: legacy sidecar cloud-sql-proxy');
    expect(table).toContain('WARNING init-container-overreserves: 2');
  });

  it('Markdown: the same rows as a table, and a checklist of migrations', () => {
    const md = formatFleetMarkdown(report);
    for (const [key, g] of rows) {
      expect(md).toContain(`| ${key.replace(/[()]/g, (c) => c)} | ${cells(g).join(' | ')} |`);
    }
    expect(md).toContain(
      '- [ ] Cloud SQL Auth Proxy: `batch/Job/migrate` container `cloud-sql-proxy` (certain fix: `legacy-sidecar-blocks-job-completion`)',
    );
    expect(md).toContain(
      'Sidecars cost **17.33 USD per month**; **2 legacy sidecars** to migrate.',
    );
    expect(md).toContain('| legacy-sidecar-blocks-job-completion | ERROR | 1 |');
  });

  it('HTML: self-contained, every group row, and SVG charts of cost, share and legacy vs native', () => {
    const html = formatFleetHtml(report);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    for (const [key, g] of rows) {
      const esc = key.replace(/[()]/g, (c) => c);
      expect(html).toContain(
        `<tr><th scope="row">${esc}</th>${cells(g)
          .map((c) => `<td>${c}</td>`)
          .join('')}</tr>`,
      );
    }
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(3);
    expect(svgs[0]).toContain('>shop<');
    expect(svgs[0]).toContain('>7.44 USD<');
    expect(svgs[1]).toContain('>cpu 25%, memory 25%<');
    expect(svgs[2]).toContain('>1 legacy, 1 native<');
  });

  it('SARIF 2.1.0: every finding of every counted workload in one run, at its line in the dump', () => {
    const sarif = JSON.parse(formatFleetSarif(report, fleetFindings(items), '0.1.0')) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { region?: { startLine: number } } }[];
        }[];
      }[];
    };
    // The OASIS schema is draft-04; its keywords are the draft-07 ones Ajv reads, but for the
    // meta-schema reference and `id`.
    const {
      $schema: _draft,
      id,
      ...schema
    } = JSON.parse(
      readFileSync(path.join(__dirname, '../../schemas/sarif-schema-2.1.0.json'), 'utf8'),
    ) as { $schema: string; id: string };
    void _draft;
    Object.assign(schema, { $id: id });
    const ajv = new Ajv({ strict: false, validateFormats: false });
    expect(ajv.validate(schema, sarif)).toBe(true);
    expect(ajv.validate(schema, { version: '2.1.0' })).toBe(false); // runs is required
    expect(sarif.runs).toHaveLength(1);
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(10); // 1 ERROR + 7 WARNING + 2 INFO
    const race = results.find((r) => r.ruleId === 'legacy-sidecar-startup-race')!;
    // web's istio-proxy: `- name: istio-proxy` at line 154 of the dump (the item's own line 20).
    const dump = readFileSync(path.join(FIXTURES, SOURCE), 'utf8').split('\n');
    const line = race.locations[0]!.physicalLocation.region!.startLine;
    expect(dump[line - 1]).toMatch(/- name: istio-proxy|istio-proxy/);
    expect(line).toBeGreaterThan(134);
    expect(line).toBeLessThan(165);
  });

  it('a second dump gives what changed: migrations, added and removed sidecars, cost delta', () => {
    const next = read('cluster-next.yaml');
    const baseline = read(SOURCE);
    const r = buildFleetReport(next, { kubernetesVersion: '1.37' }, baseline);
    const c = r.changes!;
    const names = (list: { namespace: string | null; name: string | null; container: string }[]) =>
      list.map((s) => `${s.namespace}/${s.name}/${s.container}`);
    expect(names(c.migrated)).toEqual(['shop/web/istio-proxy']);
    expect(names(c.added)).toEqual(['infra/node-agent/otel-collector']);
    expect(names(c.removed)).toEqual(['batch/migrate/cloud-sql-proxy']);
    expect(c.regressed).toEqual([]);
    expect(c.baselineWorkloads).toBe(7);
    expect(c.baselineSidecarCostPerMonth).toBe(17.33);
    // −(0.25×15.92203 + 0.25×2.13379) + 0.3×15.92203 + 0.375×2.13379 = +1.06
    expect(c.sidecarCostDeltaPerMonth).toBe(1.06);
    expect(r.totals.sidecarCostPerMonth).toBe(18.39);
    expect(c.legacyDelta).toBe(-2);
    expect(c.nativeDelta).toBe(2);
    expect(c.byNamespace).toEqual([
      { key: 'batch', sidecarCostDeltaPerMonth: -4.51 },
      { key: 'infra', sidecarCostDeltaPerMonth: 5.58 },
    ]);
    expect(r.jobsNeverComplete).toEqual([]);
    const table = formatFleetTable(r);
    expect(table).toContain(
      'sidecar cost 17.33 USD -> 18.39 USD per month (delta 1.06 USD); legacy -2, native +2',
    );
    expect(table).toContain('migrated legacy -> native: shop/Deployment/web istio-proxy');
    expect(formatFleetMarkdown(r)).toContain(
      '- removed (legacy): batch/Job/migrate cloud-sql-proxy',
    );
    expect(formatFleetHtml(r)).toContain(
      'added (native): infra/DaemonSet/node-agent otel-collector',
    );
  });
});
