import { diffReports } from '../../../src/modules/scenarios/revision-diff';

const workload = (over: Record<string, unknown> = {}) => ({
  kind: 'Deployment',
  name: 'checkout',
  containers: [
    { name: 'proxy', role: 'SIDECAR' },
    { name: 'app', role: 'APP' },
  ],
  resources: {
    requests: [
      { resource: 'cpu', quantity: '350m', value: '0.35' },
      { resource: 'memory', quantity: '192Mi', value: '201326592' },
    ],
    limits: [{ resource: 'memory', quantity: '256Mi', value: '268435456' }],
    qosClass: 'BURSTABLE',
  },
  lifecycle: { podReadyAtSeconds: 3, terminationCompletesAtSeconds: 4, podInitializedAtSeconds: 2 },
  findings: [
    {
      ruleId: 'sidecar-startup-probe-missing',
      severity: 'WARNING',
      container: 'proxy',
      message: 'no probe',
    },
  ],
  ...over,
});

const report = (workloads: unknown[], extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  kubernetesVersion: '1.33',
  diagnostics: [],
  workloads,
  ...extra,
});

describe('diffReports', () => {
  it('finds nothing between equal reports', () => {
    expect(diffReports(report([workload()]), report([workload()]))).toEqual([]);
  });

  it('names requests, limits, QoS, times, findings and containers with stable field paths', () => {
    const after = workload({
      containers: [
        { name: 'proxy', role: 'APP' },
        { name: 'app', role: 'APP' },
        { name: 'logs', role: 'SIDECAR' },
      ],
      resources: {
        requests: [
          { resource: 'cpu', quantity: '1', value: '1' },
          { resource: 'memory', quantity: '192Mi', value: '201326592' },
          { resource: 'ephemeral-storage', quantity: '1Gi', value: '1073741824' },
        ],
        limits: [],
        qosClass: 'BEST_EFFORT',
      },
      lifecycle: {
        podReadyAtSeconds: 12.5,
        terminationCompletesAtSeconds: 4,
        podInitializedAtSeconds: 2,
      },
      findings: [
        {
          ruleId: 'legacy-sidecar-startup-race',
          severity: 'ERROR',
          container: 'proxy',
          message: 'race',
        },
      ],
    });
    const w = 'workloads[Deployment/checkout]';
    expect(
      diffReports(report([workload()]), report([after], { kubernetesVersion: '1.34' })),
    ).toEqual([
      { field: 'kubernetesVersion', before: '1.33', after: '1.34' },
      { field: `${w}.resources.requests.cpu`, before: '350m', after: '1' },
      { field: `${w}.resources.requests.ephemeral-storage`, before: null, after: '1Gi' },
      { field: `${w}.resources.limits.memory`, before: '256Mi', after: null },
      { field: `${w}.resources.qosClass`, before: 'BURSTABLE', after: 'BEST_EFFORT' },
      { field: `${w}.lifecycle.podReadyAtSeconds`, before: '3', after: '12.5' },
      { field: `${w}.containers[logs]`, before: null, after: 'SIDECAR' },
      { field: `${w}.containers[proxy].role`, before: 'SIDECAR', after: 'APP' },
      {
        field: `${w}.findings[legacy-sidecar-startup-race/proxy]`,
        before: null,
        after: 'ERROR: race',
      },
      {
        field: `${w}.findings[sidecar-startup-probe-missing/proxy]`,
        before: 'WARNING: no probe',
        after: null,
      },
    ]);
  });

  it('reports workloads added and removed, and diagnostics counts', () => {
    const before = report([workload(), { kind: 'Job', name: 'migrate', containers: [] }]);
    const after = report(
      [workload(), { kind: 'Pod', name: 'debug', containers: [{ name: 'sh', role: 'APP' }] }],
      {
        diagnostics: [{ severity: 'ERROR', reason: 'FieldValueRequired' }],
      },
    );
    expect(diffReports(before, after)).toEqual([
      { field: 'diagnostics[ERROR]', before: null, after: '1' },
      { field: 'workloads[Pod/debug]', before: null, after: 'Pod with 1 container(s) (sh:APP)' },
      { field: 'workloads[Job/migrate]', before: 'Job with 0 container(s)', after: null },
    ]);
  });

  it('tolerates older reports without resources, lifecycle or findings', () => {
    const old = report([
      { kind: 'Deployment', name: 'checkout', containers: [{ name: 'app', role: 'APP' }] },
    ]);
    const changes = diffReports(old, report([workload()]));
    expect(changes).toEqual(
      expect.arrayContaining([
        {
          field: 'workloads[Deployment/checkout].resources.requests.cpu',
          before: null,
          after: '350m',
        },
        {
          field: 'workloads[Deployment/checkout].resources.qosClass',
          before: null,
          after: 'BURSTABLE',
        },
        {
          field: 'workloads[Deployment/checkout].containers[proxy]',
          before: null,
          after: 'SIDECAR',
        },
      ]),
    );
    expect(diffReports(null, undefined)).toEqual([]);
    expect(diffReports({ workloads: 'nonsense' }, { workloads: [null, 5] })).toEqual([]);
  });

  it('keys unnamed and duplicate workloads stably', () => {
    const a = report([
      { kind: 'Pod', name: null, document: 0, containers: [] },
      { kind: 'Pod', name: 'x', containers: [] },
      { kind: 'Pod', name: 'x', containers: [{ name: 'c', role: 'APP' }] },
    ]);
    const b = report([
      { kind: 'Pod', name: null, document: 0, containers: [] },
      { kind: 'Pod', name: 'x', containers: [] },
      { kind: 'Pod', name: 'x', containers: [] },
    ]);
    expect(diffReports(a, b)).toEqual([
      { field: 'workloads[Pod/x#2].containers[c]', before: 'APP', after: null },
    ]);
  });
});
