// Killing a pod's running containers (kuberuntime_container.go killContainersWithSyncResult, killContainer; docs/kubernetes-behaviour.md#termination): every preStop hook starts at once, app
// containers get their stop signal when their hook ends, each sidecar only when every app container
// and the sidecar declared after it have exited; one grace budget per container counted from the
// start in whole seconds; at least 2 s between the stop signal and SIGKILL.

import type { EventLog, PlannedContainer, Span } from './plan';
import { secondsText } from './plan';
import type { TerminationWait } from './termination-order';
import {
  MINIMUM_GRACE_PERIOD_SECONDS,
  terminationWaits,
  truncateSeconds,
} from './termination-order';
import type { LifecycleWarning } from './types';
import type { PodSpec } from '../k8s/types';

const NO_WAIT: TerminationWait = { apps: [], laterSidecar: null };

export interface KillOptions {
  /** When the kill starts (0 for a deletion, the last app exit for a completing Job). */
  startAt: number;
  graceSeconds: number;
  /** Why the pod (or, for a probe, the one container) is being killed, for the detail texts. */
  context: 'deletion' | 'job-completion' | 'init-failure' | 'probe-kill';
  /** Why the stop signal is sent, put before the detail ("startup probe failed 3 times: killed"). */
  reason?: string;
  /** The CONTAINER_EXITED detail for an exit code; by default "exit <code>". */
  exitDetail?: (code: number) => string;
}

export interface KillResult {
  exitCode: Map<string, number>;
  endAt: number;
  sigkilled: string[];
}

// Where a container stands in killContainers' resolution of exit times (0: not yet asked).
const RESOLVING = 1;
const EXITED = 2;

/**
 * Kills `running` (containers of `spec`) as killContainersWithSyncResult does. The sidecar
 * ordering applies when the pod has any sidecar (on versions that honour them).
 */
