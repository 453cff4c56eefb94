// One timeline (start-up, a Job's run, or termination) as an SVG drawn from the report's events:
// one lane per container, segments for what the container is doing, a mark per event, pod-level
// lines (Initialized, Ready, deleted, terminated) and, for termination, the grace period.
// Marks are a roving tab stop: Tab enters the chart, arrow keys move, focus or hover shows detail.
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, WheelEvent } from 'react';
import type { Container, Lifecycle, TimelineEvent } from '../types';

export type TimelineKind = 'startup' | 'job' | 'termination';

interface Segment {
  lane: number;
  from: number;
  to: number;
  /** The real end when the bar is cut at the axis' end. */
  cutAt?: number;
  kind:
    | 'starting'
    | 'running'
    | 'probe'
    | 'readiness'
    | 'worst'
    | 'hook'
    | 'waiting'
    | 'stopping'
    | 'forever';
  label: string;
}

/** The events of one lane at one moment (shown as one mark, so none hides another). */
interface Mark {
  id: string;
  lane: number | null;
  at: number;
  events: TimelineEvent[];
}

const LANE_H = 34;
const LABEL_W = 190;
const TOP = 50;
const BOTTOM = 30;

const EVENT_WORDS: Record<string, string> = {
  CONTAINER_STARTED: 'started',
  CONTAINER_EXITED: 'exited',
  CONTAINER_READY: 'ready',
  STARTUP_PROBE_SUCCEEDED: 'startup probe passed',
  POD_INITIALIZED: 'pod Initialized',
  POD_READY: 'pod Ready',
  POD_TERMINATED: 'pod terminated',
  PRESTOP_STARTED: 'preStop started',
  PRESTOP_FINISHED: 'preStop finished',
  SIGTERM_SENT: 'SIGTERM',
  SIGKILL_SENT: 'SIGKILL',
  TERMINATION_STARTED: 'pod deleted',
};

export const eventWords = (type: string): string => EVENT_WORDS[type] ?? type;

export const roleLabel = (c: Container): string =>
  c.role === 'APP' && c.legacySidecar ? 'app · legacy sidecar' : c.role.toLowerCase();

const fmt = (s: number): string => `${Number.isInteger(s) ? s : s.toFixed(2).replace(/0+$/, '')} s`;

function niceStep(span: number, px: number): number {
  const target = span / Math.max(2, px / 70);
  const pow = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 2, 5, 10]) if (m * pow >= target) return m * pow;
  return 10 * pow;
}

