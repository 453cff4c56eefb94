// The collected real-world corpus (test/corpus/collected/) and its hand judgements
// (test/corpus/collected/expectations.yaml): loading, what the engine observes, and how the two
// are compared. Shared by collected-corpus.spec.ts and scripts/corpus-precision.ts.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { analyzeManifest } from '../../../src/engine';
import type { AnalysisReport, WorkloadReport } from '../../../src/engine';

export const CORPUS_ROOT = path.resolve(__dirname, '..', '..', 'corpus');
export const COLLECTED_DIR = path.join(CORPUS_ROOT, 'collected');
export const REAL_WORLD_DIR = path.join(CORPUS_ROOT, 'real-world');
export const EXPECTATIONS_FILE = path.join(COLLECTED_DIR, 'expectations.yaml');

export type Role = 'init' | 'sidecar' | 'app';
export type JobVerdict = 'completes' | 'never-completes' | 'fails';

export interface WorkloadExpectation {
  kind: string;
  name: string | null;
  /** Every container in the engine's order (initContainers, then containers) as "name:role". */
  containers: string[];
  /** App containers that are helpers beside the workload's main container(s). */
  legacySidecars: string[];
  /** Jobs and CronJobs: whether the pod, as written, runs to completion. */
  job?: JobVerdict | null;
  /** Sidecars a mutating webhook adds at admission (container names), when judged. */
  injected?: string[];
  why?: string;
}

/** One ERROR, a finding (rule) or a diagnostic (reason). */
export interface ErrorRef {
  rule?: string;
  diagnostic?: string;
  workload?: string;
  container?: string;
  path?: string;
  why?: string;
}

export interface FindingJudgement {
  rule: string;
  workload?: string;
  container: string | null;
  verdict: 'right' | 'wrong';
  /**
   * Right only up to this severity: a real but uncertain problem (a fragile workaround) is right
   * as a WARNING and a false ERROR as an ERROR.
   */
  atMost?: 'WARNING';
  why?: string;
}

export interface FileExpectation {
  workloads: WorkloadExpectation[];
  /** Every ERROR the file really deserves (the API server rejects it, or it can never start/complete). */
  realErrors?: ErrorRef[];
  /**
   * Diagnostics the file must get at some severity (a placeholder template the API server rejects
   * may be a WARNING that says "fill in the placeholders"), by reason ('*' = any) and path.
   */
  diagnostics?: ErrorRef[];
  /** Hand judgement of every WARNING or ERROR finding the engine produces (for the precision table). */
  findings?: FindingJudgement[];
  notes?: string;
}

export type GapCheck =
  | 'workloads'
  | 'containers'
  | 'legacySidecars'
  | 'job'
  | 'injected'
  | 'falseError'
  | 'missingError'
  | 'missingDiagnostic';

export interface KnownGap {
  file: string;
  /** Workload name (for containers, legacySidecars, job, injected). */
  workload?: string;
  check: GapCheck;
  /** For falseError / missingError: the ERROR concerned. */
  error?: ErrorRef;
  what: string;
  rule: string;
  owner: 'trust' | 'validation';
}

export interface Expectations {
  files: Record<string, FileExpectation>;
  /** test/corpus/real-world/: finding judgements only (roles there are pinned by rules.corpus.spec.ts). */
  realWorld: Record<string, { findings?: FindingJudgement[] }>;
  knownGaps: KnownGap[];
}

export function loadExpectations(): Expectations {
  const parsed = parse(readFileSync(EXPECTATIONS_FILE, 'utf8')) as Partial<Expectations>;
  return {
    files: parsed.files ?? {},
    realWorld: parsed.realWorld ?? {},
    knownGaps: parsed.knownGaps ?? [],
  };
}

export function listManifests(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'expectations.yaml')
    .sort();
}