export function killContainers(
  spec: PodSpec,
  running: PlannedContainer[],
  opts: KillOptions,
  log: EventLog,
  spans: Span[],
  warnings: LifecycleWarning[],
  orderingActive: boolean,
): KillResult {
  const t0 = opts.startAt;
  // Each container's state sits in arrays at its slot: its position in `running`, the last one
  // of a name (containers are known by name, and a repeated name stands for the last of them).
  const n = running.length;
  const slotOf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    slotOf.set((running[i] as PlannedContainer).name, i);
  }
  const waits = orderingActive ? terminationWaits(spec, slotOf) : null;
  const preStopEnd = new Array<number>(n);
  const graceLeft = new Array<number>(n);
  const exitAt = new Array<number>(n);
  const state = new Uint8Array(n);
  const exitCode = new Map<string, number>();
  const sigkilled: string[] = [];

  // Every container's goroutine starts at once: all preStop hooks run from t0 (e.1 step 2).
  for (const c of running) {
    let g = opts.graceSeconds;
    let end = t0;
    const hook = c.assumptions.preStopSeconds;
    if (hook !== null && g > 0) {
      const ran = Math.min(hook, g);
      end = t0 + ran;
      const source =
        c.assumptions.preStopSource === 'SPEC'
          ? `sleeps ${secondsText(hook)} s`
          : c.assumptions.preStopSource === 'INPUT'
            ? `${secondsText(hook)} s, from the timing input`
            : `${secondsText(hook)} s assumed`;
      log.add(t0, c.name, 'PRESTOP_STARTED', `preStop hook (${source})`);
      const cut = hook > g;
      log.add(
        end,
        c.name,
        'PRESTOP_FINISHED',
        cut
          ? `abandoned after the whole grace period (${secondsText(g)} s)`
          : `grace left ${secondsText(g - truncateSeconds(ran))} s`,
      );
      spans.push({ container: c.name, kind: 'preStop', from: t0, to: end, label: 'preStop' });
      g -= truncateSeconds(ran);
    }
    const slot = slotOf.get(c.name) as number;
    preStopEnd[slot] = end;
    graceLeft[slot] = g;
  }

  // Every sidecar waits for the same app containers: their latest exit and their names as text
  // are worked out once (the first time a sidecar asks) instead of once per sidecar, which made
  // a wide pod's deletion quadratic. The app containers are still resolved in declaration order
  // by the first sidecar that asks, so the events keep their order. `cycles` counts the answers
  // given for a container still being resolved (only a pod whose names repeat gets there): a pass
  // that saw one is not kept, and the next sidecar asks again, exactly as before.
  let cycles = 0;
  let appsExit: number | null = null;
  let appsText: string | null = null;
  const latestAppExit = (apps: readonly string[]): number => {
    if (appsExit !== null) {
      return appsExit;
    }
    const before = cycles;
    let m = Number.NEGATIVE_INFINITY;
    for (const p of apps) {
      m = Math.max(m, exitOf(p));
    }
    if (cycles === before) {
      appsExit = m;
    }
    return m;
  };

  const exitOf = (name: string): number => {
    const slot = slotOf.get(name);
    if (slot === undefined) {
      return t0;
    }
    if (state[slot] === EXITED) {
      return exitAt[slot] as number;
    }
    if (state[slot] === RESOLVING) {
      cycles++;
      return t0;
    }
    state[slot] = RESOLVING;
    const c = running[slot] as PlannedContainer;
    const psEnd = preStopEnd[slot] as number;
    let g = graceLeft[slot] as number;
    let turn = psEnd;
    let waitNote = '';
    if (orderingActive && g > 0) {
      // terminationWaits lists only running containers.
      const { apps, laterSidecar } = waits?.get(name) ?? NO_WAIT;
      let released = psEnd;
      if (apps.length > 0) {
        released = Math.max(released, latestAppExit(apps));
      }
      if (laterSidecar !== null) {
        released = Math.max(released, exitOf(laterSidecar));
      }
      turn = Math.min(released, psEnd + g);
      const waited = turn - psEnd;
      g -= truncateSeconds(waited);
      if (apps.length > 0 || laterSidecar !== null) {
        let waitsFor = laterSidecar ?? '';
        if (apps.length > 0) {
          appsText ??= apps.join(', ');
          waitsFor = laterSidecar !== null ? `${appsText}, ${laterSidecar}` : appsText;
        }
        waitNote =
          turn < released - 1e-9
            ? `; the grace ran out while it waited for ${waitsFor}`
            : `; after ${waitsFor} exited`;
        if (waited > 1e-9) {
          spans.push({
            container: name,
            kind: 'waiting',
            from: psEnd,
            to: turn,
            label: 'waiting for its turn',
          });
        }
      }
    }
    const timeout = Math.max(g, MINIMUM_GRACE_PERIOD_SECONDS);
    log.add(
      turn,
      name,
      'SIGTERM_SENT',
      `${opts.reason !== undefined ? `${opts.reason}; ` : ''}${c.stopSignal}; SIGKILL after ${secondsText(timeout)} s${waitNote}`,
    );
    const sidecar = c.role === 'SIDECAR';
    let end: number;
    let code: number;
    if (c.assumptions.shutdownSeconds > timeout + 1e-9) {
      end = turn + timeout;
      code = 137;
      sigkilled.push(name);
      log.add(end, name, 'SIGKILL_SENT', `did not exit within ${secondsText(timeout)} s`);
    } else {
      end = turn + c.assumptions.shutdownSeconds;
      code = c.assumptions.sigtermExitCode;
    }
    spans.push({
      container: name,
      kind: 'stopping',
      from: turn,
      to: end,
      label: code === 137 ? 'SIGKILL' : 'stopping',
    });
    const expected =
      sidecar && code !== 0
        ? ' (expected for a sidecar: getPhase ignores terminated sidecars)'
        : '';
    log.add(
      end,
      name,
      'CONTAINER_EXITED',
      opts.exitDetail !== undefined ? opts.exitDetail(code) : `exit ${code}${expected}`,
    );
    exitAt[slot] = end;
    state[slot] = EXITED;
    exitCode.set(name, code);
    return end;
  };

  let endAt = t0;
  for (const c of running) {
    endAt = Math.max(endAt, exitOf(c.name));
  }
  if (sigkilled.length > 0 && opts.context === 'deletion') {
    warnings.push({
      code: 'TERMINATION_SIGKILL',
      container: null,
      message: `On deletion ${sigkilled.join(', ')} ${sigkilled.length === 1 ? 'is' : 'are'} SIGKILLed: the grace period (${secondsText(opts.graceSeconds)} s) is too short for the assumed preStop and shutdown times.`,
    });
  }
  return { exitCode, endAt, sigkilled };
}
