// Manifest intake: text in, workloads and diagnostics out. Never throws.
//
// Decisions (the brief was silent):
// - A `List` (or `<Kind>List`, what `kubectl get -o yaml` prints) is read item by item; every
//   path of an item starts at the List's root, `items[2].spec.containers[0]`, so that line and
//   column can be found and the user sees where in the document the item is. Items of a
//   `<Kind>List` without kind/apiVersion take them from the list.
// - A document that is not a mapping, or has no kind, is an ERROR; a kind that is not a workload is
//   skipped with INFO (a kind a built-in group does not serve at all, a likely typo, with WARNING);
//   a workload kind under the wrong apiVersion (`apps/v1` Pod) is read with a WARNING; under a
//   group/version the target release no longer serves (`extensions/v1beta1` Deployment, `batch/v1beta1`
//   CronJob from 1.25) with an ERROR, as kubectl gets "no matches for kind"; under a custom group
//   (`example.com/v1` Deployment) with an INFO, analysed as the built-in kind.
// - A workload whose pod template is missing or not a mapping yields no Workload (ERROR only).
// - Wrong-typed values are reported and sanitised (see shape.ts) so Workload.spec always has the
//   k8s/types.ts shapes.
// - Text with NUL, lone surrogates or U+FFFD, over 3 MiB, nested over MAX_NESTING_DEPTH or with
//   over MAX_DOCUMENTS documents is refused before parsing: nothing is read.
// - An empty manifest (nothing but comments or `---`) is one ERROR; empty documents between
//   objects are ignored.
// - YAML 1.1 words (`no`, `on`, ...) in string fields: WARNING AmbiguousValue, the string kept;
//   in boolean fields they are the booleans Kubernetes reads. A number or true/false in a string
//   field (an annotation `15020`) is an ERROR, since the API server cannot decode it; the text
//   as written is kept so the analyses go on.
// - An unknown field anywhere in a workload object (`spec.replica`, a container's `restartpolicy`)
//   is left out here; validation reports it as an ERROR UnknownField, as kubectl's default strict
//   field validation refuses it.
// - A documentation template (a `<YOUR-APP>` placeholder value anywhere in the workload) gets its
//   validation errors as WARNINGs: it cannot be applied as is, but it is not broken.
// - Diagnostic positions: the value for a scalar, the key for a collection, the deepest existing
//   ancestor for a field that is missing.

import type { FeatureGates, KubernetesVersion } from '../k8s/version';
import { featureGatesFor } from '../k8s/version';
import { removedApi } from '../k8s/features';
import type { ObjectMeta, PodSpec, PodStatus } from '../k8s/types';
import type { Diagnostic, DiagnosticReason, Severity } from '../report';
import type { Workload } from '../workload';
import type { KindInfo } from './kinds';
import { isKnownKindOf, suggestKind, WORKLOAD_KINDS, workloadKind } from './kinds';
import {
  checkSize,
  manifestDiagnostic,
  MAX_DIAGNOSTICS_PER_DOCUMENT,
  MAX_DOCUMENTS,
  moreDiagnostics,
  scanText,
  tooManyDocuments,
} from './limits';
import type { At, ShapeContext } from './shape';
import {
  at,
  childAt,
  describe,
  indexAt,
  isInteger,
  notAnInteger,
  isPlainObject,
  OBJECT_META_SHAPE,
  POD_SPEC_SHAPE,
  POD_STATUS_SHAPE,
  quote,
  sanitize,
} from './shape';
import { readJsonDocuments } from './json-reader';
import { readDocumentsFastEach } from './yaml-events';
import type { ReadDocument } from './yaml-reader';
import { readDocumentsWithYaml, readYamlDocuments } from './yaml-reader';

export * from './limits';
export { parsePath } from './paths';

export interface ReadManifestOptions {
  version: KubernetesVersion;
  /**
   * The validation stage (validation/validateWorkload), run on each workload as it is read so its
   * diagnostics keep their place among the document's (and its cap); null reads without validating.
   */
  validate: WorkloadValidator | null;
}

/** A problem validation finds in a workload (the shape of validation's FieldIssue). */
export interface WorkloadIssue {
  severity: Severity;
  reason: DiagnosticReason;
  /** From the object's root. */
  path: string;
  message: string;
}