function layout(
  kind: TimelineKind,
  events: TimelineEvent[],
  containers: Container[],
  life: Lifecycle,
) {
  const laneOf = new Map(containers.map((c, i) => [c.name, i]));
  const byLane = new Map<number, TimelineEvent[]>();
  const marks: Mark[] = [];
  const grouped = new Map<string, Mark>();
  events.forEach((e, i) => {
    const lane = e.container !== null ? (laneOf.get(e.container) ?? null) : null;
    const key = `${lane}@${e.atSeconds}`;
    const same = grouped.get(key);
    if (same) same.events.push(e);
    else {
      const m: Mark = { id: `${kind}-${i}`, lane, at: e.atSeconds, events: [e] };
      grouped.set(key, m);
      marks.push(m);
    }
    if (lane !== null) byLane.set(lane, [...(byLane.get(lane) ?? []), e]);
  });
  marks.sort((a, b) => a.at - b.at || (a.lane ?? -1) - (b.lane ?? -1));
  const lastEvent = Math.max(0, ...events.map((e) => e.atSeconds));
  const grace = life.terminationGracePeriodSeconds;
  let end = lastEvent;
  if (kind === 'termination' && Number.isFinite(grace)) {
    end = Math.max(end, Math.min(grace, lastEvent * 4 + 10));
  }
  if (kind === 'startup') {
    // The worst case widens the axis only while it stays readable (a 600 s startup-probe budget
    // would squash a 20 s start-up): beyond that its bars are cut and labelled with their end.
    const readable = Math.max(lastEvent * 2.5, lastEvent + 10);
    for (const w of life.worstCase.containers) {
      for (const v of [w.latestReadyAtSeconds ?? 0, w.latestStartedAtSeconds ?? 0]) {
        if (v <= readable) end = Math.max(end, v);
      }
    }
  }
  const neverEnds = kind === 'job' && life.job?.neverCompletes === true;
  end = Math.max(1, end) * (neverEnds ? 1.25 : 1.06);
  const cut = (seg: Segment): Segment => (seg.to > end ? { ...seg, to: end, cutAt: seg.to } : seg);

  const segments: Segment[] = [];
  const assumed = new Map(life.assumptions.containers.map((a) => [a.name, a]));
  const worst = new Map(life.worstCase.containers.map((w) => [w.name, w]));
  for (const [lane, evs] of byLane) {
    const c = containers[lane] as Container;
    const a = assumed.get(c.name);
    const at = (type: string) => evs.find((e) => e.type === type)?.atSeconds;
    if (kind === 'startup' || kind === 'job') {
      const started = at('CONTAINER_STARTED');
      if (started === undefined) continue;
      const exited = at('CONTAINER_EXITED');
      const startS = a?.startSeconds ?? 0;
      if (startS > 0) {
        segments.push({
          lane,
          from: Math.max(0, started - startS),
          to: started,
          kind: 'starting',
          label: `creating and starting (${fmt(startS)} assumed)`,
        });
      }
      const runTo = exited ?? end;
      segments.push({
        lane,
        from: started,
        to: runTo,
        kind: exited === undefined && kind === 'job' ? 'forever' : 'running',
        label:
          exited === undefined
            ? kind === 'job'
              ? 'running, never exits on its own'
              : 'running'
            : `running until exit at ${fmt(exited)}`,
      });
      if (a?.postStartSeconds) {
        segments.push({
          lane,
          from: started,
          to: started + a.postStartSeconds,
          kind: 'hook',
          label: `postStart hook (${fmt(a.postStartSeconds)}, ${a.postStartSource?.toLowerCase() ?? 'assumed'})`,
        });
      }
      if (kind === 'startup') {
        const probed = at('STARTUP_PROBE_SUCCEEDED');
        const ready = at('CONTAINER_READY');
        if (probed !== undefined && probed > started) {
          segments.push({
            lane,
            from: started,
            to: probed,
            kind: 'probe',
            label: `startup probe window until it passes at ${fmt(probed)}`,
          });
        }
        const readyFrom = probed ?? started;
        if (ready !== undefined && ready > readyFrom) {
          segments.push({
            lane,
            from: readyFrom,
            to: ready,
            kind: 'readiness',
            label: `readiness probe window until ready at ${fmt(ready)}`,
          });
        }
        const w = worst.get(c.name);
        const latest = Math.max(w?.latestReadyAtSeconds ?? 0, w?.latestStartedAtSeconds ?? 0);
        const soonest = ready ?? probed ?? exited ?? started;
        if (w && latest > soonest) {
          segments.push({
            lane,
            from: soonest,
            to: latest,
            kind: 'worst',
            label: `worst case within the probe budgets: started by ${fmt(w.latestStartedAtSeconds ?? latest)}${w.latestReadyAtSeconds !== null ? `, ready by ${fmt(w.latestReadyAtSeconds)}` : ''}${w.startupProbeBudgetSeconds !== null ? ` (startup probe budget ${fmt(w.startupProbeBudgetSeconds)})` : ''}`,
          });
        }
      }
    } else {
      const preStart = at('PRESTOP_STARTED');
      const preEnd = at('PRESTOP_FINISHED');
      const term = at('SIGTERM_SENT');
      const exited = at('CONTAINER_EXITED');
      const kill = at('SIGKILL_SENT');
      const firstAction = Math.min(...[preStart, term].filter((x): x is number => x !== undefined));
      if (Number.isFinite(firstAction) && firstAction > 0) {
        segments.push({
          lane,
          from: 0,
          to: firstAction,
          kind: 'waiting',
          label: `keeps running until its turn at ${fmt(firstAction)}`,
        });
      }
      if (preStart !== undefined) {
        segments.push({
          lane,
          from: preStart,
          to: preEnd ?? kill ?? exited ?? end,
          kind: 'hook',
          label: `preStop hook${preEnd !== undefined ? ` until ${fmt(preEnd)}` : ''}`,
        });
      }
      if (term !== undefined) {
        segments.push({
          lane,
          from: term,
          to: exited ?? kill ?? end,
          kind: 'stopping',
          label: `shutting down after SIGTERM${exited !== undefined ? `, exits at ${fmt(exited)}` : ''}`,
        });
      }
    }
  }
  return { marks, segments: segments.map(cut), end, neverEnds };
}

