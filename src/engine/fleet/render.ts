// The fleet report's outputs: a terminal table, Markdown for a pull request or an issue, a
// self-contained HTML page with inline SVG charts (no script, no CDN) and SARIF 2.1.0 with every
// finding in one run. Every figure comes from the FleetReport; nothing is computed here twice.
import { listRules } from '../rules';
import type { Severity } from '../report';
import type { FleetReport, GroupReport, Resources } from './types';

const num = (v: number, digits = 3): string => String(Math.round(v * 10 ** digits) / 10 ** digits);
const money = (r: FleetReport, v: number): string =>
  `${v < 0 ? '-' : ''}${Math.abs(v).toFixed(2)} ${r.pricing.currency}`;
const pct = (v: number | null): string => (v === null ? '-' : `${v}%`);
const res = (x: Resources): string => `${num(x.cpuCores)} cores, ${num(x.memoryGib)} GiB`;
const ref = (w: { namespace: string | null; kind: string; name: string | null }): string =>
  `${w.namespace ? `${w.namespace}/` : ''}${w.kind}/${w.name ?? '(unnamed)'}`;

export function formatFleetJson(report: FleetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function pricingLine(r: FleetReport): string {
  const p = r.pricing;
  return `prices: ${p.cpuPerVcpuHour} ${p.currency}/vCPU-hour, ${p.memoryPerGibHour} ${p.currency}/GiB-hour, ${p.hoursPerMonth} h/month; DaemonSets on ${r.nodeCount} nodes; team label: ${r.teamLabels.join(', ')}`;
}

interface Column {
  title: string;
  cell: (g: GroupReport) => string;
}

const GROUP_COLUMNS: Column[] = [
  { title: 'workloads', cell: (g) => String(g.workloads) },
  { title: 'pods', cell: (g) => String(g.pods) },
  { title: 'app', cell: (g) => String(g.containers.app) },
  { title: 'native', cell: (g) => String(g.containers.nativeSidecar) },
  { title: 'legacy', cell: (g) => String(g.containers.legacySidecar) },
  { title: 'init', cell: (g) => String(g.containers.init) },
  { title: 'injected', cell: (g) => String(g.injectedSidecars) },
  { title: 'sidecar cpu/pod', cell: (g) => num(g.sidecarRequests.perReplica.cpuCores) },
  { title: 'sidecar GiB/pod', cell: (g) => num(g.sidecarRequests.perReplica.memoryGib) },
  { title: 'sidecar cpu', cell: (g) => num(g.sidecarRequests.total.cpuCores) },
  { title: 'sidecar GiB', cell: (g) => num(g.sidecarRequests.total.memoryGib) },
  { title: 'cpu share', cell: (g) => pct(g.sidecarShare.cpuPercent) },
  { title: 'mem share', cell: (g) => pct(g.sidecarShare.memoryPercent) },
  { title: 'cost/month', cell: (g) => g.sidecarCostPerMonth.toFixed(2) },
  { title: 'idle init cpu', cell: (g) => num(g.idleInit.cpuCores) },
  { title: 'idle init GiB', cell: (g) => num(g.idleInit.memoryGib) },
  { title: 'qos lowered', cell: (g) => String(g.qosLowered) },
  { title: 'jobs never complete', cell: (g) => String(g.jobsNeverComplete) },
  { title: 'errors', cell: (g) => String(g.findings.ERROR) },
  { title: 'warnings', cell: (g) => String(g.findings.WARNING) },
  { title: 'infos', cell: (g) => String(g.findings.INFO) },
];

function totalsRow(r: FleetReport): GroupReport {
  return { key: 'TOTAL', ...r.totals };
}

function textTable(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function groupRows(groups: GroupReport[]): string[][] {
  return groups.map((g) => [g.key, ...GROUP_COLUMNS.map((c) => c.cell(g))]);
}

/** The terminal table. */
export function formatFleetTable(r: FleetReport): string {
  const out: string[] = [];
  out.push(
    `Fleet report (Kubernetes ${r.kubernetesVersion}): ${r.objects.counted} workloads counted of ${r.objects.read} objects (${r.objects.foldedIntoOwner} folded into their owner)`,
  );
  out.push(pricingLine(r));
  out.push('');
  const head = (first: string): string[] => [first, ...GROUP_COLUMNS.map((c) => c.title)];
  out.push(...textTable(head('namespace'), groupRows([...r.namespaces, totalsRow(r)])));
  out.push('');
  out.push(...textTable(head('team'), groupRows(r.teams)));
  out.push('');
  out.push('Sidecars by helper project (legacy to migrate: with a certain fix / without)');
  out.push(
    ...textTable(
      ['helper', 'legacy', 'native', 'certain fix', 'no fix'],
      r.helpers.map((h) => [
        h.helper,
        String(h.legacy),
        String(h.native),
        String(h.legacyWithCertainFix),
        String(h.legacyWithoutFix),
      ]),
    ),
  );
  for (const h of r.helpers) {
    for (const m of h.migrate) {
      out.push(
        `  migrate ${h.helper}: ${ref(m)} container ${m.container} ${m.certainFix ? `(fix: ${m.fixRule})` : '(no certain fix)'}  ${m.source}:${m.line}`,
      );
    }
  }
  if (r.injected.length > 0) {
    out.push('');
    out.push('Injected sidecars predicted');
    for (const i of r.injected) out.push(`  ${i.injector} (${i.mode}): ${i.count}`);
  }
  if (r.qosLowered.length > 0) {
    out.push('');
    out.push('QoS lowered by a sidecar');
    for (const q of r.qosLowered) {
      out.push(`  ${ref(q)}: ${q.qosClass} because of ${q.sidecars.join(', ')}`);
    }
  }
  if (r.jobsNeverComplete.length > 0) {
    out.push('');
    out.push('Jobs that never complete');
    for (const j of r.jobsNeverComplete) out.push(`  ${ref(j)}: ${j.reason}`);
  }
  if (r.idleInit.length > 0) {
    out.push('');
    out.push('Init reservations idle while running (× pods)');
    for (const i of r.idleInit) out.push(`  ${ref(i)}: ${res(i)}`);
  }
  if (r.findingsByRule.length > 0) {
    out.push('');
    out.push('Findings by rule');
    for (const f of r.findingsByRule) out.push(`  ${f.severity.padEnd(7)} ${f.ruleId}: ${f.count}`);
  }
  if (r.changes) out.push('', ...changesLines(r));
  if (r.diagnostics.length > 0) {
    out.push('');
    out.push('Input problems');
    for (const d of r.diagnostics) {
      out.push(
        `  ${d.severity} ${d.source}${d.line !== null ? `:${d.line}:${d.column ?? 1}` : ''} ${d.reason}${d.path ? ` ${d.path}` : ''}: ${d.message}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function changesLines(r: FleetReport): string[] {
  const c = r.changes!;
  const out = [
    `Changes since the baseline (${c.baselineWorkloads} workloads): sidecar cost ${money(r, c.baselineSidecarCostPerMonth)} -> ${money(r, r.totals.sidecarCostPerMonth)} per month (delta ${money(r, c.sidecarCostDeltaPerMonth)}); legacy ${c.legacyDelta >= 0 ? '+' : ''}${c.legacyDelta}, native ${c.nativeDelta >= 0 ? '+' : ''}${c.nativeDelta}`,
  ];
  for (const s of c.migrated) out.push(`  migrated legacy -> native: ${ref(s)} ${s.container}`);
  for (const s of c.regressed) out.push(`  native -> legacy: ${ref(s)} ${s.container}`);
  for (const s of c.added) out.push(`  added (${s.mode.toLowerCase()}): ${ref(s)} ${s.container}`);
  for (const s of c.removed) {
    out.push(`  removed (${s.mode.toLowerCase()}): ${ref(s)} ${s.container}`);
  }
  for (const n of c.byNamespace) {
    out.push(`  cost delta ${n.key}: ${money(r, n.sidecarCostDeltaPerMonth)}`);
  }
  return out;
}

const mdEscape = (s: string): string => s.replace(/[|\\`*_[\]<>]/g, (ch) => `\\${ch}`);

function mdTable(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.map(mdEscape).join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(mdEscape).join(' | ')} |`),
  ];
}

/** Markdown for a pull request or an issue. */
export function formatFleetMarkdown(r: FleetReport): string {
  const out: string[] = [];
  out.push('## Sidecar fleet report');
  out.push('');
  out.push(
    `Kubernetes ${r.kubernetesVersion}: **${r.objects.counted} workloads** counted of ${r.objects.read} objects (${r.objects.foldedIntoOwner} folded into their owner). Sidecars cost **${money(r, r.totals.sidecarCostPerMonth)} per month**; **${r.totals.containers.legacySidecar} legacy sidecars** to migrate.`,
  );
  out.push('');
  out.push(`_${pricingLine(r)}_`);
  out.push('');
  out.push('### By namespace');
  out.push('');
  const head = (first: string): string[] => [first, ...GROUP_COLUMNS.map((c) => c.title)];
  out.push(...mdTable(head('namespace'), groupRows([...r.namespaces, totalsRow(r)])));
  out.push('');
  out.push('### By team');
  out.push('');
  out.push(...mdTable(head('team'), groupRows(r.teams)));
  out.push('');
  out.push('### Sidecars by helper project');
  out.push('');
  out.push(
    ...mdTable(
      ['helper', 'legacy', 'native', 'certain fix', 'no fix'],
      r.helpers.map((h) => [
        h.helper,
        String(h.legacy),
        String(h.native),
        String(h.legacyWithCertainFix),
        String(h.legacyWithoutFix),
      ]),
    ),
  );
  const migrate = r.helpers.flatMap((h) => h.migrate.map((m) => ({ h, m })));
  if (migrate.length > 0) {
    out.push('');
    out.push('### Legacy sidecars to migrate');
    out.push('');
    for (const { h, m } of migrate) {
      out.push(
        `- [ ] ${mdEscape(h.helper)}: \`${ref(m)}\` container \`${m.container}\` ${m.certainFix ? `(certain fix: \`${m.fixRule}\`)` : '(no certain fix)'} — ${mdEscape(m.source)}:${m.line}`,
      );
    }
  }
  const list = (title: string, lines: string[]): void => {
    if (lines.length === 0) return;
    out.push('', `### ${title}`, '', ...lines);
  };
  list(
    'Injected sidecars predicted',
    r.injected.map((i) => `- ${mdEscape(i.injector)} (${i.mode}): ${i.count}`),
  );
  list(
    'QoS lowered by a sidecar',
    r.qosLowered.map(
      (q) =>
        `- \`${ref(q)}\`: ${q.qosClass} because of ${q.sidecars.map((s) => `\`${s}\``).join(', ')}`,
    ),
  );
  list(
    'Jobs that never complete',
    r.jobsNeverComplete.map((j) => `- \`${ref(j)}\`: ${mdEscape(j.reason)}`),
  );
  list(
    'Init reservations idle while running (× pods)',
    r.idleInit.map((i) => `- \`${ref(i)}\`: ${res(i)}`),
  );
  if (r.findingsByRule.length > 0) {
    out.push('', '### Findings by rule', '');
    out.push(
      ...mdTable(
        ['rule', 'severity', 'count'],
        r.findingsByRule.map((f) => [f.ruleId, f.severity, String(f.count)]),
      ),
    );
  }
  if (r.changes) {
    out.push('', '### Changes since the baseline', '');
    out.push(...changesLines(r).map((l, i) => (i === 0 ? l : `-${l.slice(1)}`)));
  }
  if (r.diagnostics.length > 0) {
    out.push('', '### Input problems', '');
    for (const d of r.diagnostics) {
      out.push(
        `- ${d.severity} ${mdEscape(d.source)}${d.line !== null ? `:${d.line}:${d.column ?? 1}` : ''} ${d.reason}: ${mdEscape(d.message)}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** Horizontal bars, one per row; every bar carries its value as text. */
function barChart(
  title: string,
  rows: { label: string; values: number[]; text: string }[],
  colors: string[],
  legend: string[],
): string {
  const width = 640;
  const labelW = 180;
  const barH = 18;
  const gap = 8;
  const top = 40;
  const max = Math.max(1e-9, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  // Room for the longest value text after the longest bar (about 7 px a character at 12 px).
  const textW = Math.max(60, ...rows.map((r) => r.text.length * 7 + 12));
  const barsW = Math.max(120, width - labelW - textW);
  const height = top + rows.length * (barH + gap) + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${esc(title)}</title>`,
    `<text x="0" y="16" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  legend.forEach((l, i) => {
    parts.push(`<rect x="${labelW + i * 140}" y="24" width="10" height="10" fill="${colors[i]}"/>`);
    parts.push(`<text x="${labelW + i * 140 + 14}" y="33" font-size="11">${esc(l)}</text>`);
  });
  rows.forEach((row, i) => {
    const y = top + i * (barH + gap);
    parts.push(
      `<text x="${labelW - 6}" y="${y + 13}" font-size="12" text-anchor="end">${esc(row.label)}</text>`,
    );
    let x = labelW;
    row.values.forEach((v, j) => {
      const w = (v / max) * barsW;
      if (w > 0) {
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${colors[j]}"/>`,
        );
      }
      x += w;
    });
    parts.push(
      `<text x="${(x + 6).toFixed(1)}" y="${y + 13}" font-size="12">${esc(row.text)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

function htmlTable(head: string[], rows: string[][]): string {
  return `<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (row) =>
        `<tr>${row.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`,
    )
    .join('')}</tbody></table></div>`;
}

/** A self-contained HTML page: inline CSS and SVG, no script, nothing fetched. */
export function formatFleetHtml(r: FleetReport): string {
  const head = (first: string): string[] => [first, ...GROUP_COLUMNS.map((c) => c.title)];
  const costChart = barChart(
    `Sidecar cost per month by namespace (${r.pricing.currency})`,
    r.namespaces.map((g) => ({
      label: g.key,
      values: [g.sidecarCostPerMonth],
      text: money(r, g.sidecarCostPerMonth),
    })),
    ['#4f6bed'],
    ['sidecar requests × pods'],
  );
  const shareChart = barChart(
    'Sidecar share of running cpu requests by namespace (%)',
    r.namespaces.map((g) => ({
      label: g.key,
      values: [g.sidecarShare.cpuPercent ?? 0],
      text: `cpu ${pct(g.sidecarShare.cpuPercent)}, memory ${pct(g.sidecarShare.memoryPercent)}`,
    })),
    ['#e8833a'],
    ['cpu share'],
  );
  const helperChart = barChart(
    'Legacy versus native sidecars by helper project',
    r.helpers.map((h) => ({
      label: h.helper,
      values: [h.legacy, h.native],
      text: `${h.legacy} legacy, ${h.native} native`,
    })),
    ['#d64545', '#3aa76d'],
    ['legacy (to migrate)', 'native'],
  );
  const section = (title: string, body: string): string =>
    `<section><h2>${esc(title)}</h2>${body}</section>`;
  const ul = (lines: string[]): string =>
    lines.length === 0
      ? '<p>None.</p>'
      : `<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`;
  const migrate = r.helpers.flatMap((h) =>
    h.migrate.map((m) => [
      h.helper,
      ref(m),
      m.container,
      m.certainFix ? `yes (${m.fixRule})` : 'no',
      `${m.source}:${m.line}`,
    ]),
  );
  const body = [
    `<h1>Sidecar fleet report</h1>`,
    `<p class="lead">Kubernetes ${esc(r.kubernetesVersion)}: <b>${r.objects.counted} workloads</b> counted of ${r.objects.read} objects (${r.objects.foldedIntoOwner} folded into their owner). Sidecars cost <b>${esc(money(r, r.totals.sidecarCostPerMonth))} per month</b>; <b>${r.totals.containers.legacySidecar} legacy sidecars</b> to migrate.</p>`,
    `<p class="prices">${esc(pricingLine(r))}</p>`,
    `<div class="charts">${costChart}${shareChart}${helperChart}</div>`,
    section(
      'By namespace',
      htmlTable(head('namespace'), groupRows([...r.namespaces, totalsRow(r)])),
    ),
    section('By team', htmlTable(head('team'), groupRows(r.teams))),
    section(
      'Sidecars by helper project',
      htmlTable(
        ['helper', 'legacy', 'native', 'certain fix', 'no fix'],
        r.helpers.map((h) => [
          h.helper,
          String(h.legacy),
          String(h.native),
          String(h.legacyWithCertainFix),
          String(h.legacyWithoutFix),
        ]),
      ),
    ),
    section(
      'Legacy sidecars to migrate',
      migrate.length === 0
        ? '<p>None.</p>'
        : htmlTable(['helper', 'workload', 'container', 'certain fix', 'where'], migrate),
    ),
    section(
      'Injected sidecars predicted',
      ul(r.injected.map((i) => `${i.injector} (${i.mode}): ${i.count}`)),
    ),
    section(
      'QoS lowered by a sidecar',
      ul(r.qosLowered.map((q) => `${ref(q)}: ${q.qosClass} because of ${q.sidecars.join(', ')}`)),
    ),
    section(
      'Jobs that never complete',
      ul(r.jobsNeverComplete.map((j) => `${ref(j)}: ${j.reason}`)),
    ),
    section(
      'Init reservations idle while running (× pods)',
      ul(r.idleInit.map((i) => `${ref(i)}: ${res(i)}`)),
    ),
    section(
      'Findings by rule',
      htmlTable(
        ['rule', 'severity', 'count'],
        r.findingsByRule.map((f) => [f.ruleId, f.severity, String(f.count)]),
      ),
    ),
    r.changes
      ? section('Changes since the baseline', ul(changesLines(r).map((l) => l.trim())))
      : '',
    r.diagnostics.length > 0
      ? section(
          'Input problems',
          ul(
            r.diagnostics.map(
              (d) =>
                `${d.severity} ${d.source}${d.line !== null ? `:${d.line}:${d.column ?? 1}` : ''} ${d.reason}: ${d.message}`,
            ),
          ),
        )
      : '',
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sidecar fleet report</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2433;background:#fff}
h1{font-size:22px;margin:0 0 8px}h2{font-size:16px;margin:24px 0 8px}
.lead{font-size:14px}.prices{font-size:12px;color:#5a6273}
.charts{display:flex;flex-wrap:wrap;gap:16px}.charts svg{border:1px solid #e3e6ee;border-radius:6px;padding:8px;background:#fafbfd}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #e3e6ee;padding:3px 6px;text-align:right}
th[scope=row],thead th:first-child{text-align:left}thead th{background:#f0f2f7}
li{font-size:13px}.scroll{overflow-x:auto;max-width:100%}
</style></head><body>
${body}
</body></html>
`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  ERROR: 'error',
  WARNING: 'warning',
  INFO: 'note',
};

