// Timing assumptions: the defaults and per-container values the simulation used (from
// lifecycle.assumptions) are shown as placeholders; only what the user types is sent.
import type { ContainerTiming, Lifecycle, Timing } from '../types';

const GLOBAL: [keyof Timing, string][] = [
  ['defaultStartSeconds', 'Start (s)'],
  ['defaultRunSeconds', 'Init / Job run (s)'],
  ['defaultShutdownSeconds', 'Shutdown after SIGTERM (s)'],
];
type ContainerField = Exclude<keyof ContainerTiming, 'name'>;
const PER_CONTAINER: [ContainerField, string][] = [
  ['startSeconds', 'start'],
  ['runSeconds', 'run'],
  ['postStartSeconds', 'postStart'],
  ['preStopSeconds', 'preStop'],
  ['shutdownSeconds', 'shutdown'],
  ['startupProbeSucceedsAfterSeconds', 'startup probe ok after'],
  ['readinessProbeSucceedsAfterSeconds', 'readiness ok after'],
  ['exitCode', 'exit code'],
];

const parse = (text: string): number | undefined => {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
};

export function TimingForm(props: {
  timing: Timing;
  lifecycle: Lifecycle | null;
  onChange(t: Timing): void;
}) {
  const { timing, lifecycle, onChange } = props;
  const a = lifecycle?.assumptions;
  const setGlobal = (k: keyof Timing, v: string) => {
    const next: Timing = { ...timing };
    const n = parse(v);
    if (n === undefined) delete next[k];
    else (next as Record<string, unknown>)[k] = n;
    onChange(next);
  };
  const setContainer = (name: string, k: ContainerField, v: string) => {
    const list = [...(timing.containers ?? [])];
    let row = list.find((c) => c.name === name);
    if (!row) {
      row = { name };
      list.push(row);
    }
    const n = parse(v);
    if (n === undefined) delete row[k];
    else row[k] = n;
    const kept = list.filter((c) => Object.keys(c).length > 1);
    const next: Timing = { ...timing, containers: kept };
    if (kept.length === 0) delete next.containers;
    onChange(next);
  };
  const value = (v: number | undefined) => (v === undefined ? '' : String(v));
  const placeholder = (v: number | null | undefined) =>
    v === null || v === undefined ? '—' : String(v);
  return (
    <div className="timing">
      <fieldset>
        <legend>Defaults for every container</legend>
        {GLOBAL.map(([k, label]) => (
          <label key={k}>
            {label}
            <input
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              name={k}
              value={value(timing[k] as number | undefined)}
              placeholder={placeholder(a?.[k as 'defaultStartSeconds'])}
              onChange={(e) => setGlobal(k, e.target.value)}
            />
          </label>
        ))}
        {a && (
          <p className="hint">
            Grace period {a.terminationGracePeriodSeconds} s (
            {a.terminationGracePeriodSource.toLowerCase().replace(/_/g, ' ')}). Empty fields use the
            value shown.
          </p>
        )}
      </fieldset>
      {a && a.containers.length > 0 && (
        <fieldset>
          <legend>Per container (seconds; placeholders are what the simulation used)</legend>
          <div className="timing-table-wrap">
            <table className="timing-table">
              <thead>
                <tr>
                  <th scope="col">container</th>
                  {PER_CONTAINER.map(([k, label]) => (
                    <th key={k} scope="col">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {a.containers.map((c) => {
                  const row = timing.containers?.find((r) => r.name === c.name);
                  return (
                    <tr key={c.name}>
                      <th scope="row">
                        {c.name} <span className="muted">{c.role.toLowerCase()}</span>
                      </th>
                      {PER_CONTAINER.map(([k, label]) => (
                        <td key={k}>
                          <input
                            type="number"
                            step="any"
                            aria-label={`${c.name} ${label}`}
                            value={value(row?.[k])}
                            placeholder={placeholder(c[k] as number | null)}
                            onChange={(e) => setContainer(c.name, k, e.target.value)}
                          />
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </fieldset>
      )}
    </div>
  );
}