export type WorkloadValidator = (
  workload: Workload,
  options: {
    version: KubernetesVersion;
    gates: FeatureGates;
    extraVolumes: readonly string[];
    /** The object as the document holds it, before shape checking (for strict field validation). */
    object: Record<string, unknown>;
    /** Where the object sits in the document: `items[2]` in a List, '' otherwise. */
    objectPath: string;
  },
) => readonly WorkloadIssue[];

export interface IntakeResult {
  workloads: Workload[];
  diagnostics: Diagnostic[];
}

/** Reads every pod template of a YAML or JSON manifest. Never throws, whatever the input. */
export function readManifest(text: string, options: ReadManifestOptions): IntakeResult {
  const workloads: Workload[] = [];
  const diagnostics = readManifestEach(text, options, {
    take: (list) => {
      for (const w of list) workloads.push(w);
    },
    restart: () => {
      workloads.length = 0;
    },
  });
  return { workloads, diagnostics };
}

/** Where readManifestEach hands the workloads, document by document. */
export interface WorkloadSink {
  /** The workloads of one document (none for most kinds), as soon as it is read. */
  take(workloads: Workload[]): void;
  /**
   * Everything taken so far is void: the text is read again from its start on another road, or
   * reading failed (then nothing more is taken). The result is then as if nothing had been taken.
   */
  restart(): void;
}

/**
 * readManifest, handing each document's workloads to `sink` as soon as the document is read, so
 * that a caller can analyse a document and let go of it (its events, its data) before the next
 * is read (the fast road parses a long stream in batches of whole documents, yaml-events.ts): the
 * intake of a long stream is then not all alive at once. The diagnostics come
 * back at the end, in the order readManifest gives them. Never throws but what `sink` throws.
 */
export function readManifestEach(
  text: string,
  options: ReadManifestOptions,
  sink: WorkloadSink,
): Diagnostic[] {
  const state: ReadState = {
    version: options.version,
    gates: null,
    validate: options.validate,
    sink,
    inSink: false,
    diagnostics: [],
    objects: 0,
  };
  try {
    return read(text, state);
  } catch (e) {
    if (state.inSink) throw e; // the caller's own failure, not the manifest's
    sink.restart();
    // Last resort: a defect here must still come back as a diagnostic, not a 500.
    const message = `the manifest could not be read (${e instanceof Error ? e.name : 'error'})`;
    return [manifestDiagnostic('ERROR', 'SyntaxError', message)];
  }
}

/** One reading of a manifest: what is read so far, and where workloads go. */
interface ReadState {
  version: KubernetesVersion;
  /** Worked out when the first object is read. */
  gates: FeatureGates | null;
  validate: WorkloadValidator | null;
  sink: WorkloadSink;
  /** True while the sink runs: what it throws is not a reading failure. */
  inSink: boolean;
  diagnostics: Diagnostic[];
  /** Documents that hold an object (or could not be read). */
  objects: number;
}

function read(text: string, state: ReadState): Diagnostic[] {
  if (typeof text !== 'string') return [noObjects('the manifest must be text')];
  const tooLarge = checkSize(text);
  if (tooLarge) return [tooLarge];
  // JSON that JSON.parse reads as the YAML roads would is text the pre-scan passes (the JSON
  // road checks the same limits on the parsed data): it needs no scan of its own.
  let docs = readJsonDocuments(text);
  if (docs === null) {
    const scan = scanText(text);
    if (scan.diagnostics.length > 0) return scan.diagnostics;
    // The fast road hands each document over as it is read. Every document after the first
    // starts at a `---` line: with so few of them that the stream cannot have too many
    // documents, nothing needs counting first.
    if (documentsAtMost(text) <= MAX_DOCUMENTS) {
      if (readDocumentsFastEach(text, (doc) => readDocument(doc, state))) return finish(state);
      // The fast road gave way on some document: read the text again on the `yaml` road.
      state.sink.restart();
      state.diagnostics = [];
      state.objects = 0;
      docs = readDocumentsWithYaml(text);
    } else {
      docs = readYamlDocuments(text);
    }
  }
  if (docs.length > MAX_DOCUMENTS) return [tooManyDocuments(docs.length)];
  for (const doc of docs) readDocument(doc, state);
  return finish(state);
}