const PRIORITY = [
  'SIGKILL_SENT',
  'SIGTERM_SENT',
  'CONTAINER_EXITED',
  'PRESTOP_STARTED',
  'PRESTOP_FINISHED',
  'CONTAINER_READY',
  'STARTUP_PROBE_SUCCEEDED',
];
const mainType = (m: Mark): string =>
  PRIORITY.find((t) => m.events.some((e) => e.type === t)) ?? (m.events[0] as TimelineEvent).type;
const who = (m: Mark): string => (m.events[0] as TimelineEvent).container ?? 'pod';
const markText = (m: Mark): string =>
  `${fmt(m.at)}: ${who(m)} ${m.events.map((e) => `${eventWords(e.type)}${e.detail ? ` (${e.detail})` : ''}`).join('; ')}`;

const MARK_CLASS: Record<string, string> = {
  SIGKILL_SENT: 'mark-kill',
  SIGTERM_SENT: 'mark-term',
  CONTAINER_EXITED: 'mark-exit',
  CONTAINER_READY: 'mark-ready',
  STARTUP_PROBE_SUCCEEDED: 'mark-probe',
  PRESTOP_STARTED: 'mark-hook',
  PRESTOP_FINISHED: 'mark-hook',
};

export function Timeline(props: {
  kind: TimelineKind;
  title: string;
  events: TimelineEvent[];
  containers: Container[];
  lifecycle: Lifecycle;
  width: number;
}) {
  const { kind, title, events, containers, lifecycle, width } = props;
  const [zoom, setZoom] = useState(1);
  const [active, setActive] = useState<string | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const markRefs = useRef<(SVGGElement | null)[]>([]);
  const { marks, segments, end, neverEnds } = useMemo(
    () => layout(kind, events, containers, lifecycle),
    [kind, events, containers, lifecycle],
  );
  const plotW = Math.max(200, (width - LABEL_W - 24) * zoom);
  const x = (s: number) => LABEL_W + (s / end) * plotW;
  const h = TOP + containers.length * LANE_H + BOTTOM;
  const svgW = LABEL_W + plotW + 16;
  const step = niceStep(end, plotW);
  const ticks: number[] = [];
  for (let t = 0; t <= end + 1e-9; t += step) ticks.push(Number(t.toFixed(6)));
  const laneY = (lane: number) => TOP + lane * LANE_H;
  // Pod-level lines, their labels stacked in rows so close ones do not overlap.
  const rowEnds: number[] = [];
  const podLabels = marks
    .filter((m) => m.lane === null)
    .flatMap((m) => m.events.map((e, k) => ({ key: `${m.id}-${k}`, x: x(m.at), type: e.type })))
    .map((l) => {
      const width = eventWords(l.type).length * 6.5 + 8;
      let row = rowEnds.findIndex((endX) => endX < l.x);
      if (row === -1 || row > 1) row = Math.min(rowEnds.length, 1);
      rowEnds[row] = l.x + width;
      return { ...l, row };
    });
  const activeMark = marks.find((m) => m.id === active) ?? null;
  const grace = lifecycle.terminationGracePeriodSeconds;

  const onKey = (e: KeyboardEvent<SVGGElement>, i: number) => {
    let next: number;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(marks.length - 1, i + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = marks.length - 1;
    else if (e.key === '+' || e.key === '=') return setZoom((z) => Math.min(16, z * 1.5));
    else if (e.key === '-') return setZoom((z) => Math.max(1, z / 1.5));
    else return;
    e.preventDefault();
    setFocusIndex(next);
    markRefs.current[next]?.focus();
  };
  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    setZoom((z) => Math.min(16, Math.max(1, z * (e.deltaY < 0 ? 1.25 : 0.8))));
  };

  const titleId = `tl-${kind}-title`;
  return (
    <section className="timeline" aria-labelledby={titleId} data-timeline={kind}>
      <div className="timeline-head">
        <h3 id={titleId}>{title}</h3>
        <div className="zoom" role="group" aria-label={`Zoom ${title}`}>
          <button
            type="button"
            onClick={() => setZoom((z) => Math.max(1, z / 1.5))}
            disabled={zoom <= 1}
            aria-label="Zoom out"
          >
            −
          </button>
          <span className="zoom-level" aria-live="polite">
            {Math.round(zoom * 100)}%
          </span>
          <button
            type="button"
            onClick={() => setZoom((z) => Math.min(16, z * 1.5))}
            aria-label="Zoom in"
          >
            +
          </button>
          <button type="button" onClick={() => setZoom(1)} disabled={zoom === 1}>
            Fit
          </button>
        </div>
      </div>
      <div className="timeline-scroll" onWheel={onWheel}>
        <svg
          width={svgW}
          height={h}
          viewBox={`0 0 ${svgW} ${h}`}
          role="group"
          aria-label={`${title}: ${containers.length} lanes, ${marks.length} events; use the arrow keys to move between events`}
        >
          {kind === 'termination' && Number.isFinite(grace) && (
            <g className="grace">
              <rect
                x={x(0)}
                y={TOP - 6}
                width={Math.max(0, x(Math.min(grace, end)) - x(0))}
                height={4}
                className="grace-band"
              />
              {grace <= end && (
                <>
                  <line
                    x1={x(grace)}
                    x2={x(grace)}
                    y1={TOP - 10}
                    y2={h - BOTTOM}
                    className="grace-line"
                  />
                  <text x={x(grace) - 4} y={TOP - 34} textAnchor="end" className="axis-note">
                    grace period {fmt(grace)} ends: SIGKILL
                  </text>
                </>
              )}
            </g>
          )}
          {containers.map((c, lane) => (
            <g
              key={c.name}
              className={`lane role-${c.role.toLowerCase()}${c.legacySidecar ? ' legacy' : ''}`}
              data-lane={c.name}
            >
              <rect
                x={0}
                y={laneY(lane)}
                width={svgW}
                height={LANE_H}
                className={lane % 2 ? 'lane-bg odd' : 'lane-bg'}
              />
              <text x={8} y={laneY(lane) + 14} className="lane-name">
                {c.name.length > 24 ? `${c.name.slice(0, 23)}…` : c.name}
              </text>
              <text x={8} y={laneY(lane) + 27} className="lane-role">
                {roleLabel(c)}
              </text>
            </g>
          ))}
          {ticks.map((t) => (
            <g key={t} className="tick">
              <line x1={x(t)} x2={x(t)} y1={TOP} y2={h - BOTTOM} />
              <text x={x(t)} y={h - BOTTOM + 16} textAnchor="middle">
                {t}s
              </text>
            </g>
          ))}
          {segments.map((s, i) => {
            const y = laneY(s.lane);
            const thin =
              s.kind === 'probe' ||
              s.kind === 'readiness' ||
              s.kind === 'worst' ||
              s.kind === 'hook';
            const top = s.kind === 'hook' ? y + 6 : thin ? y + 23 : y + 9;
            return (
              <rect
                key={i}
                x={x(s.from)}
                y={top}
                width={Math.max(2, x(s.to) - x(s.from))}
                height={thin ? 6 : 16}
                className={`seg seg-${s.kind} role-${containers[s.lane]?.role.toLowerCase()}${containers[s.lane]?.legacySidecar ? ' legacy' : ''}`}
                rx={2}
              >
                <title>{`${containers[s.lane]?.name}: ${s.label}`}</title>
              </rect>
            );
          })}
          {neverEnds && (
            <text x={x(end) - 4} y={TOP - 34} textAnchor="end" className="axis-note warn">
              never completes →
            </text>
          )}
          {podLabels.map((l) => (
            <g key={l.key} className={`pod-line pod-${l.type.toLowerCase()}`}>
              <line x1={l.x} x2={l.x} y1={TOP - 4} y2={h - BOTTOM} />
              <text x={l.x + 3} y={TOP - 6 - l.row * 13} className="pod-line-label">
                {eventWords(l.type)}
              </text>
            </g>
          ))}
          {containers.map((c, lane) =>
            segments.some((sg) => sg.lane === lane) || marks.some((m) => m.lane === lane) ? null : (
              <text key={`idle-${c.name}`} x={x(0) + 6} y={laneY(lane) + 21} className="lane-idle">
                {kind === 'termination' && c.role === 'INIT'
                  ? 'ran to completion during start-up'
                  : 'no event in this timeline'}
              </text>
            ),
          )}
          {segments
            .filter((sg) => sg.cutAt !== undefined && sg.kind === 'worst')
            .map((sg, i) => (
              <text
                key={`cut-${i}`}
                x={x(sg.to) - 4}
                y={laneY(sg.lane) + 9}
                textAnchor="end"
                className="cut-label"
              >
                worst case until {fmt(sg.cutAt as number)} →
              </text>
            ))}
          {marks.map((m, i) => {
            const cx = x(m.at);
            const cy = m.lane === null ? TOP - 2 : laneY(m.lane) + 17;
            const type = mainType(m);
            const label = markText(m);
            const cls = MARK_CLASS[type] ?? 'mark-plain';
            return (
              <g
                key={m.id}
                ref={(el) => {
                  markRefs.current[i] = el;
                }}
                className={`mark ${cls}${active === m.id ? ' active' : ''}`}
                tabIndex={i === focusIndex ? 0 : -1}
                role="img"
                aria-label={label}
                data-event={m.events.map((e) => e.type).join(' ')}
                onMouseEnter={() => setActive(m.id)}
                onMouseLeave={() => setActive((a) => (a === m.id ? null : a))}
                onFocus={() => {
                  setActive(m.id);
                  setFocusIndex(i);
                }}
                onBlur={() => setActive((a) => (a === m.id ? null : a))}
                onKeyDown={(e) => onKey(e, i)}
              >
                <circle cx={cx} cy={cy} r={10} className="hit" />
                {type === 'SIGKILL_SENT' ? (
                  <path
                    d={`M${cx - 5} ${cy - 5} L${cx + 5} ${cy + 5} M${cx + 5} ${cy - 5} L${cx - 5} ${cy + 5}`}
                    className="glyph"
                  />
                ) : type === 'SIGTERM_SENT' ? (
                  <path
                    d={`M${cx} ${cy - 6} L${cx + 6} ${cy} L${cx} ${cy + 6} L${cx - 6} ${cy} Z`}
                    className="glyph"
                  />
                ) : (
                  <circle cx={cx} cy={cy} r={m.lane === null ? 3.5 : 4.5} className="glyph" />
                )}
              </g>
            );
          })}
        </svg>
        {activeMark && (
          <div
            className="tooltip"
            role="tooltip"
            style={{
              left: Math.min(svgW - 280, Math.max(0, x(activeMark.at) - 140)),
              top: activeMark.lane === null ? TOP + 6 : laneY(activeMark.lane) + LANE_H + 2,
            }}
          >
            <strong>
              {fmt(activeMark.at)} · {who(activeMark)}
            </strong>
            {activeMark.events.map((e, k) => (
              <div key={k}>
                <em>{eventWords(e.type)}</em>
                {e.detail ? `: ${e.detail}` : ''}
              </div>
            ))}
          </div>
        )}
      </div>
      <p className="detail-line" aria-live="polite">
        {activeMark
          ? markText(activeMark)
          : 'Hover or focus an event for its detail (Tab into the chart, then the arrow keys; + and − zoom).'}
      </p>
    </section>
  );
}

