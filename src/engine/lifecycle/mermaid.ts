// A timeline as Mermaid gantt text: one section per container, bars for its phases, milestones for
// probe successes, readiness and signals, and a "pod" section for pod-level events.

import type { Chart, Span } from './plan';
import type { TimelineEventType } from './types';

// Mermaid splits a task on ':' and treats '#' and ';' specially.
const clean = (text: string): string =>
  text
    .replace(/[:;#,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const ms = (seconds: number): number => Math.round(seconds * 1000);

const SPAN_TAGS: Record<Span['kind'], string> = {
  starting: '',
  postStart: 'active, ',
  running: '',
  ready: 'done, ',
  backoff: 'crit, ',
  preStop: 'active, ',
  waiting: '',
  stopping: 'active, ',
  hung: 'crit, ',
};

const MILESTONES: Partial<Record<TimelineEventType, string>> = {
  STARTUP_PROBE_SUCCEEDED: 'started',
  CONTAINER_READY: 'ready',
  SIGTERM_SENT: 'SIGTERM',
  SIGKILL_SENT: 'SIGKILL',
  CONTAINER_EXITED: 'exited',
};

const POD_EVENTS: Partial<Record<TimelineEventType, string>> = {
  POD_INITIALIZED: 'Initialized',
  POD_READY: 'Ready',
  TERMINATION_STARTED: 'deletion',
  POD_TERMINATED: 'terminated',
};

/** Mermaid gantt text for one chart (times in seconds; the axis shows mm:ss). */
export function renderMermaid(chart: Chart): string {
  const lines = [
    'gantt',
    `    title ${clean(chart.title)}`,
    '    dateFormat x',
    '    axisFormat %M:%S',
  ];
  let id = 0;
  const task = (name: string, tags: string, from: number, to: number): void => {
    lines.push(`    ${clean(name)} :${tags}t${id++}, ${ms(from)}, ${ms(to)}`);
  };
  const podEvents = chart.events.filter(
    (e) => e.container === null && POD_EVENTS[e.type] !== undefined,
  );
  if (podEvents.length > 0) {
    lines.push('    section pod');
    for (const e of podEvents) {
      task(
        `${POD_EVENTS[e.type] ?? e.type} ${e.atSeconds}s`,
        'milestone, ',
        e.atSeconds,
        e.atSeconds,
      );
    }
  }
  // Each lane's spans and events, grouped once (linear in a wide pod's lanes).
  const spansOf = new Map<string | null, Chart['spans']>();
  for (const sp of chart.spans) {
    const list = spansOf.get(sp.container);
    if (list) list.push(sp);
    else spansOf.set(sp.container, [sp]);
  }
  const eventsOf = new Map<string | null, Chart['events']>();
  for (const e of chart.events) {
    const list = eventsOf.get(e.container);
    if (list) list.push(e);
    else eventsOf.set(e.container, [e]);
  }
  for (const lane of chart.lanes) {
    lines.push(`    section ${clean(lane.label)}`);
    const spans = [...(spansOf.get(lane.container) ?? [])].sort((a, b) => a.from - b.from);
    for (const s of spans) {
      const tags = s.kind === 'stopping' && s.label === 'SIGKILL' ? 'crit, ' : SPAN_TAGS[s.kind];
      task(s.label, tags, s.from, s.to);
    }
    for (const e of eventsOf.get(lane.container) ?? []) {
      const name = MILESTONES[e.type];
      if (name !== undefined) {
        task(
          `${name} ${e.atSeconds}s`,
          e.type === 'SIGKILL_SENT' ? 'crit, milestone, ' : 'milestone, ',
          e.atSeconds,
          e.atSeconds,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