/** SARIF 2.1.0: every finding of every counted workload, and every input problem, in one run. */
export function formatFleetSarif(
  r: FleetReport,
  findings: Iterable<{
    source: string;
    workload: string;
    ruleId: string;
    severity: Severity;
    message: string;
    path: string;
    container: string | null;
    line: number | null;
    column: number | null;
  }>,
  toolVersion: string,
): string {
  const rules = listRules();
  const results: unknown[] = [];
  const location = (
    source: string,
    path: string | null,
    line: number | null,
    column: number | null,
  ): unknown => ({
    physicalLocation: {
      artifactLocation: { uri: source },
      ...(line !== null ? { region: { startLine: line, startColumn: column ?? 1 } } : {}),
    },
    ...(path ? { logicalLocations: [{ fullyQualifiedName: path, kind: 'member' }] } : {}),
  });
  const reasons = new Set<string>();
  for (const d of r.diagnostics) {
    reasons.add(d.reason);
    results.push({
      ruleId: `manifest/${d.reason}`,
      level: SARIF_LEVEL[d.severity],
      message: { text: d.path ? `${d.path}: ${d.message}` : d.message },
      locations: [location(d.source, d.path, d.line, d.column)],
    });
  }
  for (const f of findings) {
    results.push({
      ruleId: f.ruleId,
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [location(f.source, f.path, f.line, f.column)],
      properties: { workload: f.workload, container: f.container },
    });
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sidecar-lens',
            version: toolVersion,
            informationUri: 'https://github.com/sidecar-lens/sidecar-lens',
            rules: [
              ...rules.map((rule) => ({
                id: rule.id,
                name: rule.id,
                shortDescription: { text: rule.title },
                fullDescription: { text: rule.rationale },
                help: { text: rule.remediation },
                helpUri: rule.docsUrl,
                defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
                properties: { category: rule.category },
              })),
              ...[...reasons].sort().map((reason) => ({
                id: `manifest/${reason}`,
                name: reason,
                shortDescription: { text: `Kubernetes API validation: ${reason}` },
              })),
            ],
          },
        },
        results,
        properties: {
          fleet: {
            workloads: r.objects.counted,
            sidecarCostPerMonth: r.totals.sidecarCostPerMonth,
          },
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
