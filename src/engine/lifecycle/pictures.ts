// The lifecycle pictures (SVG, Mermaid) are drawn only when read (performance issue 12): the
// report carries the charts' data, and `svg`, `mermaid` and `mermaidTermination` are getters
// that draw once, on first read (a GraphQL field selected, a timeline route, a CLI format that
// prints them). Serialising the report (JSON, a REST body) reads them like any field. For a
// worker thread's message or a stored revision, `portableLifecycle` gives the report without
// the pictures and with the charts' data, and `lifecycleFromPortable` makes it whole again.
// The charts' data itself may be given as a function, called once when first needed (a picture
// read, the portable form taken): most analyses never draw.

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

/** The charts, or the function that makes them on first need. */
export type ChartsSource = LifecycleCharts | (() => LifecycleCharts);

// Where a report keeps its charts: a property that is not enumerable, so JSON, a spread, a
// structured clone and Object.keys never see it. It used to be a WeakMap keyed by the report;
// a weak map entry per short-lived report made the garbage collector several times dearer than
// the whole simulation (V8 keeps ephemeron tables in old space).
const CHARTS = Symbol('lifecycle charts');

type WithCharts = { [CHARTS]?: ChartsSource };

/** The report's charts, made now (and kept) if they were deferred. */
function chartsOf(report: object): LifecycleCharts | undefined {
  const source = (report as WithCharts)[CHARTS];
  if (typeof source !== 'function') {
    return source;
  }
  const charts = source();
  Reflect.set(report, CHARTS, charts);
  return charts;
}

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
        const charts = chartsOf(this);
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

/**
 * Adds the picture fields to `report` as getters that draw from `charts` on first read; `charts`
 * may be a function that makes them, called at most once, when first needed.
 */
export function withLazyPictures(
  report: Omit<LifecycleReport, PictureField>,
  charts: ChartsSource,
): LifecycleReport {
  Object.defineProperty(report, CHARTS, {
    value: charts,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  Object.defineProperties(report, LAZY_FIELDS);
  return report as LifecycleReport;
}

/** The charts a report's pictures are drawn from; null for a report that carries drawn pictures. */
export function lifecycleCharts(report: LifecycleReport): LifecycleCharts | null {
  return chartsOf(report) ?? null;
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
  const charts = chartsOf(report);
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
