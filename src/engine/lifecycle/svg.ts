// Timelines as one standalone SVG: per chart a title, a time axis, one lane per container with bars
// for its phases, probe ticks and the startup-probe budget window, SIGTERM/SIGKILL marks, and
// pod-level events as dashed lines. Generic font families only; no scripts, no external resources.

import type { Chart, Span } from './plan';
import type { TimelineEvent } from './types';

const WIDTH = 1100;
const LABEL_WIDTH = 250;
const RIGHT = 40;
const LANE = 30;
const BAR_Y = 7;
const BAR_H = 14;
const FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"';

const COLORS: Record<Span['kind'], string> = {
  starting: '#c7d2fe',
  postStart: '#a78bfa',
  running: '#93c5fd',
  ready: '#4ade80',
  backoff: '#fecaca',
  preStop: '#fbbf24',
  waiting: '#e5e7eb',
  stopping: '#fb923c',
  hung: '#9ca3af',
};

const LEGEND: [string, string][] = [
  ['starting', COLORS.starting],
  ['postStart', COLORS.postStart],
  ['running (not ready)', COLORS.running],
  ['ready', COLORS.ready],
  ['back-off', COLORS.backoff],
  ['preStop', COLORS.preStop],
  ['waiting for its turn', COLORS.waiting],
  ['stopping (SIGTERM → exit)', COLORS.stopping],
  ['SIGKILL', '#111827'],
  ['hangs', COLORS.hung],
];

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number): string => `${Math.round(v * 10) / 10}`;

/** At most this many steps on a time axis, however long the timeline (grace periods can be years). */
const MAX_TICKS = 14;

function tickStep(end: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600]) {
    if (end / step <= MAX_TICKS) {
      return step;
    }
  }
  // Longer than 14 h: 1, 2 or 5 × a power of ten hours per step.
  const hours = end / MAX_TICKS / 3600;
  const power = 10 ** Math.floor(Math.log10(hours));
  const multiple = [1, 2, 5, 10].find((m) => m * power >= hours) ?? 10;
  return multiple * power * 3600;
}

const POD_LABELS: Partial<Record<TimelineEvent['type'], string>> = {
  POD_INITIALIZED: 'Initialized',
  POD_READY: 'Ready',
  POD_TERMINATED: 'Terminated',
  TERMINATION_STARTED: 'deleted',
};