/** At most how many documents the fast road can find: one per `---` line, one before the first. */
function documentsAtMost(text: string): number {
  let n = /^---(?:[ \t\n]|$)/.test(text) ? 0 : 1;
  for (let i = text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 4)) n++;
  return n;
}

function readDocument(doc: ReadDocument, state: ReadState): void {
  const bucket: Diagnostic[] = [...doc.diagnostics];
  const workloads: Workload[] = [];
  if (doc.readable && !doc.empty && doc.value !== null && doc.value !== undefined) {
    state.objects++;
    const ctx: ReadContext = {
      doc,
      version: state.version,
      gates: (state.gates ??= featureGatesFor(state.version)),
      validate: state.validate,
      workloads,
      shape: {
        document: doc.index,
        diagnostics: bucket,
        ambiguous: doc.ambiguous,
        sourceOf: doc.sourceOf,
      },
    };
    readObject(doc.value, at('', ''), ctx, null, 0);
  } else if (!doc.readable) {
    state.objects++;
  }
  for (const d of capped(bucket, doc.index)) state.diagnostics.push(withPosition(d, doc));
  state.inSink = true;
  state.sink.take(workloads);
  state.inSink = false;
}

function finish(state: ReadState): Diagnostic[] {
  if (state.objects === 0) {
    state.diagnostics.push(
      noObjects('the manifest holds no Kubernetes object (it is empty or only comments)'),
    );
  }
  return state.diagnostics;
}

/** Line and column of a diagnostic's path, when the reader did not give one. */
function withPosition(d: Diagnostic, doc: ReadDocument): Diagnostic {
  if (d.line !== null || d.path === null || d.document !== doc.index) return d;
  const pos = doc.locate(d.path);
  return pos ? { ...d, line: pos.line, column: pos.column } : d;
}

function noObjects(message: string): Diagnostic {
  return manifestDiagnostic('ERROR', 'FieldValueRequired', message);
}

const SEVERITY_RANK: Record<Severity, number> = { ERROR: 0, WARNING: 1, INFO: 2 };

/**
 * At most MAX_DIAGNOSTICS_PER_DOCUMENT per document: the most severe are kept (in document order),
 * so an ERROR is never hidden behind warnings, and one INFO DiagnosticsTruncated notice counts the
 * rest by severity. The notice is not a problem of the manifest (no API reason, never an ERROR).
 */
