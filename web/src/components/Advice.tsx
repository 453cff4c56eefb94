// Advice: the pattern verdicts with their reasons, and sidecars an admission webhook will inject.
import type { Workload } from '../types';

const VERDICT_WORDS = { ADOPT: 'Adopt', RECONSIDER: 'Reconsider', KEEP: 'Keep' } as const;
const PATTERN_WORDS: Record<string, string> = {
  SIDECAR: 'sidecar',
  AMBASSADOR: 'ambassador',
  ADAPTER: 'adapter',
  CONFIGURATION_HELPER: 'configuration helper',
  INIT: 'init container',
};

export function Advice({ workload }: { workload: Workload }) {
  const recs = workload.recommendations;
  return (
    <div className="advice">
      {workload.injectedSidecars.length > 0 && (
        <section aria-labelledby="inj-title">
          <h3 id="inj-title">Sidecars an admission webhook will add</h3>
          <ul className="cards-list">
            {workload.injectedSidecars.map((s, i) => (
              <li key={i} className="card">
                <strong>
                  {s.injector}: {s.container}
                </strong>{' '}
                <span className="muted">
                  ({s.mode.toLowerCase().replace(/_/g, ' ')}; {s.annotation})
                </span>
                <p>{s.message}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="adv-title">
        <h3 id="adv-title">Pattern verdicts</h3>
        {recs.length === 0 && <p className="muted">No multi-container pattern to judge here.</p>}
        <ul className="cards-list">
          {recs.map((r, i) => (
            <li
              key={i}
              className={`card verdict-${r.verdict.toLowerCase()}`}
              data-verdict={r.verdict}
            >
              <h4>
                <span className={`verdict v-${r.verdict.toLowerCase()}`}>
                  {VERDICT_WORDS[r.verdict]}
                </span>{' '}
                {PATTERN_WORDS[r.pattern] ?? r.pattern}
                {r.container ? (
                  <>
                    {' '}
                    for <code>{r.container}</code>
                  </>
                ) : (
                  ' (the workload as a whole)'
                )}
              </h4>
              <ul className="reasons">
                {r.reasons.map((why, k) => {
                  const m = /^([^:]{3,60}):\s(.*)$/.exec(why);
                  return (
                    <li key={k}>
                      {m ? (
                        <>
                          <strong>{m[1]}:</strong> {m[2]}
                        </>
                      ) : (
                        why
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