export function Legend() {
  const items: [string, string][] = [
    ['seg-starting', 'creating / starting'],
    ['seg-running role-init', 'init running'],
    ['seg-running role-sidecar', 'sidecar running'],
    ['seg-running role-app', 'app running'],
    ['seg-running role-app legacy', 'legacy sidecar running'],
    ['seg-hook', 'postStart / preStop hook'],
    ['seg-probe', 'startup probe window'],
    ['seg-readiness', 'readiness probe window'],
    ['seg-worst', 'worst case within probe budgets'],
    ['seg-waiting', 'running, waiting its turn to stop'],
    ['seg-stopping', 'shutting down after SIGTERM'],
    ['seg-forever', 'never exits on its own'],
  ];
  return (
    <ul className="legend" aria-label="Legend">
      {items.map(([cls, text]) => (
        <li key={cls}>
          <svg width="22" height="10" aria-hidden="true">
            <rect width="22" height="10" rx="2" className={`seg ${cls}`} />
          </svg>
          {text}
        </li>
      ))}
      <li>
        <svg width="14" height="14" aria-hidden="true" className="mark mark-term">
          <path d="M7 1 L13 7 L7 13 L1 7 Z" className="glyph" />
        </svg>
        SIGTERM
      </li>
      <li>
        <svg width="14" height="14" aria-hidden="true" className="mark mark-kill">
          <path d="M2 2 L12 12 M12 2 L2 12" className="glyph" />
        </svg>
        SIGKILL
      </li>
    </ul>
  );
}
