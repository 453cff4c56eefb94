// The lifecycle pictures (SVG, Mermaid) are drawn only when read (performance issue 12): the
// report carries the charts' data, and `svg`, `mermaid` and `mermaidTermination` are getters
// that draw once, on first read (a GraphQL field selected, a timeline route, a CLI format that
// prints them). Serialising the report (JSON, a REST body) reads them like any field. For a
// worker thread's message or a stored revision, `portableLifecycle` gives the report without
// the pictures and with the charts' data, and `lifecycleFromPortable` makes it whole again.

import { renderMermaid } from './mermaid';
import type { Chart } from './plan';
import { renderSvg } from './svg';
import type { LifecycleReport } from './types';

/** What the pictures are drawn from. */
export interface LifecycleCharts {
  startup: Chart;
  termination: Chart;
}

/** The three picture fields of a lifecycle report. */
export const PICTURE_FIELDS = ['mermaid', 'mermaidTermination', 'svg'] as const;
type PictureField = (typeof PICTURE_FIELDS)[number];

/** A lifecycle report without its pictures, with the data to draw them (plain data, clonable). */
export type PortableLifecycle = Omit<LifecycleReport, PictureField> & { charts: LifecycleCharts };

const CHARTS = new WeakMap<object, LifecycleCharts>();

const DRAW: Record<PictureField, (c: LifecycleCharts) => string> = {
  mermaid: (c) => renderMermaid(c.startup),
  mermaidTermination: (c) => renderMermaid(c.termination),
  svg: (c) => renderSvg([c.startup, c.termination]),
};

/** The getters, shared by every report: each draws from the report's charts once, then keeps the text. */
const LAZY_FIELDS: PropertyDescriptorMap = Object.fromEntries(
  PICTURE_FIELDS.map((field) => {
    const keep = (target: object, value: unknown): void => {
      Object.defineProperty(target, field, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    };
    const descriptor: PropertyDescriptor = {
      enumerable: true,
      configurable: true,
      get(this: object) {
        const charts = CHARTS.get(this);
        const value = charts ? DRAW[field](charts) : '';
        keep(this, value);
        return value;
      },
      set(this: object, value: unknown) {
        keep(this, value);
      },
    };
    return [field, descriptor];
  }),
);

/** Adds the picture fields to `report` as getters that draw from `charts` on first read. */
export function withLazyPictures(
  report: Omit<LifecycleReport, PictureField>,
  charts: LifecycleCharts,
): LifecycleReport {
  CHARTS.set(report, charts);
  Object.defineProperties(report, LAZY_FIELDS);
  return report as LifecycleReport;
}

/** The charts a report's pictures are drawn from; null for a report that carries drawn pictures. */
export function lifecycleCharts(report: LifecycleReport): LifecycleCharts | null {
  return CHARTS.get(report) ?? null;
}

/** Whether a picture field of the report has been drawn (or was given as text). */
export function pictureDrawn(report: LifecycleReport, field: PictureField): boolean {
  return Object.getOwnPropertyDescriptor(report, field)?.get === undefined;
}

/**
 * The report as plain data without drawing anything: the pictures' fields left out, their charts
 * in `charts`. A report whose pictures are text already (read back from storage) is returned as is.
 */
export function portableLifecycle(report: LifecycleReport): PortableLifecycle | LifecycleReport {
  const charts = CHARTS.get(report);
  if (!charts) return report;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(report)) {
    if (!(PICTURE_FIELDS as readonly string[]).includes(key)) {
      out[key] = (report as unknown as Record<string, unknown>)[key];
    }
  }
  out.charts = charts;
  return out as PortableLifecycle;
}

/** The report again, pictures drawn on first read; a report that has its pictures as text stays as is. */
export function lifecycleFromPortable(
  portable: PortableLifecycle | LifecycleReport,
): LifecycleReport {
  if (
    typeof portable !== 'object' ||
    portable === null ||
    !('charts' in portable) ||
    typeof portable.charts !== 'object' ||
    portable.charts === null
  ) {
    return portable as LifecycleReport;
  }
  const { charts, ...rest } = portable as PortableLifecycle;
  return withLazyPictures(rest, charts);
}
