// Resources: each init phase against the running set, the effective pod requests and limits, the
// sidecars' share, QoS with its explanation, per replica and per workload.
import type { Quantity, Workload } from '../types';

const QOS_WORDS: Record<string, string> = {
  GUARANTEED: 'Guaranteed',
  BURSTABLE: 'Burstable',
  BEST_EFFORT: 'BestEffort',
};

const q = (list: Quantity[], r: string) => list.find((x) => x.resource === r)?.quantity;

export function Resources({ workload }: { workload: Workload }) {
  const res = workload.resources;
  const names = [
    ...new Set([
      ...res.requests.map((x) => x.resource),
      ...res.limits.map((x) => x.resource),
      ...(res.phases ?? []).flatMap((p) => [...p.requests, ...p.limits].map((x) => x.resource)),
    ]),
  ];
  const roleOf = new Map(workload.containers.map((c) => [c.name, c]));
  const phases = res.phases ?? [];
  const peak = new Map(res.requestBreakdown.map((b) => [b.resource, b]));
  return (
    <div className="resources">
      <section aria-labelledby="res-phases">
        <h3 id="res-phases">Requests and limits per phase</h3>
        <p className="hint">
          Kubernetes reserves, per resource, the larger of the running set (app containers plus
          every sidecar) and each init phase (one init container beside only the sidecars declared
          before it), then adds overhead (
          <a href="https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers">
            Kubernetes: resource sharing within containers
          </a>
          ).
        </p>
        {phases.length > 0 ? (
          <table className="data phases">
            <thead>
              <tr>
                <th scope="col">phase</th>
                <th scope="col">running beside it</th>
                {names.map((n) => (
                  <th key={n} scope="col">
                    {n} request / limit
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {phases.map((p, i) => {
                const running = p.kind === 'RUNNING';
                return (
                  <tr key={i} className={running ? 'running-row' : ''}>
                    <th scope="row">
                      {running
                        ? 'running (apps + all sidecars)'
                        : p.kind === 'SIDECAR_START'
                          ? `start of sidecar ${p.container}`
                          : `init ${p.container}`}
                    </th>
                    <td>{p.sidecars.filter((s) => s !== p.container).join(', ') || '—'}</td>
                    {names.map((n) => {
                      const b = peak.get(n);
                      const dominant =
                        b &&
                        ((running && b.dominantPhase === 'RUNNING') ||
                          (!running &&
                            b.dominantPhase === 'INIT' &&
                            b.dominantInitContainer === p.container));
                      return (
                        <td key={n} className={dominant ? 'dominant' : ''}>
                          {q(p.requests, n) ?? '—'} /{' '}
                          {p.unlimited.includes(n) ? (
                            <span title={`a container of this phase sets no ${n} limit`}>
                              {q(p.limits, n) ? `${q(p.limits, n)} + unlimited` : 'unlimited'}
                            </span>
                          ) : (
                            (q(p.limits, n) ?? '—')
                          )}
                          {dominant && <span className="badge">decides</span>}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p className="muted">
            No per-phase figures in this report (saved before they were reported).
          </p>
        )}
        <ul className="explain">
          {res.requestBreakdown.map((b) => (
            <li key={b.resource}>
              <strong>{b.resource}:</strong> {b.explanation}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="res-effective" className="cards">
        <h3 id="res-effective" className="sr-only">
          Effective pod resources
        </h3>
        <div className="card">
          <h4>Per replica (effective pod)</h4>
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">resource</th>
                <th scope="col">request</th>
                <th scope="col">limit</th>
              </tr>
            </thead>
            <tbody>
              {names.map((n) => (
                <tr key={n}>
                  <th scope="row">{n}</th>
                  <td>{q(res.requests, n) ?? '—'}</td>
                  <td>
                    {res.unboundedLimits.includes(n) ? 'unbounded' : (q(res.limits, n) ?? '—')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {res.overhead.length > 0 && (
            <p className="hint">
              Includes overhead {res.overhead.map((o) => `${o.resource} ${o.quantity}`).join(', ')}.
            </p>
          )}
        </div>
        <div className="card">
          <h4>Per workload ({res.workloadTotals?.label ?? '1 pod'})</h4>
          {res.workloadTotals ? (
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">resource</th>
                  <th scope="col">requests</th>
                  <th scope="col">limits</th>
                </tr>
              </thead>
              <tbody>
                {names.map((n) => (
                  <tr key={n}>
                    <th scope="row">{n}</th>
                    <td>{q(res.workloadTotals!.requests, n) ?? '—'}</td>
                    <td>
                      {res.unboundedLimits.includes(n)
                        ? 'unbounded'
                        : (q(res.workloadTotals!.limits, n) ?? '—')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No totals.</p>
          )}
        </div>
        <div className="card">
          <h4>Sidecars' share of the running requests</h4>
          {res.sidecarShare.length > 0 ? (
            <ul className="share">
              {res.sidecarShare.map((s) => (
                <li key={s.resource}>
                  <span className="share-label">
                    {s.resource}: {s.percent}% ({s.sidecars.quantity} of {s.running.quantity}) —{' '}
                    {s.sidecarNames.join(', ')}
                  </span>
                  <span className="bar" role="img" aria-label={`${s.percent} percent`}>
                    <span style={{ width: `${Math.min(100, s.percent)}%` }} />
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No native sidecar requests anything.</p>
          )}
          {workload.containers.some((c) => c.legacySidecar) && (
            <p className="hint">
              Legacy sidecars (
              {workload.containers
                .filter((c) => c.legacySidecar)
                .map((c) => c.name)
                .join(', ')}
              ) count as app containers here; the Advice tab gives their share too.
            </p>
          )}
        </div>
      </section>

      <section aria-labelledby="res-qos">
        <h3 id="res-qos">
          QoS class:{' '}
          <span className={`qos qos-${res.qosClass.toLowerCase()}`}>{QOS_WORDS[res.qosClass]}</span>
        </h3>
        <p>{res.qosExplanation}</p>
        {res.qosDowngradedBySidecars.length > 0 && (
          <p className="warn-text">
            Sidecars that alone make the pod Burstable: {res.qosDowngradedBySidecars.join(', ')}.
          </p>
        )}
        {res.containerQos.length > 0 && (
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">container</th>
                <th scope="col">role</th>
                <th scope="col">class alone</th>
              </tr>
            </thead>
            <tbody>
              {res.containerQos.map((c) => (
                <tr key={c.container}>
                  <th scope="row">{c.container}</th>
                  <td>
                    {roleOf.get(c.container)?.legacySidecar
                      ? 'app · legacy sidecar'
                      : c.role.toLowerCase()}
                  </td>
                  <td>{QOS_WORDS[c.qosClass] ?? c.qosClass}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {res.unboundedLimitDetails.map((u) => (
          <p key={u.resource} className="hint">
            <strong>{u.resource} limit unbounded:</strong> {u.explanation}
          </p>
        ))}
        {res.defaultedRequests.length > 0 && (
          <p className="hint">
            Requests filled in from limits by the API server:{' '}
            {res.defaultedRequests
              .map((d) => `${d.container} ${d.resource} = ${d.fromLimit}`)
              .join('; ')}
            .
          </p>
        )}
        <p className="hint">{res.podLevelResources.explanation}</p>
        {res.inputIssues.map((i, k) => (
          <p key={k} className="warn-text">
            {i.path}: {i.message}
          </p>
        ))}
      </section>
    </div>
  );
}
