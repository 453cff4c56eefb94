// What changed between two stored reports. Pure: reads only the report JSON, and tolerates
// fields that older reports lack (an absent section compares as "nothing there").

/** One difference: a stable field path and the value before and after (null: absent). */
export interface ReportChange {
  field: string;
  before: string | null;
  after: string | null;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;

const LIFECYCLE_FIELDS = [
  'podInitializedAtSeconds',
  'podReadyAtSeconds',
  'terminationCompletesAtSeconds',
  'jobCompletesAtSeconds',
] as const;

/** Workloads by a stable key: Kind/name (Kind/#document when unnamed; #2.. on duplicates). */
function workloadsByKey(report: unknown): Map<string, Loose> {
  const out = new Map<string, Loose>();
  const workloads = isObject(report) ? list(report.workloads) : [];
  workloads.forEach((w, i) => {
    if (!isObject(w)) return;
    const kind = str(w.kind) ?? 'Unknown';
    const name = str(w.name) ?? `#${str(w.document) ?? i}`;
    const base = `${kind}/${name}`;
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base}#${n}`;
    out.set(key, w);
  });
  return out;
}

/** resource name -> canonical quantity, from a [{ resource, quantity }] list. */
function quantities(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const q of list(v)) {
    if (isObject(q) && typeof q.resource === 'string') {
      out.set(q.resource, str(q.quantity) ?? str(q.value) ?? '');
    }
  }
  return out;
}

function findingsByKey(w: Loose): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of list(w.findings)) {
    if (!isObject(f) || typeof f.ruleId !== 'string') continue;
    const where = str(f.container) ?? str(f.path);
    let key = where ? `${f.ruleId}/${where}` : f.ruleId;
    for (let n = 2; out.has(key); n++) key = `${where ? `${f.ruleId}/${where}` : f.ruleId}#${n}`;
    out.set(key, `${str(f.severity) ?? 'INFO'}: ${str(f.message) ?? ''}`.trim());
  }
  return out;
}

function containerRoles(w: Loose): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of list(w.containers)) {
    if (isObject(c) && typeof c.name === 'string') out.set(c.name, str(c.role) ?? '');
  }
  return out;
}

function compareMaps(
  field: (key: string) => string,
  before: Map<string, string>,
  after: Map<string, string>,
  out: ReportChange[],
): void {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const k of keys) {
    const b = before.get(k) ?? null;
    const a = after.get(k) ?? null;
    if (b !== a) out.push({ field: field(k), before: b, after: a });
  }
}

function diffWorkload(prefix: string, b: Loose, a: Loose, out: ReportChange[]): void {
  const br = isObject(b.resources) ? b.resources : {};
  const ar = isObject(a.resources) ? a.resources : {};
  for (const kind of ['requests', 'limits'] as const) {
    compareMaps(
      (r) => `${prefix}.resources.${kind}.${r}`,
      quantities(br[kind]),
      quantities(ar[kind]),
      out,
    );
  }
  const bq = str(br.qosClass);
  const aq = str(ar.qosClass);
  if (bq !== aq) out.push({ field: `${prefix}.resources.qosClass`, before: bq, after: aq });

  const bl = isObject(b.lifecycle) ? b.lifecycle : {};
  const al = isObject(a.lifecycle) ? a.lifecycle : {};
  for (const f of LIFECYCLE_FIELDS) {
    const bv = str(bl[f]);
    const av = str(al[f]);
    if (bv !== av) out.push({ field: `${prefix}.lifecycle.${f}`, before: bv, after: av });
  }

  const bc = containerRoles(b);
  const ac = containerRoles(a);
  for (const name of [...new Set([...bc.keys(), ...ac.keys()])].sort()) {
    const before = bc.get(name) ?? null;
    const after = ac.get(name) ?? null;
    if (before === null || after === null) {
      out.push({ field: `${prefix}.containers[${name}]`, before, after });
    } else if (before !== after) {
      out.push({ field: `${prefix}.containers[${name}].role`, before, after });
    }
  }

  compareMaps((k) => `${prefix}.findings[${k}]`, findingsByKey(b), findingsByKey(a), out);
}

const summaryOf = (w: Loose): string => {
  const roles = list(w.containers)
    .filter(isObject)
    .map((c) => `${str(c.name) ?? '?'}:${str(c.role) ?? '?'}`);
  return `${str(w.kind) ?? 'Unknown'} with ${roles.length} container(s)${roles.length ? ` (${roles.join(', ')})` : ''}`;
};

/**
 * The changes from `before` to `after` (two stored reports), in a stable order: the target
 * version, diagnostics counts, then per workload (in the newer report's order, removed ones
 * last) requests, limits, QoS, lifecycle times, containers and findings.
 */
export function diffReports(before: unknown, after: unknown): ReportChange[] {
  const out: ReportChange[] = [];
  const bv = isObject(before) ? str(before.kubernetesVersion) : null;
  const av = isObject(after) ? str(after.kubernetesVersion) : null;
  if (bv !== av) out.push({ field: 'kubernetesVersion', before: bv, after: av });

  const severityCounts = (r: unknown): Map<string, string> => {
    const counts = new Map<string, string>();
    for (const d of isObject(r) ? list(r.diagnostics) : []) {
      const s = isObject(d) ? str(d.severity) : null;
      if (s) counts.set(s, String(Number(counts.get(s) ?? 0) + 1));
    }
    return counts;
  };
  compareMaps((s) => `diagnostics[${s}]`, severityCounts(before), severityCounts(after), out);

  const bw = workloadsByKey(before);
  const aw = workloadsByKey(after);
  for (const [key, a] of aw) {
    const b = bw.get(key);
    const prefix = `workloads[${key}]`;
    if (!b) {
      out.push({ field: prefix, before: null, after: summaryOf(a) });
      continue;
    }
    diffWorkload(prefix, b, a, out);
  }
  for (const [key, b] of bw) {
    if (!aw.has(key)) out.push({ field: `workloads[${key}]`, before: summaryOf(b), after: null });
  }
  return out;
}