export function readManifestFile(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

export interface ObservedWorkload {
  kind: string;
  name: string | null;
  containers: string[];
  legacySidecars: string[];
  job: JobVerdict | null;
  injected: string[];
}

export interface ObservedError {
  source: 'finding' | 'diagnostic';
  /** ruleId for a finding, reason for a diagnostic. */
  id: string;
  workload: string | null;
  container: string | null;
  path: string | null;
  message: string;
}

export interface ObservedFinding {
  rule: string;
  severity: 'ERROR' | 'WARNING';
  workload: string | null;
  container: string | null;
  message: string;
}

export interface Observation {
  workloads: ObservedWorkload[];
  errors: ObservedError[];
  /** Every diagnostic at WARNING or ERROR, in the same shape. */
  diagnostics: ObservedError[];
  findings: ObservedFinding[];
}

export function analyzeText(text: string): AnalysisReport {
  const result = analyzeManifest(text, { includeFixes: false });
  if (!result.ok) throw new Error(`option issues: ${JSON.stringify(result.issues)}`);
  return result.report;
}

function jobVerdict(w: WorkloadReport): JobVerdict | null {
  const job = w.lifecycle.job;
  if (!job) return null;
  if (job.neverCompletes) return 'never-completes';
  return job.phase === 'Failed' ? 'fails' : 'completes';
}

export function observe(text: string): Observation {
  const report = analyzeText(text);
  const workloads = report.workloads.map((w): ObservedWorkload => ({
    kind: w.kind,
    name: w.name,
    containers: w.containers.map((c) => `${c.name}:${c.role.toLowerCase()}`),
    legacySidecars: w.containers.filter((c) => c.legacySidecar).map((c) => c.name),
    job: jobVerdict(w),
    injected: w.injectedSidecars.map((s) => s.container).sort(),
  }));
  const toObserved = (d: (typeof report.diagnostics)[number]): ObservedError => ({
    source: 'diagnostic',
    id: d.reason,
    workload:
      report.workloads.find((w) => d.document !== null && w.document === d.document)?.name ?? null,
    container: null,
    path: d.path,
    message: d.message,
  });
  const diagnostics = report.diagnostics
    .filter((d) => d.severity === 'ERROR' || d.severity === 'WARNING')
    .map(toObserved);
  const errors: ObservedError[] = [
    ...report.diagnostics.filter((d) => d.severity === 'ERROR').map(toObserved),
    ...report.workloads.flatMap((w) =>
      w.findings
        .filter((f) => f.severity === 'ERROR')
        .map((f): ObservedError => ({
          source: 'finding',
          id: f.ruleId,
          workload: w.name,
          container: f.container,
          path: f.path,
          message: f.message,
        })),
    ),
  ];
  const findings = report.workloads.flatMap((w) =>
    w.findings
      .filter((f) => f.severity === 'ERROR' || f.severity === 'WARNING')
      .map((f): ObservedFinding => ({
        rule: f.ruleId,
        severity: f.severity as 'ERROR' | 'WARNING',
        workload: w.name,
        container: f.container,
        message: f.message,
      })),
  );
  return { workloads, errors, diagnostics, findings };
}

/** Does an observed ERROR match a judged reference? Unset fields of the reference match anything. */
export function errorMatches(ref: ErrorRef, e: ObservedError): boolean {
  if (ref.rule !== undefined && (e.source !== 'finding' || e.id !== ref.rule)) return false;
  // diagnostic '*': any reason (the reason the API server would give is not settled yet).
  if (
    ref.diagnostic !== undefined &&
    (e.source !== 'diagnostic' || (ref.diagnostic !== '*' && e.id !== ref.diagnostic))
  ) {
    return false;
  }
  if (ref.rule === undefined && ref.diagnostic === undefined) return false;
  if (ref.workload !== undefined && e.workload !== ref.workload) return false;
  if (ref.container !== undefined && e.container !== ref.container) return false;
  if (ref.path !== undefined && e.path !== ref.path) return false;
  return true;
}

export function judgementMatches(j: FindingJudgement, f: ObservedFinding): boolean {
  if (j.rule !== f.rule) return false;
  if (j.workload !== undefined && j.workload !== f.workload) return false;
  return (j.container ?? null) === f.container;
}

/** A judged finding's verdict at the severity it fired with (a WARNING-only judgement is wrong at ERROR). */
export function verdictOf(j: FindingJudgement, f: ObservedFinding): 'right' | 'wrong' {
  if (j.verdict === 'right' && j.atMost === 'WARNING' && f.severity === 'ERROR') return 'wrong';
  return j.verdict;
}

export function sameSet(a: string[], b: string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The value of one gap's check as the engine computes it today, and as judged. */
export function gapHolds(
  gap: KnownGap,
  expected: FileExpectation,
  observed: Observation,
): { holds: boolean; detail: string } {
  const pick = <T extends { name: string | null }>(list: T[]): T | undefined =>
    list.find((w) => w.name === (gap.workload ?? null));
  switch (gap.check) {
    case 'workloads': {
      const e = expected.workloads.map((w) => `${w.kind}/${w.name}`);
      const o = observed.workloads.map((w) => `${w.kind}/${w.name}`);
      return { holds: !sameSet(e, o), detail: `engine: ${o.join(', ')}` };
    }
    case 'containers':
    case 'legacySidecars':
    case 'job':
    case 'injected': {
      const e = pick(expected.workloads);
      const o = pick(observed.workloads);
      if (!e || !o) return { holds: true, detail: `workload ${gap.workload} missing` };
      if (gap.check === 'job') {
        return { holds: (e.job ?? null) !== o.job, detail: `engine: ${o.job}` };
      }
      if (gap.check === 'containers') {
        return {
          holds: e.containers.join(',') !== o.containers.join(','),
          detail: `engine: ${o.containers.join(', ')}`,
        };
      }
      const ev = gap.check === 'injected' ? (e.injected ?? []) : e.legacySidecars;
      const ov = gap.check === 'injected' ? o.injected : o.legacySidecars;
      return { holds: !sameSet(ev, ov), detail: `engine: [${ov.join(', ')}]` };
    }
    case 'falseError': {
      const ref = gap.error ?? {};
      const hit = observed.errors.filter((e) => errorMatches(ref, e));
      return { holds: hit.length > 0, detail: hit.map((e) => e.message).join(' | ') };
    }
    case 'missingError': {
      const ref = gap.error ?? {};
      return { holds: !observed.errors.some((e) => errorMatches(ref, e)), detail: 'not reported' };
    }
    case 'missingDiagnostic': {
      const ref = gap.error ?? {};
      return {
        holds: !observed.diagnostics.some((e) => errorMatches(ref, e)),
        detail: 'not reported',
      };
    }
  }
}
