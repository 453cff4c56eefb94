// Killing a pod's running containers (kuberuntime_container.go killContainersWithSyncResult, killContainer; docs/kubernetes-behaviour.md#termination): every preStop hook starts at once, app
// containers get their stop signal when their hook ends, each sidecar only when every app container
// and the sidecar declared after it have exited; one grace budget per container counted from the
// start in whole seconds; at least 2 s between the stop signal and SIGKILL.

import type { EventLog, PlannedContainer, Span } from './plan';
import { secondsText } from './plan';
import {
  MINIMUM_GRACE_PERIOD_SECONDS,
  terminationPrerequisites,
  truncateSeconds,
} from './termination-order';
import type { LifecycleWarning } from './types';
import type { PodSpec } from '../k8s/types';

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
  exitAt: Map<string, number>;
  exitCode: Map<string, number>;
  endAt: number;
  sigkilled: string[];
}

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
  const byName = new Map(running.map((c) => [c.name, c]));
  const prereqs = orderingActive
    ? terminationPrerequisites(
        spec,
        running.map((c) => c.name),
      )
    : new Map<string, string[]>();
  const exitAt = new Map<string, number>();
  const exitCode = new Map<string, number>();
  const sigkilled: string[] = [];
  const preStop = new Map<string, { end: number; g: number }>();

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
    preStop.set(c.name, { end, g });
  }

  const resolving = new Set<string>();
  const exitOf = (name: string): number => {
    const known = exitAt.get(name);
    if (known !== undefined) {
      return known;
    }
    const c = byName.get(name);
    const ps = preStop.get(name);
    if (c === undefined || ps === undefined || resolving.has(name)) {
      return t0;
    }
    resolving.add(name);
    let g = ps.g;
    let turn = ps.end;
    const waitsFor = (prereqs.get(name) ?? []).filter((p) => byName.has(p));
    let waitNote = '';
    if (orderingActive && g > 0) {
      const released = waitsFor.reduce((m, p) => Math.max(m, exitOf(p)), ps.end);
      turn = Math.min(released, ps.end + g);
      const waited = turn - ps.end;
      g -= truncateSeconds(waited);
      if (waitsFor.length > 0) {
        waitNote =
          turn < released - 1e-9
            ? `; the grace ran out while it waited for ${waitsFor.join(', ')}`
            : `; after ${waitsFor.join(', ')} exited`;
        if (waited > 1e-9) {
          spans.push({
            container: name,
            kind: 'waiting',
            from: ps.end,
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
    exitAt.set(name, end);
    exitCode.set(name, code);
    resolving.delete(name);
    return end;
  };

  for (const c of running) {
    exitOf(c.name);
  }
  const endAt = running.reduce((m, c) => Math.max(m, exitAt.get(c.name) ?? t0), t0);
  if (sigkilled.length > 0 && opts.context === 'deletion') {
    warnings.push({
      code: 'TERMINATION_SIGKILL',
      container: null,
      message: `On deletion ${sigkilled.join(', ')} ${sigkilled.length === 1 ? 'is' : 'are'} SIGKILLed: the grace period (${secondsText(opts.graceSeconds)} s) is too short for the assumed preStop and shutdown times.`,
    });
  }
  return { exitAt, exitCode, endAt, sigkilled };
}
