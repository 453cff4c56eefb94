// The sidecar-lens web view: a manifest in, its lifecycle, resources, findings, advice and history
// out, all from the service's own GraphQL API.
import { StrictMode, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, graphql, loadConfig } from './api';
import type { ServiceConfig } from './api';
import { Advice } from './components/Advice';
import { Editor } from './components/Editor';
import type { EditorHandle } from './components/Editor';
import { Findings } from './components/Findings';
import { History } from './components/History';
import type { OpenScenario } from './components/History';
import { Resources } from './components/Resources';
import { Legend, roleLabel, Timeline } from './components/Timeline';
import { TimingForm } from './components/TimingForm';
import { DEFAULT_EXAMPLE, EXAMPLES, exampleById, sourceOf } from './examples';
import { ANALYZE, FIXES, SCENARIO } from './queries';
import type { Report, RevisionSummary, Timing } from './types';
import { readState, TABS, writeState } from './url-state';
import type { PageState, Tab } from './url-state';
import './styles.css';

const TAB_WORDS: Record<Tab, string> = {
  timelines: 'Timelines',
  resources: 'Resources',
  findings: 'Findings',
  advice: 'Advice',
  history: 'History',
};

const KEY_STORAGE = 'sidecar-lens.apiKey';

function useWidth<T extends HTMLElement>(): [React.RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(900);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

const secs = (s: number | null | undefined) => (s === null || s === undefined ? 'never' : `${s} s`);

function App({ config, initial }: { config: ServiceConfig; initial: PageState }) {
  const startExample =
    exampleById(initial.example) ??
    (initial.manifest === undefined && !initial.scenario
      ? exampleById(DEFAULT_EXAMPLE)
      : undefined);
  const [manifest, setManifest] = useState(initial.manifest ?? startExample?.text ?? '');
  const [exampleId, setExampleId] = useState<string | undefined>(startExample?.id);
  const [version, setVersion] = useState(
    initial.version && config.kubernetesVersions.includes(initial.version)
      ? initial.version
      : config.defaultKubernetesVersion,
  );
  const [timing, setTiming] = useState<Timing>(initial.timing ?? {});
  const [tab, setTab] = useState<Tab>(initial.tab);
  const [workloadIndex, setWorkloadIndex] = useState(initial.workload);
  const [apiKey, setApiKey] = useState(() => sessionStorage.getItem(KEY_STORAGE) ?? '');
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [openFix, setOpenFix] = useState<number | null>(null);
  const [fixes, setFixes] = useState<(string | null)[][] | null>(null);
  const [fixError, setFixError] = useState<string | null>(null);
  const [scenario, setScenario] = useState<OpenScenario | null>(null);
  const [revision, setRevision] = useState<number | undefined>(initial.revision);
  const [fileNote, setFileNote] = useState<string | null>(null);
  const editor = useRef<EditorHandle>(null);
  const [panelRef, panelWidth] = useWidth<HTMLDivElement>();
  const requestId = useRef(0);

  const input = useCallback(
    () => ({
      manifest,
      kubernetesVersion: version,
      ...(Object.keys(timing).length > 0 ? { timing } : {}),
    }),
    [manifest, version, timing],
  );

  const analyse = useCallback(async () => {
    const id = ++requestId.current;
    setLoading(true);
    try {
      const data = await graphql<{ analyze: Report }>(ANALYZE, { input: input() }, apiKey);
      if (id !== requestId.current) return;
      setReport(data.analyze);
      setError(null);
      setFixes(null);
      setFixError(null);
    } catch (e) {
      if (id !== requestId.current) return;
      setError(e instanceof ApiError ? e.message : 'The analysis failed.');
    } finally {
      if (id === requestId.current) setLoading(false);
    }
  }, [input, apiKey]);

  // Analyse whenever the input changes (debounced while typing).
  useEffect(() => {
    if (!manifest.trim()) {
      setReport(null);
      return;
    }
    const t = setTimeout(() => void analyse(), 450);
    return () => clearTimeout(t);
  }, [analyse, manifest]);

  // The URL follows the page state so a link reopens the same view.
  useEffect(() => {
    const state: PageState = {
      tab,
      workload: workloadIndex,
      version,
      timing,
      ...(scenario
        ? { scenario: scenario.id, revision }
        : exampleId
          ? { example: exampleId }
          : { manifest }),
    };
    let live = true;
    const t = setTimeout(() => {
      void writeState(state).then((hash) => {
        if (live && hash !== window.location.hash) history.replaceState(null, '', hash);
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [tab, workloadIndex, version, timing, scenario, revision, exampleId, manifest]);

  // Fixed manifests only when a diff is opened: the server computes them only when selected.
  useEffect(() => {
    if (openFix === null || fixes || !report) return;
    let live = true;
    graphql<{ analyze: { workloads: { findings: { fixedManifest: string | null }[] }[] } }>(
      FIXES,
      { input: input() },
      apiKey,
    )
      .then(
        (d) =>
          live && setFixes(d.analyze.workloads.map((w) => w.findings.map((f) => f.fixedManifest))),
      )
      .catch((e: Error) => live && setFixError(e.message));
    return () => {
      live = false;
    };
  }, [openFix, fixes, report, input, apiKey]);

  const openScenario = useCallback(
    async (id: string | null, revisionNumber?: number) => {
      if (id === null) {
        setScenario(null);
        setRevision(undefined);
        return;
      }
      try {
        const data = await graphql<{
          scenario:
            | (Omit<OpenScenario, 'revisions'> & {
                revisions: { edges: { node: RevisionSummary }[] };
              })
            | null;
        }>(SCENARIO, { id }, apiKey);
        if (!data.scenario) {
          setError(
            'No such scenario in your team (it may have been deleted, or it belongs to another team).',
          );
          return;
        }
        const s: OpenScenario = {
          ...data.scenario,
          revisions: data.scenario.revisions.edges.map((e) => e.node),
        };
        setScenario(s);
        if (revisionNumber !== undefined) {
          const rev = s.revisions.find((r) => r.number === revisionNumber) ?? s.revisions[0];
          if (rev) {
            setManifest(rev.manifest);
            setVersion(rev.kubernetesVersion);
            setExampleId(undefined);
            setRevision(rev.number);
          }
        }
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [apiKey],
  );

  useEffect(() => {
    if (initial.scenario) {
      void openScenario(initial.scenario, initial.revision ?? Number.MAX_SAFE_INTEGER);
    }
    // Only once, for a shared link.
  }, []);

  const workloads = report?.workloads ?? [];
  const w = workloads[Math.min(workloadIndex, Math.max(0, workloads.length - 1))] ?? null;
  const fatal = report?.diagnostics.filter((d) => d.severity === 'ERROR') ?? [];
  const example = exampleById(exampleId);

  const changeManifest = (text: string) => {
    setManifest(text);
    setExampleId(undefined);
    setHighlight(null);
    setSelected(null);
    setOpenFix(null);
  };

  const onTabKey = (e: ReactKeyboardEvent<HTMLButtonElement>) => {
    const i = TABS.indexOf(tab);
    let next: number;
    if (e.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = TABS.length - 1;
    else return;
    e.preventDefault();
    setTab(TABS[next] as Tab);
    document.getElementById(`tab-${TABS[next]}`)?.focus();
  };

  return (
    <div className="app">
      <header className="topbar">
        <h1>
          sidecar-lens <span className="muted">web view</span>
        </h1>
        <div className="controls">
          <label>
            Example
            <select
              value={exampleId ?? ''}
              onChange={(e) => {
                const ex = exampleById(e.target.value);
                if (!ex) return;
                setManifest(ex.text);
                setExampleId(ex.id);
                setScenario(null);
                setRevision(undefined);
                setTiming({});
                setWorkloadIndex(0);
                setHighlight(null);
                setSelected(null);
                setOpenFix(null);
              }}
              name="example"
            >
              <option value="" disabled>
                {exampleId ? '' : 'your manifest'}
              </option>
              {EXAMPLES.map((ex) => (
                <option key={ex.id} value={ex.id}>
                  {ex.title}
                </option>
              ))}
            </select>
          </label>
          <label
            htmlFor="upload"
            className="button-like"
            tabIndex={0}
            onKeyDown={(e) =>
              (e.key === 'Enter' || e.key === ' ') &&
              (e.preventDefault(), document.getElementById('upload')?.click())
            }
          >
            Upload file…
          </label>
          <label>
            Kubernetes
            <select
              value={version}
              onChange={(e) => setVersion(e.target.value)}
              name="kubernetes-version"
            >
              {config.kubernetesVersions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          {config.authMode === 'apikey' && (
            <label>
              API key
              <input
                type="password"
                name="api-key"
                autoComplete="off"
                value={apiKey}
                placeholder="slk_…"
                onChange={(e) => {
                  setApiKey(e.target.value);
                  sessionStorage.setItem(KEY_STORAGE, e.target.value);
                }}
              />
            </label>
          )}
          <button
            type="button"
            className="primary"
            onClick={() => void analyse()}
            disabled={loading || !manifest.trim()}
          >
            {loading ? 'Analysing…' : 'Analyse'}
          </button>
        </div>
      </header>
      <main className="layout">
        <section className="left" aria-label="Manifest">
          <div className="left-head">
            <span id="manifest-label" className="small">
              {example ? (
                <>
                  Example: <span className="muted">{sourceOf(example.text)}</span>
                </>
              ) : scenario ? (
                <>
                  Scenario “{scenario.name}”{revision ? `, revision ${revision}` : ''}
                </>
              ) : (
                (fileNote ??
                'Paste, type, upload or drop a manifest (YAML or JSON; several documents allowed).')
              )}
            </span>
          </div>
          <Editor
            ref={editor}
            value={manifest}
            onChange={changeManifest}
            highlight={highlight}
            onFile={(name, text) => {
              changeManifest(text);
              setFileNote(`File: ${name}`);
              setScenario(null);
              setRevision(undefined);
            }}
          />
          <details className="timing-details">
            <summary>
              Timing assumptions{Object.keys(timing).length > 0 ? ' (changed)' : ''}
            </summary>
            <TimingForm timing={timing} lifecycle={w?.lifecycle ?? null} onChange={setTiming} />
            {Object.keys(timing).length > 0 && (
              <button type="button" onClick={() => setTiming({})}>
                Reset to defaults
              </button>
            )}
          </details>
        </section>
        <section className="right" aria-label="Analysis">
          {error && (
            <div role="alert" className="error-banner">
              {error}
            </div>
          )}
          {report && fatal.length > 0 && workloads.length === 0 && (
            <div role="alert" className="error-banner">
              {fatal.map((d, i) => (
                <button
                  key={i}
                  type="button"
                  className="link"
                  onClick={() => {
                    setHighlight(d.line);
                    if (d.line) editor.current?.revealLine(d.line);
                  }}
                >
                  {d.line ? `line ${d.line}${d.column ? `:${d.column}` : ''}: ` : ''}
                  {d.message}
                </button>
              ))}
            </div>
          )}
          {workloads.length > 1 && (
            <label className="workload-pick">
              Workload
              <select
                value={workloadIndex}
                onChange={(e) => setWorkloadIndex(Number(e.target.value))}
                name="workload"
              >
                {workloads.map((x, i) => (
                  <option key={i} value={i}>
                    {x.kind}/{x.name ?? '(unnamed)'} (document {x.document + 1})
                  </option>
                ))}
              </select>
            </label>
          )}
          {w && (
            <div className="summary" aria-live="polite">
              <strong>
                {w.kind}/{w.name ?? '(unnamed)'}
              </strong>
              {w.namespace && <span className="muted"> in {w.namespace}</span>}
              <span>{w.resources.workloadTotals?.label ?? `${w.replicas} pod`}</span>
              <span>Initialized {secs(w.lifecycle.podInitializedAtSeconds)}</span>
              <span>Ready {secs(w.lifecycle.podReadyAtSeconds)}</span>
              {w.lifecycle.job && (
                <span>
                  Job{' '}
                  {w.lifecycle.job.neverCompletes
                    ? 'never completes'
                    : `completes at ${secs(w.lifecycle.job.completesAtSeconds)}`}
                </span>
              )}
              <span>Termination {secs(w.lifecycle.terminationCompletesAtSeconds)}</span>
              <span>QoS {w.resources.qosClass.toLowerCase().replace('_', '')}</span>
              <span>
                {w.findings.length} finding{w.findings.length === 1 ? '' : 's'}
              </span>
              <span className="muted">Kubernetes {report?.kubernetesVersion}</span>
            </div>
          )}
          <div role="tablist" aria-label="Views" className="tabs">
            {TABS.map((t) => (
              <button
                key={t}
                id={`tab-${t}`}
                role="tab"
                type="button"
                aria-selected={tab === t}
                aria-controls={`panel-${t}`}
                tabIndex={tab === t ? 0 : -1}
                onClick={() => setTab(t)}
                onKeyDown={onTabKey}
              >
                {TAB_WORDS[t]}
                {t === 'findings' && w ? ` (${w.findings.length})` : ''}
              </button>
            ))}
          </div>
          <div
            className="panel"
            role="tabpanel"
            id={`panel-${tab}`}
            aria-labelledby={`tab-${tab}`}
            ref={panelRef}
            // Focusable (WAI-ARIA tabs pattern): a keyboard user can scroll a long panel.
            tabIndex={0}
          >
            {!w && tab !== 'history' && !error && (
              <p className="muted">
                {loading
                  ? 'Analysing…'
                  : report
                    ? 'No workload in this manifest.'
                    : 'Paste a manifest or pick an example.'}
              </p>
            )}
            {w && tab === 'timelines' && (
              <div className="timelines">
                {w.lifecycle.warnings.length > 0 && (
                  <ul className="warnings">
                    {w.lifecycle.warnings.map((x, i) => (
                      <li key={i} className="warn-text">
                        <strong>{x.code.replace(/_/g, ' ').toLowerCase()}:</strong> {x.message}
                      </li>
                    ))}
                  </ul>
                )}
                <Legend />
                <Timeline
                  kind="startup"
                  title="Start-up"
                  events={w.lifecycle.startup}
                  containers={w.containers}
                  lifecycle={w.lifecycle}
                  width={panelWidth}
                />
                {w.lifecycle.job && (
                  <>
                    <p className={w.lifecycle.job.neverCompletes ? 'warn-text' : ''}>
                      <strong>Job: {w.lifecycle.job.phase}.</strong> {w.lifecycle.job.reason}
                    </p>
                    <Timeline
                      kind="job"
                      title="Job run to completion"
                      events={[
                        ...w.lifecycle.startup.filter(
                          (e) =>
                            e.type === 'CONTAINER_STARTED' ||
                            e.type === 'CONTAINER_EXITED' ||
                            e.type === 'POD_INITIALIZED',
                        ),
                        ...w.lifecycle.job.events,
                      ].sort((a, b) => a.atSeconds - b.atSeconds)}
                      containers={w.containers}
                      lifecycle={w.lifecycle}
                      width={panelWidth}
                    />
                  </>
                )}
                <Timeline
                  kind="termination"
                  title="Termination (seconds after deletion)"
                  events={w.lifecycle.termination}
                  containers={w.containers}
                  lifecycle={w.lifecycle}
                  width={panelWidth}
                />
                <details>
                  <summary>Containers and notes</summary>
                  <ul>
                    {w.containers.map((c) => (
                      <li key={c.name}>
                        <code>{c.name}</code>: {roleLabel(c)}
                        {c.pattern ? `, ${c.pattern.toLowerCase().replace(/_/g, ' ')}` : ''} —{' '}
                        <code>{c.path}</code>
                      </li>
                    ))}
                  </ul>
                  <ul>
                    {w.lifecycle.notes.map((n, i) => (
                      <li key={i} className="muted">
                        {n}
                      </li>
                    ))}
                  </ul>
                </details>
              </div>
            )}
            {w && tab === 'resources' && <Resources workload={w} />}
            {w && report && tab === 'findings' && (
              <Findings
                workload={w}
                diagnostics={report.diagnostics}
                selected={selected}
                onSelect={(i, line) => {
                  setSelected(i);
                  setHighlight(line);
                  if (line) editor.current?.revealLine(line);
                }}
                onSelectLine={(line) => {
                  setHighlight(line);
                  if (line) editor.current?.revealLine(line);
                }}
                openFix={openFix}
                fixes={fixes ? (fixes[workloads.indexOf(w)] ?? null) : null}
                fixError={fixError}
                onOpenFix={setOpenFix}
                manifest={manifest}
                onApply={(text) => changeManifest(text)}
              />
            )}
            {w && tab === 'advice' && <Advice workload={w} />}
            {tab === 'history' && (
              <History
                apiKey={apiKey}
                scenario={scenario}
                onOpenScenario={(id) => openScenario(id)}
                onOpenRevision={(r) => {
                  setManifest(r.manifest);
                  setVersion(r.kubernetesVersion);
                  setExampleId(undefined);
                  setRevision(r.number);
                  setHighlight(null);
                  setOpenFix(null);
                }}
                analysisInput={input}
                onSaved={async (id, n) => {
                  setRevision(n);
                  setExampleId(undefined);
                  await openScenario(id);
                }}
              />
            )}
          </div>
        </section>
      </main>
    </div>
  );
}

async function boot() {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  try {
    const [config, initial] = await Promise.all([loadConfig(), readState(window.location.hash)]);
    root.render(
      <StrictMode>
        <App config={config} initial={initial} />
      </StrictMode>,
    );
  } catch (e) {
    root.render(
      <p role="alert">The web view could not load its settings: {(e as Error).message}</p>,
    );
  }
}

void boot();
