// Findings: severity, message, evidence, remediation; a click highlights the line in the editor;
// a fixable finding opens the fixed manifest as a diff (copy, download).
import { structuredPatch } from 'diff';
import { useState } from 'react';
import type { Diagnostic, Finding, SuppressedFinding, Workload } from '../types';

/** The text of YAML document `index` of a manifest (split on "---" lines, as YAML counts them). */
export function documentText(manifest: string, index: number): string {
  const chunks: string[][] = [[]];
  for (const line of manifest.split('\n')) {
    if (/^---(\s|$)/.test(line)) chunks.push([]);
    else (chunks[chunks.length - 1] as string[]).push(line);
  }
  const hasContent = (c: string[]) => c.some((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  // Comments before the first "---" belong to the first document.
  if (chunks.length > 1 && !hasContent(chunks[0] as string[])) {
    chunks[1] = [...(chunks[0] as string[]), ...(chunks[1] as string[])];
    chunks.shift();
  }
  const docs = chunks.filter((c, i) => i === 0 || hasContent(c));
  return (docs[index] ?? docs[0] ?? []).join('\n');
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function FixDiff(props: {
  original: string;
  fixed: string;
  name: string;
  onClose(): void;
  onApply(text: string): void;
}) {
  const { original, fixed, name, onClose, onApply } = props;
  const [copied, setCopied] = useState<string | null>(null);
  const patch = structuredPatch(
    'manifest',
    'fixed',
    original.endsWith('\n') ? original : `${original}\n`,
    fixed.endsWith('\n') ? fixed : `${fixed}\n`,
    '',
    '',
    { context: 3 },
  );
  let added = 0;
  let removed = 0;
  for (const h of patch.hunks) {
    added += h.lines.filter((l) => l.startsWith('+')).length;
    removed += h.lines.filter((l) => l.startsWith('-')).length;
  }
  return (
    <section className="fix-diff" aria-label={`Fixed manifest for ${name}`}>
      <div className="fix-head">
        <h4>
          Fixed manifest{' '}
          <span className="muted">
            (+{added} −{removed} lines)
          </span>
        </h4>
        <div className="actions">
          <button
            type="button"
            onClick={async () =>
              setCopied((await copyText(fixed)) ? 'Copied.' : 'Copy failed: select the text below.')
            }
          >
            Copy fixed manifest
          </button>
          <button type="button" onClick={() => download(`${name}.fixed.yaml`, fixed)}>
            Download
          </button>
          <button type="button" onClick={() => onApply(fixed)}>
            Use in editor
          </button>
          <button type="button" onClick={onClose}>
            Close diff
          </button>
          <span role="status" className="muted">
            {copied}
          </span>
        </div>
      </div>
      <div className="diff" role="table" aria-label="Unified diff, original to fixed">
        {patch.hunks.map((h, hi) => {
          let o = h.oldStart;
          let n = h.newStart;
          return (
            <div key={hi} role="rowgroup" className="hunk">
              <div role="row" className="hunk-head">
                <span role="cell">
                  @@ −{h.oldStart},{h.oldLines} +{h.newStart},{h.newLines} @@
                </span>
              </div>
              {h.lines.map((l, li) => {
                const kind = l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : 'ctx';
                const oldNo = kind === 'add' ? '' : o++;
                const newNo = kind === 'del' ? '' : n++;
                return (
                  <div key={li} role="row" className={`dl ${kind}`}>
                    <span role="cell" className="no">
                      {oldNo}
                    </span>
                    <span role="cell" className="no">
                      {newNo}
                    </span>
                    <span
                      role="cell"
                      className="sign"
                      aria-label={
                        kind === 'add' ? 'added' : kind === 'del' ? 'removed' : 'unchanged'
                      }
                    >
                      {l[0] === ' ' ? ' ' : l[0]}
                    </span>
                    <code role="cell">{l.slice(1)}</code>
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </section>
  );
}

const SEVERITY_ORDER = { ERROR: 0, WARNING: 1, INFO: 2 } as const;

/** Optional evidence fields (a later report version may carry them): shown when present. */
function Evidence({ f }: { f: Finding }) {
  const extra = Object.entries(f).filter(
    ([k, v]) => (k === 'evidence' || k === 'confidence') && v !== null && v !== undefined,
  );
  if (extra.length === 0) return null;
  return (
    <dl className="evidence">
      {extra.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            {Array.isArray(v)
              ? v.map(String).join('; ')
              : typeof v === 'object'
                ? JSON.stringify(v)
                : String(v)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function Findings(props: {
  workload: Workload;
  diagnostics: Diagnostic[];
  selected: number | null;
  onSelect(index: number, line: number | null): void;
  onSelectLine(line: number | null): void;
  openFix: number | null;
  fixes: (string | null)[] | null;
  fixError: string | null;
  onOpenFix(index: number | null): void;
  manifest: string;
  onApply(text: string): void;
}) {
  const {
    workload,
    diagnostics,
    selected,
    onSelect,
    onSelectLine,
    openFix,
    fixes,
    fixError,
    onOpenFix,
    manifest,
    onApply,
  } = props;
  const findings = workload.findings;
  const suppressed: SuppressedFinding[] = workload.suppressedFindings ?? [];
  const diags = diagnostics.filter((d) => d.document === null || d.document === workload.document);
  return (
    <div className="findings">
      {diags.length > 0 && (
        <section aria-labelledby="diag-title">
          <h3 id="diag-title">Problems with the manifest itself</h3>
          <ul className="cards-list">
            {diags.map((d, i) => (
              <li key={i} className={`finding sev-${d.severity.toLowerCase()}`}>
                <button type="button" className="finding-main" onClick={() => onSelectLine(d.line)}>
                  <span className={`sev sev-${d.severity.toLowerCase()}`}>{d.severity}</span>
                  <span className="rule">{d.reason}</span>
                  {d.line !== null && (
                    <span className="where">
                      line {d.line}
                      {d.column ? `:${d.column}` : ''}
                    </span>
                  )}
                  <span className="msg">{d.message}</span>
                  {d.path && <code className="path">{d.path}</code>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="find-title">
        <h3 id="find-title">
          Findings <span className="muted">({findings.length})</span>
        </h3>
        {findings.length === 0 && <p className="muted">No rule found anything in this workload.</p>}
        <ul className="cards-list">
          {[...findings.keys()]
            .sort(
              (a, b) =>
                SEVERITY_ORDER[findings[a]!.severity] - SEVERITY_ORDER[findings[b]!.severity] ||
                a - b,
            )
            .map((i) => {
              const f = findings[i] as Finding;
              const isSel = selected === i;
              const fixable = fixes ? fixes[i] !== null && fixes[i] !== undefined : null;
              return (
                <li
                  key={i}
                  className={`finding sev-${f.severity.toLowerCase()}${isSel ? ' selected' : ''}`}
                  data-rule={f.ruleId}
                >
                  <button
                    type="button"
                    className="finding-main"
                    aria-pressed={isSel}
                    onClick={() => onSelect(i, f.line)}
                    title={f.line ? `Highlight line ${f.line} in the editor` : undefined}
                  >
                    <span className={`sev sev-${f.severity.toLowerCase()}`}>{f.severity}</span>
                    <span className="rule">{f.ruleId}</span>
                    {f.container && <span className="where">{f.container}</span>}
                    {f.line !== null && <span className="where">line {f.line}</span>}
                    <span className="msg">{f.message}</span>
                  </button>
                  <div className="finding-body">
                    {f.path && (
                      <p>
                        <span className="label">Evidence:</span> <code>{f.path}</code>
                        {f.line !== null &&
                          ` at line ${f.line}${f.column ? `, column ${f.column}` : ''}`}
                      </p>
                    )}
                    <Evidence f={f} />
                    <p>
                      <span className="label">Remediation:</span> {f.remediation}
                    </p>
                    <div className="actions">
                      {fixable !== false && (
                        <button
                          type="button"
                          onClick={() => onOpenFix(openFix === i ? null : i)}
                          aria-expanded={openFix === i}
                        >
                          {openFix === i
                            ? 'Hide fix diff'
                            : fixable === null
                              ? 'Show fix diff (if fixable)'
                              : 'Show fix diff'}
                        </button>
                      )}
                      {f.docsUrl && (
                        <a href={f.docsUrl} target="_blank" rel="noreferrer">
                          Rule docs
                        </a>
                      )}
                    </div>
                    {openFix === i && fixError && <p className="warn-text">{fixError}</p>}
                    {openFix === i && fixes && fixes[i] === null && (
                      <p className="muted">This rule has no mechanical fix for this finding.</p>
                    )}
                    {openFix === i && fixes && fixes[i] && (
                      <FixDiff
                        original={documentText(manifest, workload.document)}
                        fixed={fixes[i] as string}
                        name={`${workload.kind.toLowerCase()}-${workload.name ?? 'unnamed'}`}
                        onClose={() => onOpenFix(null)}
                        onApply={onApply}
                      />
                    )}
                    {openFix === i && !fixes && !fixError && (
                      <p className="muted">Computing the fix…</p>
                    )}
                  </div>
                </li>
              );
            })}
        </ul>
      </section>
      {suppressed.length > 0 && (
        <section aria-labelledby="exempt-title">
          <h3 id="exempt-title">
            Exempted by annotation <span className="muted">({suppressed.length})</span>
          </h3>
          <ul className="cards-list">
            {suppressed.map((f, i) => (
              <li key={i} className="finding exempt" data-rule={f.ruleId}>
                <button type="button" className="finding-main" onClick={() => onSelectLine(f.line)}>
                  <span className="sev sev-exempt">EXEMPT</span>
                  <span className="rule">{f.ruleId}</span>
                  {f.container && <span className="where">{f.container}</span>}
                  <span className="msg">{f.message}</span>
                </button>
                <div className="finding-body">
                  <p>
                    <span className="label">Would be:</span> {f.severity}
                  </p>
                  <p>
                    <span className="label">Reason given:</span> {f.suppression.justification}
                  </p>
                  <p>
                    <span className="label">Annotation:</span>{' '}
                    <code>{f.suppression.annotation}</code> at <code>{f.suppression.path}</code>
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