function capped(list: Diagnostic[], document: number): Diagnostic[] {
  if (list.length <= MAX_DIAGNOSTICS_PER_DOCUMENT) return list;
  const ranked = list
    .map((d, i) => ({ d, i }))
    .sort((a, b) => SEVERITY_RANK[a.d.severity] - SEVERITY_RANK[b.d.severity] || a.i - b.i);
  const kept = ranked.slice(0, MAX_DIAGNOSTICS_PER_DOCUMENT).sort((a, b) => a.i - b.i);
  const rest = ranked.slice(MAX_DIAGNOSTICS_PER_DOCUMENT).map((x) => x.d);
  const counts = (['ERROR', 'WARNING', 'INFO'] as const)
    .map((sev) => [sev, rest.filter((d) => d.severity === sev).length] as const)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${n} ${sev}`);
  const notice = moreDiagnostics(rest.length, 'INFO', document);
  return [
    ...kept.map((x) => x.d),
    {
      ...notice,
      reason: 'DiagnosticsTruncated',
      message: `${notice.message}: ${counts.join(', ')}`,
    },
  ];
}

interface ReadContext {
  doc: ReadDocument;
  version: KubernetesVersion;
  gates: FeatureGates;
  validate: WorkloadValidator | null;
  workloads: Workload[];
  shape: ShapeContext;
}

interface Inherited {
  kind: string | null;
  apiVersion: string | null;
}

function emit(
  ctx: ReadContext,
  severity: Severity,
  reason: Diagnostic['reason'],
  path: string | null,
  message: string,
): void {
  // Positions are filled in for the diagnostics that are kept (see capped()).
  ctx.shape.diagnostics.push({
    severity,
    reason,
    path,
    message,
    document: ctx.doc.index,
    line: null,
    column: null,
  });
}

function readObject(
  value: unknown,
  root: At,
  ctx: ReadContext,
  inherited: Inherited | null,
  listDepth: number,
): void {
  if (!isPlainObject(value)) {
    emit(
      ctx,
      'ERROR',
      'FieldValueTypeInvalid',
      root.path === '' ? null : root.path,
      `expected a Kubernetes object (a mapping with apiVersion and kind), not ${describe(value)}`,
    );
    return;
  }
  const rawKind = value.kind ?? inherited?.kind ?? undefined;
  const rawApiVersion = value.apiVersion ?? inherited?.apiVersion ?? undefined;
  const kindPath = childAt(root, 'kind').path;
  const apiVersionPath = childAt(root, 'apiVersion').path;
  if (rawKind === undefined || rawKind === null || rawKind === '') {
    emit(
      ctx,
      'ERROR',
      'FieldValueRequired',
      kindPath,
      'Required value: kind is not set; every Kubernetes object names its kind (Pod, Deployment, Job, ...)',
    );
    if (rawApiVersion === undefined || rawApiVersion === null || rawApiVersion === '') {
      emit(
        ctx,
        'ERROR',
        'FieldValueRequired',
        apiVersionPath,
        'Required value: apiVersion is not set; this is not a Kubernetes object',
      );
    }
    return;
  }
  if (typeof rawKind !== 'string') {
    emit(
      ctx,
      'ERROR',
      'FieldValueTypeInvalid',
      kindPath,
      `Invalid value: ${quote(rawKind)}: kind must be a string`,
    );
    return;
  }
  const kind = rawKind;
  let apiVersion: string | null = null;
  if (rawApiVersion === undefined || rawApiVersion === null || rawApiVersion === '') {
    const info = workloadKind(kind);
    emit(
      ctx,
      'ERROR',
      'FieldValueRequired',
      apiVersionPath,
      `Required value: apiVersion is not set${info ? ` (${kind} is served as "${info.apiVersion}")` : ''}`,
    );
  } else if (typeof rawApiVersion !== 'string') {
    emit(
      ctx,
      'ERROR',
      'FieldValueTypeInvalid',
      apiVersionPath,
      `Invalid value: ${quote(rawApiVersion)}: apiVersion must be a string`,
    );
  } else {
    apiVersion = rawApiVersion;
  }

  // Lists: `kind: List` or `<Kind>List`.
  if (kind === 'List' || (kind.length > 4 && kind.endsWith('List'))) {
    readList(value, kind, apiVersion, root, ctx, listDepth);
    return;
  }

  const info = workloadKind(kind);
  const name =
    isPlainObject(value.metadata) && typeof value.metadata.name === 'string'
      ? value.metadata.name
      : null;
  const label = `${kind}${name ? ` "${name}"` : ''}`;
  if (!info) {
    const known = apiVersion === null ? null : isKnownKindOf(apiVersion, kind);
    if (known === false) {
      const suggestion = suggestKind(kind);
      emit(
        ctx,
        'WARNING',
        'UnknownKind',
        kindPath,
        `${apiVersion} has no kind "${kind}"${suggestion ? `; did you mean "${suggestion}"?` : ''} The API server would refuse it; skipped`,
      );
    } else {
      emit(
        ctx,
        'INFO',
        'SkippedKind',
        kindPath,
        `${label}${apiVersion ? ` (${apiVersion})` : ''} has no pod template this product reads; skipped (read: ${Object.keys(WORKLOAD_KINDS).join(', ')} and Lists of them)`,
      );
    }
    return;
  }
  if (apiVersion !== null && apiVersion !== info.apiVersion) {
    const removed = removedApi(apiVersion, kind, ctx.version);
    if (removed !== null) {
      // Removed from the API server: kubectl finds no resource for it and applies nothing
      // (https://kubernetes.io/docs/reference/using-api/deprecation-guide/).
      emit(
        ctx,
        'ERROR',
        'UnknownKind',
        apiVersionPath,
        `no matches for kind "${kind}" in version "${apiVersion}": Kubernetes ${ctx.version.text} does not serve it (${apiVersion} ${kind} was removed in 1.${removed.removedIn}); use ${removed.servedNow}. Read as ${removed.servedNow}`,
      );
    } else if (isCustomGroup(apiVersion)) {
      // A custom resource that shares a built-in kind's name (its CRD decides its schema).
      emit(
        ctx,
        'INFO',
        'UnknownKind',
        apiVersionPath,
        `${apiVersion} ${kind} is not a built-in kind (built-in ${kind} is served as "${info.apiVersion}"), analysed as ${kind}`,
      );
    } else {
      emit(
        ctx,
        'WARNING',
        'UnknownKind',
        apiVersionPath,
        `Invalid value: "${apiVersion}": the API server serves ${kind} as "${info.apiVersion}" (kubectl would answer: no matches for kind "${kind}" in version "${apiVersion}"); read as ${info.apiVersion}`,
      );
    }
  }
  readWorkload(value, info, apiVersion, root, ctx);
}

/** A group that is not one of Kubernetes' own: it has a dot and is not under k8s.io. */
function isCustomGroup(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = apiVersion.slice(0, slash);
  return group.includes('.') && group !== 'k8s.io' && !group.endsWith('.k8s.io');
}

function readList(
  value: Record<string, unknown>,
  kind: string,
  apiVersion: string | null,
  root: At,
  ctx: ReadContext,
  listDepth: number,
): void {
  const itemsAt = childAt(root, 'items');
  const items = value.items;
  if (items === undefined || items === null) return; // an empty list: nothing to read
  if (!Array.isArray(items)) {
    emit(
      ctx,
      'ERROR',
      'FieldValueTypeInvalid',
      itemsAt.path,
      `Invalid value: ${quote(items)}: items must be a list, not ${describe(items)}`,
    );
    return;
  }
  if (listDepth >= 2) {
    emit(
      ctx,
      'ERROR',
      'FieldValueInvalid',
      itemsAt.path,
      'a List nested in a List nested in a List is not read',
    );
    return;
  }
  const inherited: Inherited =
    kind === 'List' ? { kind: null, apiVersion: null } : { kind: kind.slice(0, -4), apiVersion };
  items.forEach((item, i) => readObject(item, indexAt(itemsAt, i), ctx, inherited, listDepth + 1));
}

/** Walks down to a mapping, reporting the first missing or wrong-typed level. */
function descend(
  value: Record<string, unknown>,
  keys: readonly string[],
  root: At,
  ctx: ReadContext,
): { node: Record<string, unknown>; at: At } | null {
  let node = value;
  let here = root;
  for (const key of keys) {
    const next = node[key];
    here = childAt(here, key);
    if (next === undefined || next === null) {
      emit(ctx, 'ERROR', 'FieldValueRequired', here.path, 'Required value');
      return null;
    }
    if (!isPlainObject(next)) {
      emit(
        ctx,
        'ERROR',
        'FieldValueTypeInvalid',
        here.path,
        `Invalid value: ${quote(next)}: must be a mapping, not ${describe(next)}`,
      );
      return null;
    }
    node = next;
  }
  return { node, at: here };
}

function readWorkload(
  value: Record<string, unknown>,
  info: KindInfo,
  apiVersion: string | null,
  root: At,
  ctx: ReadContext,
): void {
  const objectMeta = (sanitize(
    value.metadata,
    OBJECT_META_SHAPE,
    childAt(root, 'metadata'),
    ctx.shape,
  ) ?? {}) as ObjectMeta;
  const template = descend(value, info.templatePath, root, ctx);
  if (!template) return;
  let podMeta = objectMeta;
  if (!info.isPod) {
    podMeta = (sanitize(
      template.node.metadata,
      OBJECT_META_SHAPE,
      childAt(template.at, 'metadata'),
      ctx.shape,
    ) ?? {}) as ObjectMeta;
  }
  const specAt = childAt(template.at, 'spec');
  const rawSpec = template.node.spec;
  if (rawSpec === undefined || rawSpec === null) {
    emit(
      ctx,
      'ERROR',
      'FieldValueRequired',
      specAt.path,
      'Required value: the pod spec is missing',
    );
    return;
  }
  if (!isPlainObject(rawSpec)) {
    emit(
      ctx,
      'ERROR',
      'FieldValueTypeInvalid',
      specAt.path,
      `Invalid value: ${quote(rawSpec)}: must be a mapping (pod spec), not ${describe(rawSpec)}`,
    );
    return;
  }
  const spec = (sanitize(rawSpec, POD_SPEC_SHAPE, specAt, ctx.shape) ?? {}) as PodSpec;
  let status: PodStatus | null = null;
  if (info.isPod && value.status !== undefined && value.status !== null) {
    status = (sanitize(value.status, POD_STATUS_SHAPE, childAt(root, 'status'), ctx.shape) ??
      null) as PodStatus | null;
  }

  let replicas = 1;
  if (info.replicasPath) {
    let node: unknown = value;
    let here = root;
    for (const key of info.replicasPath) {
      node = isPlainObject(node) ? node[key] : undefined;
      here = childAt(here, key);
    }
    if (node !== undefined && node !== null) {
      // replicas and parallelism are int32 in every workload API.
      if (!isInteger(node, 32)) {
        emit(ctx, 'ERROR', 'FieldValueTypeInvalid', here.path, notAnInteger(node, 32));
      } else if (node < 0) {
        emit(
          ctx,
          'ERROR',
          'FieldValueInvalid',
          here.path,
          `Invalid value: ${node}: must be greater than or equal to 0`,
        );
      } else {
        replicas = node; // 0 is valid: scaled to zero (or a suspended Job's parallelism)
      }
    }
  }

  const workload: Workload = {
    document: ctx.doc.index,
    kind: info.kind,
    apiVersion,
    name: typeof objectMeta.name === 'string' ? objectMeta.name : null,
    namespace: typeof objectMeta.namespace === 'string' ? objectMeta.namespace : null,
    replicas,
    replicaBasis: info.basis,
    objectMeta,
    podMeta,
    specPath: specAt.path,
    spec,
    status,
    locate: ctx.doc.locate,
    sourceRange: ctx.doc.sourceRange,
  };
  ctx.workloads.push(workload);
  const extraVolumes: string[] = [];
  if (info.kind === 'StatefulSet') {
    const spec = value.spec;
    const claims =
      isPlainObject(spec) && Array.isArray(spec.volumeClaimTemplates)
        ? spec.volumeClaimTemplates
        : [];
    for (const claim of claims) {
      if (
        isPlainObject(claim) &&
        isPlainObject(claim.metadata) &&
        typeof claim.metadata.name === 'string'
      ) {
        extraVolumes.push(claim.metadata.name);
      }
    }
  }
  if (ctx.validate === null) return;
  // Looked for only when there is an ERROR to soften: the walk covers the whole pod spec.
  let placeholder: string | null | undefined; // undefined: not looked for yet
  for (const issue of ctx.validate(workload, {
    version: ctx.version,
    gates: ctx.gates,
    extraVolumes,
    object: value,
    objectPath: root.path,
  })) {
    if (issue.severity === 'ERROR' && placeholder === undefined) {
      placeholder = findPlaceholder([objectMeta, podMeta, spec]);
    }
    if (issue.severity === 'ERROR' && placeholder !== null && placeholder !== undefined) {
      // A documentation template (`name: <YOUR-APP>`): to be completed before it can be applied.
      emit(
        ctx,
        'WARNING',
        issue.reason,
        issue.path,
        `${issue.message} (the manifest is a template with placeholders such as ${placeholder}: fill them in before applying it)`,
      );
    } else {
      emit(ctx, issue.severity, issue.reason, issue.path, issue.message);
    }
  }
}

const PLACEHOLDER = /^<[A-Za-z][^<>]*>$/;

/** The first `<PLACEHOLDER>` value of a documentation template, if any (bounded walk). */
function findPlaceholder(roots: unknown[]): string | null {
  const stack: unknown[] = [...roots];
  let budget = 100_000;
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.charCodeAt(0) === 0x3c && PLACEHOLDER.test(v)) return v;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (isPlainObject(v)) {
      for (const key in v) if (Object.prototype.hasOwnProperty.call(v, key)) stack.push(v[key]);
    }
  }
  return null;
}
