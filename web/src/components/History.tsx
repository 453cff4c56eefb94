// Histories: list and filter the team's scenarios, save the current manifest as a scenario or a
// new revision, open a scenario's revisions and compare any two. The comparison runs the
// service's own diff (src/modules/scenarios/revision-diff.ts, the code behind the API's
// `changes`) on the two stored reports.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { diffReports } from '../../../src/modules/scenarios/revision-diff';
import { graphql } from '../api';
import { ADD_REVISION, CREATE_SCENARIO, SCENARIOS } from '../queries';
import type { RevisionSummary, ScenarioSummary } from '../types';

export interface OpenScenario extends ScenarioSummary {
  revisions: RevisionSummary[];
}

interface Props {
  apiKey: string;
  scenario: OpenScenario | null;
  onOpenScenario(id: string | null): Promise<void>;
  onOpenRevision(rev: RevisionSummary): void;
  analysisInput(): Record<string, unknown>;
  onSaved(scenarioId: string, revision: number): Promise<void>;
}

function category(field: string): string {
  if (/\.resources\./.test(field)) return 'Resources';
  if (/\.lifecycle\./.test(field)) return 'Times';
  if (/\.findings\[/.test(field)) return 'Findings';
  if (/\.containers\[/.test(field)) return 'Containers';
  return 'Report';
}
const CATEGORIES = ['Resources', 'Times', 'Findings', 'Containers', 'Report'];

export function RevisionDiff(props: { from: RevisionSummary; to: RevisionSummary }) {
  const { from, to } = props;
  const changes = diffReports(from.report, to.report);
  const consecutive = to.number === from.number + 1;
  const sameAsApi =
    consecutive &&
    JSON.stringify(changes) ===
      JSON.stringify(to.changes.map(({ field, before, after }) => ({ field, before, after })));
  return (
    <section
      className="rev-diff"
      aria-label={`Changes from revision ${from.number} to revision ${to.number}`}
    >
      <h4>
        Revision {from.number} → {to.number}: {changes.length} change
        {changes.length === 1 ? '' : 's'}
        {consecutive && (
          <span className="muted"> {sameAsApi ? '(as the API’s changes says)' : ''}</span>
        )}
      </h4>
      {changes.length === 0 && (
        <p className="muted">The two reports agree on resources, times, findings and containers.</p>
      )}
      {CATEGORIES.map((cat) => {
        const rows = changes.filter((c) => category(c.field) === cat);
        if (rows.length === 0) return null;
        return (
          <table key={cat} className="data changes" data-category={cat}>
            <caption>{cat}</caption>
            <thead>
              <tr>
                <th scope="col">what</th>
                <th scope="col">revision {from.number}</th>
                <th scope="col">revision {to.number}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.field}>
                  <th scope="row">
                    <code>{c.field}</code>
                  </th>
                  <td className={c.before === null ? 'absent' : 'before'}>
                    {c.before ?? 'absent'}
                  </td>
                  <td className={c.after === null ? 'absent' : 'after'}>{c.after ?? 'absent'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </section>
  );
}

export function History(props: Props) {
  const { apiKey, scenario, onOpenScenario, onOpenRevision, analysisInput, onSaved } = props;
  const [nameFilter, setNameFilter] = useState('');
  const [tagFilter, setTagFilter] = useState('');
  const [list, setList] = useState<ScenarioSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [newTags, setNewTags] = useState('');
  const [busy, setBusy] = useState(false);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);

  const load = async (append: boolean) => {
    setError(null);
    try {
      const filter: Record<string, string> = {};
      if (nameFilter.trim()) filter.nameContains = nameFilter.trim();
      if (tagFilter.trim()) filter.tag = tagFilter.trim();
      const data = await graphql<{
        scenarios: {
          totalCount: number;
          pageInfo: { endCursor: string | null; hasNextPage: boolean };
          edges: { node: ScenarioSummary }[];
        };
      }>(SCENARIOS, { filter, after: append ? cursor : null }, apiKey);
      const nodes = data.scenarios.edges.map((e) => e.node);
      setList((old) => (append && old ? [...old, ...nodes] : nodes));
      setTotal(data.scenarios.totalCount);
      setCursor(data.scenarios.pageInfo.hasNextPage ? data.scenarios.pageInfo.endCursor : null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  useEffect(() => {
    void load(false);
    // Reload when the key changes (another team) or a scenario was saved.
  }, [apiKey, scenario?.revisionCount, scenario?.id]);

  useEffect(() => {
    if (!scenario) return;
    const numbers = scenario.revisions.map((r) => r.number).sort((a, b) => a - b);
    const last = numbers[numbers.length - 1] ?? null;
    setTo(last);
    setFrom(numbers.length > 1 ? (numbers[numbers.length - 2] ?? null) : last);
  }, [scenario]);

  const save = async (e: FormEvent, asRevision: boolean) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      if (asRevision && scenario) {
        const data = await graphql<{ addRevision: { number: number } }>(
          ADD_REVISION,
          { scenarioId: scenario.id, input: analysisInput() },
          apiKey,
        );
        setStatus(`Saved as revision ${data.addRevision.number} of “${scenario.name}”.`);
        await onSaved(scenario.id, data.addRevision.number);
      } else {
        const tags = newTags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        const data = await graphql<{
          createScenario: { id: string; name: string; latestRevision: { number: number } };
        }>(
          CREATE_SCENARIO,
          { input: { name: newName.trim(), tags, analysis: analysisInput() } },
          apiKey,
        );
        setStatus(`Saved as scenario “${data.createScenario.name}”, revision 1.`);
        setNewName('');
        await onSaved(data.createScenario.id, data.createScenario.latestRevision.number);
      }
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const revs = scenario ? [...scenario.revisions].sort((a, b) => a.number - b.number) : [];
  const fromRev = revs.find((r) => r.number === from);
  const toRev = revs.find((r) => r.number === to);

  return (
    <div className="history">
      <div className="history-cols">
        <section aria-labelledby="save-title" className="card">
          <h3 id="save-title">Save the current manifest</h3>
          {scenario && (
            <form onSubmit={(e) => void save(e, true)}>
              <button type="submit" disabled={busy} className="primary">
                Save as revision {scenario.revisionCount + 1} of “{scenario.name}”
              </button>
            </form>
          )}
          <form onSubmit={(e) => void save(e, false)} className="save-new">
            <label>
              New scenario name
              <input
                value={newName}
                onChange={(e) => setNewName(e.target.value)}
                required
                maxLength={200}
                name="scenario-name"
              />
            </label>
            <label>
              Tags (comma-separated)
              <input
                value={newTags}
                onChange={(e) => setNewTags(e.target.value)}
                name="scenario-tags"
                placeholder="team-a, payments"
              />
            </label>
            <button type="submit" disabled={busy || !newName.trim()}>
              Save as new scenario
            </button>
          </form>
          <p role="status" className="status">
            {status}
          </p>
          {error && (
            <p role="alert" className="error-text">
              {error}
            </p>
          )}
        </section>
        <section aria-labelledby="list-title" className="card">
          <h3 id="list-title">
            Scenarios <span className="muted">({total})</span>
          </h3>
          <form
            className="filter"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              void load(false);
            }}
          >
            <label>
              Name contains
              <input
                value={nameFilter}
                onChange={(e) => setNameFilter(e.target.value)}
                name="filter-name"
              />
            </label>
            <label>
              Tag
              <input
                value={tagFilter}
                onChange={(e) => setTagFilter(e.target.value)}
                name="filter-tag"
              />
            </label>
            <button type="submit">Filter</button>
          </form>
          <ul className="scenario-list">
            {(list ?? []).map((s) => (
              <li key={s.id} className={scenario?.id === s.id ? 'current' : ''}>
                <button
                  type="button"
                  onClick={() => void onOpenScenario(s.id)}
                  aria-current={scenario?.id === s.id}
                >
                  <strong>{s.name}</strong>{' '}
                  <span className="muted">
                    · {s.revisionCount} revision{s.revisionCount === 1 ? '' : 's'}
                  </span>
                  {s.tags.length > 0 && (
                    <span className="tags">
                      {s.tags.map((t) => (
                        <span key={t} className="tag">
                          {t}
                        </span>
                      ))}
                    </span>
                  )}
                </button>
              </li>
            ))}
            {list && list.length === 0 && <li className="muted">No scenario matches.</li>}
          </ul>
          {cursor && (
            <button type="button" onClick={() => void load(true)}>
              More
            </button>
          )}
        </section>
      </div>
      {scenario && (
        <section aria-labelledby="revs-title" className="card">
          <h3 id="revs-title">
            “{scenario.name}”: {scenario.revisionCount} revision
            {scenario.revisionCount === 1 ? '' : 's'}{' '}
            <button type="button" className="link" onClick={() => void onOpenScenario(null)}>
              close
            </button>
          </h3>
          <table className="data revisions">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">saved</th>
                <th scope="col">version</th>
                <th scope="col">errors</th>
                <th scope="col">warnings</th>
                <th scope="col">changes from the previous</th>
                <th scope="col">
                  <span className="sr-only">actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...revs].reverse().map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.number}</th>
                  <td>{new Date(r.createdAt).toLocaleString()}</td>
                  <td>{r.kubernetesVersion}</td>
                  <td>{r.errorCount}</td>
                  <td>{r.warningCount}</td>
                  <td>{r.number === 1 ? '—' : r.changes.length}</td>
                  <td>
                    <button type="button" onClick={() => onOpenRevision(r)}>
                      Open revision {r.number}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {revs.length > 1 && (
            <div className="compare">
              <label>
                Compare revision
                <select
                  value={from ?? ''}
                  onChange={(e) => setFrom(Number(e.target.value))}
                  name="compare-from"
                >
                  {revs.map((r) => (
                    <option key={r.number} value={r.number}>
                      {r.number}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                with revision
                <select
                  value={to ?? ''}
                  onChange={(e) => setTo(Number(e.target.value))}
                  name="compare-to"
                >
                  {revs.map((r) => (
                    <option key={r.number} value={r.number}>
                      {r.number}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          {fromRev && toRev && revs.length > 1 && <RevisionDiff from={fromRev} to={toRev} />}
        </section>
      )}
    </div>
  );
}
