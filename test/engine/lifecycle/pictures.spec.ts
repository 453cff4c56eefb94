// The lifecycle pictures (SVG, Mermaid) are drawn only when read (performance issue 12): an
// analysis that nobody asks pictures of never draws them; a report sent to another thread or
// stored keeps the charts' data and draws the same pictures when read.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  PICTURE_FIELDS,
  analyzeManifest,
  lifecycleCharts,
  pictureDrawn,
  portableReport,
  renderMermaid,
  renderSvg,
  reportFromPortable,
} from '../../../src/engine';
import type { AnalysisReport } from '../../../src/engine';

const EXAMPLE = readFileSync(
  path.join(__dirname, '..', '..', '..', 'web', 'examples', 'native-and-legacy-sidecar.yaml'),
  'utf8',
);

function analyse(text = EXAMPLE): AnalysisReport {
  const result = analyzeManifest(text, { includeFixes: false });
  if (!result.ok) throw new Error('options refused');
  return result.report;
}

describe('lifecycle pictures on demand', () => {
  it('an analysis draws no picture until one is read, then draws that one only', () => {
    const lifecycle = analyse().workloads[0]!.lifecycle;
    for (const field of PICTURE_FIELDS) expect(pictureDrawn(lifecycle, field)).toBe(false);
    const svg = lifecycle.svg;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(pictureDrawn(lifecycle, 'svg')).toBe(true);
    expect(pictureDrawn(lifecycle, 'mermaid')).toBe(false);
    // Drawn once, kept: the getter gave way to the drawn text, so a second read draws nothing.
    expect(Object.getOwnPropertyDescriptor(lifecycle, 'svg')).toEqual(
      expect.objectContaining({ value: svg }),
    );
  });

  it('draws exactly what the renderers draw from the charts', () => {
    const lifecycle = analyse().workloads[0]!.lifecycle;
    const charts = lifecycleCharts(lifecycle)!;
    expect(charts.startup.lanes.map((l) => l.container)).toEqual([
      'migrate',
      'log-shipper',
      'app',
      'cloudsql-proxy',
    ]);
    expect(lifecycle.mermaid).toBe(renderMermaid(charts.startup));
    expect(lifecycle.mermaidTermination).toBe(renderMermaid(charts.termination));
    expect(lifecycle.svg).toBe(renderSvg([charts.startup, charts.termination]));
  });

  it('a serialised report (a REST body, the CLI JSON) carries the pictures, in the same key order', () => {
    const lifecycle = analyse().workloads[0]!.lifecycle;
    const json = JSON.parse(JSON.stringify(lifecycle)) as Record<string, unknown>;
    expect(Object.keys(json).slice(-3)).toEqual(['mermaid', 'mermaidTermination', 'svg']);
    expect(json.svg).toBe(lifecycle.svg);
  });

  it('a portable report (worker message, stored revision) keeps the data, not the pictures, and draws the same ones when read', () => {
    const report = analyse();
    const portable = portableReport(report);
    const lifecycle = report.workloads[0]!.lifecycle;
    for (const field of PICTURE_FIELDS) expect(pictureDrawn(lifecycle, field)).toBe(false);
    const stored = JSON.parse(JSON.stringify(portable)) as AnalysisReport;
    const storedLifecycle = stored.workloads[0]!.lifecycle as unknown as Record<string, unknown>;
    for (const field of PICTURE_FIELDS) expect(storedLifecycle).not.toHaveProperty(field);
    expect(storedLifecycle).toHaveProperty('charts');
    const read = reportFromPortable(stored);
    const again = read.workloads[0]!.lifecycle;
    expect(pictureDrawn(again, 'svg')).toBe(false);
    expect(again.svg).toBe(lifecycle.svg);
    expect(again.mermaid).toBe(lifecycle.mermaid);
    expect(again.mermaidTermination).toBe(lifecycle.mermaidTermination);
    expect(again).not.toHaveProperty('charts');
    expect(structuredClone(again).startup).toEqual(lifecycle.startup);
  });

  it('a report stored with drawn pictures (before pictures were on demand) is served as stored', () => {
    const report = analyse();
    const old = JSON.parse(JSON.stringify(report)) as AnalysisReport;
    const read = reportFromPortable(old);
    expect(read.workloads[0]!.lifecycle.svg).toBe(report.workloads[0]!.lifecycle.svg);
  });
});