/** Items by key, each list in the items' order. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function renderChart(chart: Chart, top: number): { body: string; height: number } {
  const out: string[] = [];
  const end = Math.max(chart.endSeconds, 1);
  const plotW = WIDTH - LABEL_WIDTH - RIGHT;
  const x = (t: number): number => LABEL_WIDTH + (Math.min(Math.max(t, 0), end) / end) * plotW;
  const axisY = top + 44;
  const lanesTop = axisY + 30;
  const lanesH = chart.lanes.length * LANE;
  const bottom = lanesTop + lanesH;
  // Each lane's spans, probes and events, grouped once (linear in a wide pod's lanes).
  const spansOf = groupBy(chart.spans, (sp) => sp.container);
  const probesOf = groupBy(chart.probes, (pr) => pr.container);
  const eventsOf = groupBy(chart.events, (ev) => ev.container);

  out.push(
    `<text x="12" y="${top + 20}" font-size="15" font-weight="bold" ${FONT} fill="#111827">${esc(chart.title)}</text>`,
  );
  // Time axis.
  const step = tickStep(end);
  out.push(
    `<line x1="${LABEL_WIDTH}" y1="${axisY}" x2="${LABEL_WIDTH + plotW}" y2="${axisY}" stroke="#374151"/>`,
  );
  for (let i = 0, t = 0; i <= MAX_TICKS && t <= end + 1e-9; i++, t += step) {
    const tx = n(x(t));
    out.push(`<line x1="${tx}" y1="${axisY - 4}" x2="${tx}" y2="${bottom}" stroke="#e5e7eb"/>`);
    out.push(
      `<text x="${tx}" y="${axisY - 8}" font-size="11" text-anchor="middle" ${FONT} fill="#374151">${t}s</text>`,
    );
  }

  chart.lanes.forEach((lane, i) => {
    const y = lanesTop + i * LANE;
    if (i % 2 === 0) {
      out.push(`<rect x="0" y="${y}" width="${WIDTH}" height="${LANE}" fill="#f9fafb"/>`);
    }
    out.push(
      `<text x="12" y="${y + 19}" font-size="12" ${FONT} fill="#111827" class="lane-label">${esc(lane.label)}</text>`,
    );
    const laneSpans = spansOf.get(lane.container) ?? [];
    if (laneSpans.length === 0) {
      out.push(
        `<text x="${LABEL_WIDTH + 6}" y="${y + 19}" font-size="11" font-style="italic" ${FONT} fill="#6b7280">never started</text>`,
      );
    }
    for (const s of laneSpans) {
      const fill = s.kind === 'stopping' && s.label === 'SIGKILL' ? '#111827' : COLORS[s.kind];
      const w = Math.max(x(s.to) - x(s.from), 1.5);
      out.push(
        `<rect x="${n(x(s.from))}" y="${y + BAR_Y}" width="${n(w)}" height="${BAR_H}" rx="2" fill="${fill}" stroke="#6b7280" stroke-width="0.5"${s.kind === 'waiting' || s.kind === 'hung' ? ' stroke-dasharray="3 2"' : ''}><title>${esc(`${lane.container}: ${s.label} ${n(s.from)}–${n(s.to)} s`)}</title></rect>`,
      );
    }
    for (const p of probesOf.get(lane.container) ?? []) {
      if (p.window !== null) {
        const [a, budgetEnd] = p.window;
        // Drawn only while the container lives (a Job's sidecar is stopped long before 600 s).
        const laneEnd = laneSpans.reduce((m, sp) => Math.max(m, sp.to), a);
        const b = Math.min(budgetEnd, laneEnd);
        if (budgetEnd > end && laneEnd >= end) {
          out.push(
            `<text x="${n(x(end))}" y="${y + LANE - 1}" font-size="9.5" text-anchor="end" ${FONT} fill="#b45309">${esc(`budget until ${n(budgetEnd)}s →`)}</text>`,
          );
        }
        out.push(
          `<rect x="${n(x(a))}" y="${y + 3}" width="${n(Math.max(x(b) - x(a), 1))}" height="${LANE - 6}" fill="#fde68a" fill-opacity="0.25" stroke="#d97706" stroke-dasharray="4 3" stroke-width="0.8"><title>${esc(`${lane.container}: startup probe budget ${n(a)}–${n(budgetEnd)} s`)}</title></rect>`,
        );
      }
      const color = p.kind === 'startup' ? '#b45309' : '#047857';
      for (const t of p.times) {
        const ok = p.successAt !== null && Math.abs(t - p.successAt) < 1e-6;
        out.push(
          `<line x1="${n(x(t))}" y1="${y + BAR_Y + BAR_H + 1}" x2="${n(x(t))}" y2="${y + BAR_Y + BAR_H + 6}" stroke="${ok ? '#16a34a' : color}" stroke-width="${ok ? 2 : 1}"><title>${esc(`${p.kind} probe at ${n(t)} s${ok ? ': success' : ''}`)}</title></line>`,
        );
      }
    }
    for (const e of eventsOf.get(lane.container) ?? []) {
      const ex = n(x(e.atSeconds));
      const title = `<title>${esc(`${e.atSeconds} s ${e.type}${e.detail ? `: ${e.detail}` : ''}`)}</title>`;
      if (e.type === 'SIGTERM_SENT') {
        out.push(
          `<g><path d="M${ex} ${y + 2} l-4 -0 l4 6 l4 -6 z" fill="#dc2626"/><line x1="${ex}" y1="${y + 2}" x2="${ex}" y2="${y + LANE - 2}" stroke="#dc2626" stroke-width="1.5"/>${title}</g>`,
        );
      } else if (e.type === 'SIGKILL_SENT') {
        out.push(
          `<g><path d="M${Number(ex) - 5} ${y + 8} l10 10 M${Number(ex) + 5} ${y + 8} l-10 10" stroke="#111827" stroke-width="2.5"/>${title}</g>`,
        );
      } else if (e.type === 'CONTAINER_READY') {
        out.push(
          `<g><circle cx="${ex}" cy="${y + BAR_Y + BAR_H / 2}" r="4" fill="#15803d"/>${title}</g>`,
        );
      } else if (e.type === 'STARTUP_PROBE_SUCCEEDED') {
        out.push(`<g><path d="M${ex} ${y + 9} l5 5 l-5 5 l-5 -5 z" fill="#b45309"/>${title}</g>`);
      } else if (e.type === 'CONTAINER_EXITED') {
        out.push(
          `<g><rect x="${Number(ex) - 1}" y="${y + 4}" width="2" height="${LANE - 8}" fill="#374151"/>${title}</g>`,
        );
      }
    }
  });

  for (const m of chart.marks ?? []) {
    const mx = n(x(m.atSeconds));
    out.push(
      `<line x1="${mx}" y1="${axisY}" x2="${mx}" y2="${bottom}" stroke="#dc2626" stroke-dasharray="2 3" stroke-width="1.2"/>`,
    );
    out.push(
      `<text x="${mx}" y="${bottom + 12}" font-size="10.5" text-anchor="middle" ${FONT} fill="#b91c1c">${esc(m.label)}</text>`,
    );
  }

  // Pod-level events across every lane.
  let labelRow = 0;
  for (const e of chart.events.filter((ev) => ev.container === null)) {
    const label = POD_LABELS[e.type];
    if (label === undefined) {
      continue;
    }
    const ex = n(x(e.atSeconds));
    out.push(
      `<line x1="${ex}" y1="${axisY}" x2="${ex}" y2="${bottom}" stroke="#7c3aed" stroke-dasharray="5 3" stroke-width="1.2"/>`,
    );
    out.push(
      `<text x="${ex}" y="${axisY + 12 + (labelRow % 2) * 11}" font-size="10.5" text-anchor="middle" ${FONT} fill="#6d28d9">${esc(`${label} ${e.atSeconds}s`)}</text>`,
    );
    labelRow++;
  }
  return { body: out.join('\n'), height: bottom - top + 24 };
}

/** One SVG document with the charts stacked vertically and a legend underneath. */
export function renderSvg(charts: Chart[]): string {
  const parts: string[] = [];
  let y = 0;
  for (const chart of charts) {
    const r = renderChart(chart, y);
    parts.push(`<g class="chart">${r.body}</g>`);
    y += r.height + 8;
  }
  const legend: string[] = [];
  let lx = 12;
  let ly = y + 14;
  for (const [label, color] of LEGEND) {
    const w = 22 + label.length * 6.4;
    if (lx + w > WIDTH - 12) {
      lx = 12;
      ly += 18;
    }
    legend.push(
      `<rect x="${lx}" y="${ly - 10}" width="14" height="10" fill="${color}" stroke="#6b7280" stroke-width="0.5"/>`,
    );
    legend.push(
      `<text x="${lx + 18}" y="${ly}" font-size="11" ${FONT} fill="#374151">${esc(label)}</text>`,
    );
    lx += w + 10;
  }
  legend.push(
    `<text x="12" y="${ly + 18}" font-size="11" ${FONT} fill="#374151">${esc('red ▼ SIGTERM · ✕ SIGKILL · ◆ startup probe passed · ● ready · | exited · ticks: probe attempts · dashed box: startup-probe budget')}</text>`,
  );
  const height = Math.ceil(ly + 30);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
