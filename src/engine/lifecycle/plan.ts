// The simulation's working model of a pod: each container with its role, resolved timing and
// effective probes, plus an event recorder that keeps a causal order for events at the same time.

import type { PodContainer } from '../containers';
import type { ContainerRole } from '../report';
import type { ProbeTiming } from './probes';
import { probeTiming } from './probes';
import type { ContainerAssumptions, TimelineEvent, TimelineEventType } from './types';

export interface PlannedContainer {
  /** The container as listed in the spec, with its role and path. */
  podContainer: PodContainer;
  name: string;
  role: ContainerRole;
  /** The timing the simulation assumes for it, echoed in the report. */
  assumptions: ContainerAssumptions;
  startup: ProbeTiming | null;
  readiness: ProbeTiming | null;
  /** The spec declares restartPolicy Always although the target version drops it (c.10). */
  droppedSidecar: boolean;
  /** An app container recognised as a long-running helper (Jobs only). */
  legacySidecar: string | null;
  /** Stop signal from lifecycle.stopSignal, else SIGTERM. */
  stopSignal: string;
}

export function planContainer(
  podContainer: PodContainer,
  assumptions: ContainerAssumptions,
  notes: string[],
  droppedSidecar: boolean,
  legacySidecar: string | null,
): PlannedContainer {
  const c = podContainer.container;
  // Probes on a regular init container are rejected by validation and never run (c.6).
  const probesRun = podContainer.role !== 'INIT';
  return {
    podContainer,
    name: podContainer.name,
    role: podContainer.role,
    assumptions,
    startup:
      probesRun && c.startupProbe
        ? probeTiming(c.startupProbe, 'startupProbe', podContainer.name, notes)
        : null,
    readiness:
      probesRun && c.readinessProbe
        ? probeTiming(c.readinessProbe, 'readinessProbe', podContainer.name, notes)
        : null,
    droppedSidecar,
    legacySidecar,
    stopSignal: c.lifecycle?.stopSignal ?? 'SIGTERM',
  };
}

/** Rounds to milliseconds so that float noise never reaches the report. */
export const roundSeconds = (s: number): number => Math.round(s * 1000) / 1000;

/** Formats seconds for a detail text: 12, 1.5. */
export const secondsText = (s: number): string => `${roundSeconds(s)}`;

/**
 * Sorts a short list of events by time in place, stable, without the work arrays the built-in
 * sort allocates: a pod's log is a few dozen events, recorded nearly in time order.
 */
function insertionSort(events: TimelineEvent[]): TimelineEvent[] {
  for (let i = 1; i < events.length; i++) {
    const e = events[i] as TimelineEvent;
    let j = i - 1;
    while (j >= 0 && (events[j] as TimelineEvent).atSeconds > e.atSeconds) {
      events[j + 1] = events[j] as TimelineEvent;
      j--;
    }
    events[j + 1] = e;
  }
  return events;
}

export class EventLog {
  private readonly events: TimelineEvent[] = [];
  /** A time that is not a number was recorded: the events then sort by the full comparison. */
  private nan = false;

  add(
    atSeconds: number,
    container: string | null,
    type: TimelineEventType,
    detail: string | null,
  ): void {
    const at = roundSeconds(atSeconds);
    if (at !== at) {
      this.nan = true;
    }
    this.events.push({ atSeconds: at, container, type, detail });
  }

  /** Sorted by time; events at the same time keep the order they were recorded in (cause first). */
  sorted(): TimelineEvent[] {
    // Array.prototype.sort is stable, so sorting by time alone keeps the recording order among
    // events at the same time, with no wrapper per event. Only a NaN time (never recorded from
    // valid input) needs the explicit tie-break on the recording order.
    if (!this.nan) {
      const out = this.events.slice();
      return out.length <= 32 ? insertionSort(out) : out.sort((x, y) => x.atSeconds - y.atSeconds);
    }
    return this.events
      .map((e, seq) => ({ e, seq }))
      .sort((x, y) => x.e.atSeconds - y.e.atSeconds || x.seq - y.seq)
      .map((x) => x.e);
  }
}

/** A stretch of time on a container's lane, for the pictures. */
export type SpanKind =
  | 'starting'
  | 'postStart'
  | 'running'
  | 'ready'
  | 'backoff'
  | 'preStop'
  | 'waiting'
  | 'stopping'
  | 'hung';

export interface Span {
  container: string;
  kind: SpanKind;
  from: number;
  to: number;
  label: string;
}

/** Probe attempts drawn as ticks; `window` is the startup-probe budget. */
export interface ProbeMarks {
  container: string;
  kind: 'startup' | 'readiness';
  times: number[];
  successAt: number | null;
  window: [number, number] | null;
}

export interface Lane {
  container: string;
  role: ContainerRole;
  label: string;
}

export interface Chart {
  title: string;
  lanes: Lane[];
  spans: Span[];
  probes: ProbeMarks[];
  events: TimelineEvent[];
  /** Right edge of the time axis. */
  endSeconds: number;
  /** Extra vertical marks across the chart, e.g. the end of the grace period. */
  marks?: { atSeconds: number; label: string }[];
}
