// Precision of every rule over the two real-world corpora (test/corpus/real-world and
// test/corpus/collected), from the hand judgements in test/corpus/collected/expectations.yaml.
// Run: npm run corpus:precision            (add --markdown for a Markdown table)
//
// fired   = findings at WARNING or ERROR the engine produces today
// right   = judged a real problem by hand; wrong = judged false
// unjudged = no hand judgement yet (a new rule or a changed finding: judge it in expectations.yaml)
// ERROR diagnostics are counted as "diagnostic:<reason>": right when listed in realErrors, wrong
// when listed as a falseError gap.
import {
  COLLECTED_DIR,
  REAL_WORLD_DIR,
  errorMatches,
  judgementMatches,
  listManifests,
  loadExpectations,
  observe,
  readManifestFile,
  verdictOf,
} from '../test/engine/corpus/collected-corpus.support';
import type { FindingJudgement } from '../test/engine/corpus/collected-corpus.support';

interface Row {
  id: string;
  severity: Set<string>;
  fired: number;
  right: number;
  wrong: number;
  unjudged: string[];
  wrongCases: string[];
}

const expectations = loadExpectations();
const rows = new Map<string, Row>();
function row(id: string): Row {
  let r = rows.get(id);
  if (!r) {
    r = { id, severity: new Set(), fired: 0, right: 0, wrong: 0, unjudged: [], wrongCases: [] };
    rows.set(id, r);
  }
  return r;
}

let fileCount = 0;
for (const [dir, label] of [
  [REAL_WORLD_DIR, 'real-world'],
  [COLLECTED_DIR, 'collected'],
] as const) {
  for (const file of listManifests(dir)) {
    fileCount += 1;
    const o = observe(readManifestFile(dir, file));
    const judged: FindingJudgement[] =
      label === 'collected'
        ? (expectations.files[file]?.findings ?? [])
        : (expectations.realWorld[file]?.findings ?? []);
    const fileExp = label === 'collected' ? expectations.files[file] : undefined;
    const falseGaps = expectations.knownGaps.filter(
      (g) => g.file === file && g.check === 'falseError',
    );
    for (const f of o.findings) {
      const r = row(f.rule);
      r.fired += 1;
      r.severity.add(f.severity);
      const j = judged.find((x) => judgementMatches(x, f));
      if (j) {
        if (verdictOf(j, f) === 'right') r.right += 1;
        else {
          r.wrong += 1;
          r.wrongCases.push(`${label}/${file} ${f.container ?? ''}: ${j.why ?? ''}`);
        }
      } else {
        r.unjudged.push(`${label}/${file} ${f.workload ?? ''}/${f.container ?? ''}`);
      }
    }
    for (const e of o.errors.filter((x) => x.source === 'diagnostic')) {
      const r = row(`diagnostic:${e.id}`);
      r.fired += 1;
      r.severity.add('ERROR');
      if ((fileExp?.realErrors ?? []).some((x) => errorMatches(x, e))) r.right += 1;
      else if (falseGaps.some((g) => errorMatches(g.error ?? {}, e))) {
        r.wrong += 1;
        r.wrongCases.push(`${label}/${file} ${e.path ?? ''}: ${e.message}`);
      } else r.unjudged.push(`${label}/${file} ${e.path ?? ''}`);
    }
  }
}

let gapsMarkdown: string[] | null = null;
if (process.argv.includes('--gaps')) {
  // The open known gaps as Markdown (mirrored to /work/coord/corpus-gaps.md).
  const lines = ['# Corpus gaps: where the engine differs from the hand judgement', ''];
  lines.push(
    'Source of truth: `test/corpus/collected/expectations.yaml` (knownGaps); the test',
    '`test/engine/corpus/collected-corpus.spec.ts` asserts each one still differs. Fix the general',
    'rule, never the file; when a gap passes, delete its entry there (and re-run',
    '`npm run corpus:precision -- --gaps`).',
    '',
  );
  for (const owner of ['trust', 'validation'] as const) {
    const gaps = expectations.knownGaps.filter((g) => g.owner === owner);
    lines.push(`## ${owner} (${gaps.length})`, '');
    lines.push('| file | workload | check | what is wrong | general rule that would fix it |');
    lines.push('|---|---|---|---|---|');
    for (const g of gaps) {
      const cell = (v: string): string => v.replace(/\|/g, '\\|');
      lines.push(
        `| ${g.file} | ${g.workload ?? ''} | ${g.check}${g.error ? ` (${g.error.rule ?? g.error.diagnostic ?? ''} ${g.error.container ?? g.error.path ?? ''})` : ''} | ${cell(g.what)} | ${cell(g.rule)} |`,
      );
    }
    lines.push('');
  }
  gapsMarkdown = lines;
}

const markdown = process.argv.includes('--markdown') || gapsMarkdown !== null;
const sorted = [...rows.values()].sort((a, b) => b.fired - a.fired || a.id.localeCompare(b.id));
const pct = (r: Row): string =>
  r.right + r.wrong === 0 ? '-' : `${Math.round((100 * r.right) / (r.right + r.wrong))}%`;
const out: string[] = [];
out.push(`Precision over ${fileCount} real-world manifests (WARNING and ERROR findings)`);
if (markdown) {
  out.push('', '| rule | severity | fired | right | wrong | unjudged | precision |');
  out.push('|---|---|---:|---:|---:|---:|---:|');
  for (const r of sorted) {
    out.push(
      `| ${r.id} | ${[...r.severity].sort().join('/')} | ${r.fired} | ${r.right} | ${r.wrong} | ${r.unjudged.length} | ${pct(r)} |`,
    );
  }
} else {
  const w = Math.max(...sorted.map((r) => r.id.length), 4);
  out.push(`${'rule'.padEnd(w)}  severity       fired  right  wrong  unjudged  precision`);
  for (const r of sorted) {
    out.push(
      `${r.id.padEnd(w)}  ${[...r.severity].sort().join('/').padEnd(13)}  ${String(r.fired).padStart(5)}  ${String(r.right).padStart(5)}  ${String(r.wrong).padStart(5)}  ${String(r.unjudged.length).padStart(8)}  ${pct(r).padStart(9)}`,
    );
  }
}
const total = sorted.reduce(
  (t, r) => ({ fired: t.fired + r.fired, right: t.right + r.right, wrong: t.wrong + r.wrong }),
  { fired: 0, right: 0, wrong: 0 },
);
out.push('', `total: fired ${total.fired}, right ${total.right}, wrong ${total.wrong}`);
if (process.argv.includes('--verbose')) {
  out.push('', 'Findings judged wrong, and any not judged yet:', '');
  for (const r of sorted) {
    for (const c of r.wrongCases) out.push(`- wrong: ${r.id}: ${c}`);
    for (const c of r.unjudged) out.push(`- unjudged: ${r.id}: ${c}`);
  }
}
if (gapsMarkdown !== null) {
  // --gaps: the open gaps, then the precision table (the whole of /work/coord/corpus-gaps.md).
  out.unshift(...gapsMarkdown, '## Precision per rule', '');
}
process.stdout.write(`${out.join('\n')}\n`);
