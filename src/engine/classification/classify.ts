// Which multi-container pattern each container serves, and whether an app container is really a
// sidecar in disguise (a "legacy sidecar": a helper in spec.containers, started with the app and
// stopped with it, instead of a native sidecar in spec.initContainers with restartPolicy Always).
// Every decision carries its evidence and a confidence: CERTAIN when the spec or the project's own
// marks say so (restartPolicy, the project's image running its own command, the injector's
// status annotation), LIKELY on one strong sign (an image, a command, a shared volume), GUESS on
// a name alone. Rules may report an ERROR only on a CERTAIN classification (docs/rules.md,
// "Severity policy").
import { listContainers, toContainerReport } from '../containers';
import type { PodContainer } from '../containers';
import type { Container } from '../k8s/types';
import type { ContainerReport, PatternKind } from '../report';
import type { WorkloadContext } from '../workload';
import { commandWords, containerFacts, matchConfidence, recogniseFacts } from './known-helpers';
import type { Confidence, Evidence, KnownHelper, NativeSupport } from './known-helpers';

export interface ClassifiedContainer extends PodContainer {
  /** The well-known helper this container is (istio-proxy, cloud-sql-proxy, ...), if recognised. */
  helper: KnownHelper | null;
  pattern: PatternKind | null;
  /** An APP container doing a sidecar's job. */
  legacySidecar: boolean;
  /** What the classification rests on, in words a user can check. */
  evidence: Evidence[];
  /** How sure the helper / legacy-sidecar / pattern decision is. */
  confidence: Confidence;
  /** Whether its project supports it as a native sidecar here (null: not a known helper). */
  native: NativeSupport | null;
}

// Name hints for helpers the table does not know. Strong hints make an app container a legacy
// sidecar; weak ones (an "-http" front end) only name its pattern.
const STRONG_HINT =
  /(sidecar|proxy|agent|exporter|adapter|reload|shipper|ambassador|forwarder|syncer)/;
const AMBASSADOR_HINT = /(proxy|ambassador|gateway|(^|-)http$|frontend)/;
const ADAPTER_HINT = /(exporter|adapter|metrics)/;
const CONFIG_HINT = /(config|sync|reload|secret|vault)/;

// A command that only idles: the container exists for its filesystem or its privileges (a
// freeze agent that velero hooks exec into, an image pre-puller), never for work of its own.
const IDLE =
  /^(?:(?:\/bin\/|\/usr\/bin\/)?(?:ba)?sh\s+-c\s+)?(?:[^;&|]*(?:&&|;)\s*)*(?:exec\s+)?(?:\/bin\/|\/usr\/bin\/)?(?:sleep\s+(?:infinity|inf)|tail\s+-f\s+\/dev\/null|pause)\s*$/;

function patternFromName(name: string): PatternKind | null {
  if (AMBASSADOR_HINT.test(name)) return 'AMBASSADOR';
  if (ADAPTER_HINT.test(name)) return 'ADAPTER';
  if (CONFIG_HINT.test(name)) return 'CONFIGURATION_HELPER';
  if (/sidecar|agent|shipper|forwarder/.test(name)) return 'SIDECAR';
  return null;
}

/**
 * Which main app containers mount each volume, by position in mainApps: each container looks its
 * own mounts up here, instead of comparing its mounts with every app's (pairwise, quadratic in
 * containers).
 */
function volumeIndex(mainApps: readonly PodContainer[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  mainApps.forEach((app, i) => {
    for (const m of app.container.volumeMounts ?? []) {
      const name = m.name ?? '';
      if (name === '') continue;
      const apps = index.get(name);
      if (!apps) index.set(name, [i]);
      else if (apps[apps.length - 1] !== i) apps.push(i);
    }
  });
  return index;
}

/**
 * One SHARED_VOLUME evidence per main app that mounts a volume `c` mounts, in mainApps order,
 * naming the shared volumes in the app's mount order. Returns whether there was any.
 */
function sharedVolumeEvidence(
  c: PodContainer,
  mainApps: readonly PodContainer[],
  index: ReadonlyMap<string, number[]>,
  evidence: Evidence[],
): boolean {
  const mounts = c.container.volumeMounts;
  if (!mounts || mounts.length === 0 || index.size === 0) return false;
  const names = new Set<string | undefined>();
  const sharing = new Set<number>();
  for (const m of mounts) {
    names.add(m.name);
    for (const i of index.get(m.name ?? '') ?? []) sharing.add(i);
  }
  if (sharing.size === 0) return false;
  for (const i of [...sharing].sort((a, b) => a - b)) {
    const app = mainApps[i] as PodContainer;
    const shared: string[] = [];
    for (const m of app.container.volumeMounts ?? []) {
      const name = m.name ?? '';
      if (name !== '' && names.has(name)) shared.push(name);
    }
    evidence.push({
      kind: 'SHARED_VOLUME',
      detail: `shares volume(s) ${shared.join(', ')} with "${app.name}"`,
    });
  }
  return true;
}
const LOCALHOST_LISTENER =
  /^--?(?:[a-z-]*(?:address|addr|listen|bind|host)[a-z-]*)=((?:127\.0\.0\.1|localhost)(?::\d+)?)$/;

/** A listen address bound to the loopback interface: only containers of this pod can reach it. */
function localhostListener(words: readonly string[]): string | null {
  for (const w of words) {
    if (LOCALHOST_LISTENER.exec(w)?.[1]) return w;
  }
  return null;
}

/** The command, if all it does is idle. */
export function idleCommand(c: Container): string | null {
  return idleScript(commandWords(c).join(' '));
}

function idleScript(joined: string): string | null {
  const script = joined.trim();
  // IDLE ends in one of these words: a script that does not is not tried (most are long ones).
  const idleEnd =
    script.endsWith('infinity') ||
    script.endsWith('inf') ||
    script.endsWith('/dev/null') ||
    script.endsWith('pause');
  return idleEnd && IDLE.test(script) ? script : null;
}

/**
 * What the classifier reads of the pod's metadata, read once per call rather than once per
 * container: the injectors' marks and the names the workload goes by.
 */
interface PodFacts {
  annotations: Record<string, unknown> | undefined;
  labels: Record<string, unknown> | undefined;
  /** The workload's name and app labels, lower case: whoever is named after them is the app. */
  owners: string[];
  /** The first of the owners that names a gateway or ingress workload. */
  gatewayOwner: string | undefined;
  /** inject.istio.io/templates, when it selects Istio's gateway template. */
  gatewayTemplates: string | undefined;
  /** The containers sidecar.istio.io/status lists (parsed on first use; null: not JSON). */
  istioListed: unknown[] | null | undefined;
}

function podFactsOf(ctx: WorkloadContext): PodFacts {
  const { annotations, labels } = ctx.workload.podMeta;
  const owners: string[] = [];
  for (const n of [
    ctx.workload.name,
    podString(labels, 'app.kubernetes.io/name'),
    podString(labels, 'app'),
    podString(labels, 'k8s-app'),
  ]) {
    if (typeof n === 'string' && n !== '') owners.push(n.toLowerCase());
  }
  const templates = podString(annotations, 'inject.istio.io/templates');
  return {
    annotations,
    labels,
    owners,
    gatewayOwner: owners.find((o) => GATEWAY_WORKLOAD.test(o)),
    gatewayTemplates:
      templates && /(^|,)\s*gateway\s*(,|$)/.test(templates) ? templates : undefined,
    istioListed: undefined,
  };
}

function podString(map: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = map?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** The containers Istio's injector lists in sidecar.istio.io/status, or null. */
function istioListed(pod: PodFacts, status: string): unknown[] | null {
  if (pod.istioListed === undefined) {
    try {
      const parsed = JSON.parse(status) as { containers?: unknown; initContainers?: unknown };
      pod.istioListed = [parsed.containers, parsed.initContainers].flatMap((l) =>
        Array.isArray(l) ? (l as unknown[]) : [],
      );
    } catch {
      // Not JSON: no evidence from it.
      pod.istioListed = null;
    }
  }
  return pod.istioListed;
}

/** Marks an injector leaves on the pod that name the container it injected. */
function injectorEvidence(
  pod: PodFacts,
  c: PodContainer,
  helper: KnownHelper | null,
): Evidence | null {
  const status = podString(pod.annotations, 'sidecar.istio.io/status');
  if (status && helper?.project === 'Istio' && istioListed(pod, status)?.includes(c.name)) {
    return {
      kind: 'INJECTOR',
      detail: `Istio's injector lists "${c.name}" in the pod annotation sidecar.istio.io/status`,
    };
  }
  if (
    helper?.project === 'Linkerd' &&
    podString(pod.annotations, 'linkerd.io/proxy-version') !== undefined
  ) {
    return {
      kind: 'INJECTOR',
      detail: `the pod carries Linkerd's injection annotation linkerd.io/proxy-version`,
    };
  }
  if (
    helper?.project === 'Vault' &&
    podString(pod.annotations, 'vault.hashicorp.com/agent-inject-status') === 'injected'
  ) {
    return {
      kind: 'INJECTOR',
      detail: 'the pod carries vault.hashicorp.com/agent-inject-status: injected',
    };
  }
  const veleroHook =
    podString(pod.annotations, 'pre.hook.backup.velero.io/container') ??
    podString(pod.annotations, 'post.hook.backup.velero.io/container');
  if (veleroHook === c.name) {
    return {
      kind: 'INJECTOR',
      detail: `Velero's backup hooks run in it (pod annotation pre.hook.backup.velero.io/container: ${c.name})`,
    };
  }
  return null;
}

/**
 * Whether this app container's helper is the workload's reason to exist: a gateway's proxy, a
 * proxy in a gateway or ingress workload (a container named after the workload is namedAfterWorkload).
 * Such a container is the app, whatever its image or name says.
 */
function workloadPurpose(pod: PodFacts, helper: KnownHelper | null): Evidence | null {
  if (helper?.id === 'istio-gateway') {
    return {
      kind: 'WORKLOAD_PURPOSE',
      detail: `it runs Istio's gateway proxy (pilot-agent proxy router)`,
    };
  }
  if (pod.gatewayTemplates !== undefined && helper?.id === 'istio-proxy') {
    return {
      kind: 'WORKLOAD_PURPOSE',
      detail: `the pod is injected with Istio's gateway template (inject.istio.io/templates: ${pod.gatewayTemplates}): the proxy is the gateway itself`,
    };
  }
  // A proxy in a gateway or ingress workload is its data plane: every request is its work.
  if (helper && (helper.kind === 'mesh-proxy' || helper.kind === 'network-proxy')) {
    const gateway = pod.gatewayOwner;
    if (gateway) {
      return {
        kind: 'WORKLOAD_PURPOSE',
        detail: `the workload "${gateway}" is a gateway or ingress: the proxy is its data plane, not a helper`,
      };
    }
  }
  return null;
}

/** The container is named after the workload (its name or app label). */
function namedAfterWorkload(pod: PodFacts, name: string): Evidence | null {
  if (name === '') return null;
  for (const owner of pod.owners) {
    if (owner === name || owner.endsWith(`-${name}`) || owner.startsWith(`${name}-`)) {
      return {
        kind: 'WORKLOAD_PURPOSE',
        detail: `it is named after the workload ("${owner}")`,
      };
    }
  }
  return null;
}

const GATEWAY_WORKLOAD = /(gateway|ingress|contour|emissary|ambassador|gloo|(^|-)edge(-|$))/;

const CONFIDENCE_RANK: Record<Confidence, number> = { CERTAIN: 0, LIKELY: 1, GUESS: 2 };
const surer = (a: Confidence, b: Confidence): Confidence =>
  CONFIDENCE_RANK[a] <= CONFIDENCE_RANK[b] ? a : b;

/** Linkerd's identity controller keeps its proxy a regular container on purpose. */
function nativeSupportFor(pod: PodFacts, helper: KnownHelper | null): NativeSupport | null {
  if (!helper) return null;
  if (
    helper.id === 'linkerd-proxy' &&
    podString(pod.labels, 'linkerd.io/control-plane-component') === 'identity'
  ) {
    return {
      supported: false,
      waitsForApp: true,
      note: "Linkerd's identity controller keeps its proxy a regular container on purpose: the proxy gets its certificate from the identity container beside it, so a native proxy waiting to be ready would hold that container back forever (linkerd/linkerd2 charts/linkerd-control-plane/templates/identity.yaml sets proxy.nativeSidecar false)",
    };
  }
  return helper.native;
}

interface Candidate {
  helper: KnownHelper | null;
  /** The evidence so far; classifyContainers adds what depends on the other containers. */
  evidence: Evidence[];
  confidence: Confidence;
  /** Recognised from the catalogue (not only from a name or an idle command). */
  known: boolean;
  idle: boolean;
  hinted: boolean;
  /** Listens on the loopback only (a LOCALHOST_PORT evidence). */
  local: boolean;
  purpose: Evidence | null;
  /** Named after the workload: the app unless a catalogue match says otherwise. */
  named: Evidence | null;
  /** The name, lower case. */
  name: string;
}

/** What a container is on its own: its catalogue match and the signs it carries itself. */
function candidateOf(pod: PodFacts, c: PodContainer): Candidate {
  const facts = containerFacts(c.container);
  const found = recogniseFacts(facts);
  const helper = found?.helper ?? null;
  const evidence: Evidence[] = [];
  if (c.role !== 'APP') {
    evidence.push({
      kind: 'RESTART_POLICY',
      detail:
        c.role === 'SIDECAR'
          ? 'an init container with restartPolicy: Always: a native sidecar'
          : 'an init container without restartPolicy: Always: runs to completion before the next one starts',
    });
  }
  let confidence: Confidence = 'GUESS';
  if (found) {
    confidence = matchConfidence(found.match);
    evidence.push({
      kind:
        found.match.by === 'name'
          ? 'NAME_HINT'
          : found.match.by === 'command'
            ? 'COMMAND'
            : 'KNOWN_IMAGE',
      detail: `${found.helper.product} (${found.helper.kind}): ${found.match.detail}`,
    });
  }
  const injected = injectorEvidence(pod, c, helper);
  if (injected) {
    evidence.push(injected);
    confidence = 'CERTAIN';
  }
  const idle = idleScript(facts.script);
  if (idle && !found) {
    evidence.push({ kind: 'COMMAND', detail: `its command only idles ("${idle}")` });
  }
  const hinted = !found && STRONG_HINT.test(facts.name);
  if (hinted) {
    evidence.push({ kind: 'NAME_HINT', detail: `its name "${c.name}" names a helper's job` });
  }
  const local = localhostListener(facts.words);
  if (local) {
    evidence.push({ kind: 'LOCALHOST_PORT', detail: `it listens on the loopback only (${local})` });
  }
  return {
    helper,
    evidence,
    confidence,
    known: found !== null && found.match.by !== 'name',
    idle: idle !== null,
    hinted: hinted || found?.match.by === 'name',
    local: local !== null,
    purpose: c.role === 'APP' ? workloadPurpose(pod, helper) : null,
    named: c.role === 'APP' ? namedAfterWorkload(pod, facts.name) : null,
    name: facts.name,
  };
}

/**
 * The app containers that do the workload's own work (positions in `containers`, in order). An
 * app container is only a helper when some other app container is not one: a pod that runs envoy
 * alone is an envoy deployment, not a sidecar. The workload's purpose is never a helper;
 * recognised images and commands weigh more than name hints: next to prometheus-to-sd,
 * "prometheus-dummy-exporter" is the app.
 */
function mainAppPositions(
  containers: readonly PodContainer[],
  candidates: readonly Candidate[],
): number[] {
  const apps: number[] = [];
  containers.forEach((c, i) => {
    if (c.role === 'APP') apps.push(i);
  });
  const helperish = (k: Candidate, withHints: boolean): boolean => {
    if (k.purpose) return false;
    if (k.named && !k.known) return false;
    return k.known || k.idle || (withHints && k.hinted);
  };
  const keep = (test: (k: Candidate) => boolean): number[] =>
    apps.filter((i) => test(candidates[i] as Candidate));
  let main = keep((k) => !helperish(k, true));
  if (main.length === 0) main = keep((k) => !helperish(k, false));
  if (main.length === 0) main = keep((k) => k.named !== null);
  // Only idle containers and hinted ones: nothing does real work beside them, so none is a helper.
  if (main.length === 0) main = apps;
  return main;
}

/**
 * Classifies every container of the workload's pod, in start order. Native sidecars are those the
 * cluster version honours (on 1.28 without the gate, restartPolicy Always is dropped: INIT).
 * Linear in containers: what depends on the other containers (which apps are the main ones, who
 * shares a volume with whom) is indexed once, not searched per container.
 */
export function classifyContainers(ctx: WorkloadContext): ClassifiedContainer[] {
  const containers = listContainers(ctx.workload, ctx.gates.SidecarContainers);
  const pod = podFactsOf(ctx);
  const candidates = containers.map((c) => candidateOf(pod, c));
  const appCount = containers.filter((c) => c.role === 'APP').length;
  const mainPositions = mainAppPositions(containers, candidates);
  const mainApps = mainPositions.map((i) => containers[i] as PodContainer);
  const isMain = new Array<boolean>(containers.length).fill(false);
  for (const i of mainPositions) isMain[i] = true;
  const firstMain = mainPositions[0];
  const volumes = volumeIndex(mainApps);

  return containers.map((c, i): ClassifiedContainer => {
    const k = candidates[i] as Candidate;
    const helper = k.helper;
    // The candidate is this call's own: its evidence array becomes the container's.
    const evidence = k.evidence;
    const native = nativeSupportFor(pod, helper);
    const name = k.name;

    if (c.role === 'INIT' || c.role === 'SIDECAR') {
      sharedVolumeEvidence(c, mainApps, volumes, evidence);
      // The role is certain (restartPolicy); the helper behind it is as sure as its match.
      const confidence = helper ? k.confidence : 'CERTAIN';
      if (c.role === 'INIT') {
        return classified(c, helper, native, 'INIT', false, evidence, confidence);
      }
      const pattern = helper?.pattern ?? patternFromName(name) ?? 'SIDECAR';
      return classified(
        c,
        helper,
        native,
        pattern === 'INIT' ? 'SIDECAR' : pattern,
        false,
        evidence,
        confidence,
      );
    }

    // APP container.
    if (k.purpose) evidence.push(k.purpose);
    else if (k.named && isMain[i]) evidence.push(k.named);
    if (!isMain[i]) {
      let confidence = k.confidence;
      if (sharedVolumeEvidence(c, mainApps, volumes, evidence)) {
        confidence = surer(confidence, 'LIKELY');
      }
      if (k.local) confidence = surer(confidence, 'LIKELY');
      const pattern =
        helper && helper.pattern !== 'INIT' ? helper.pattern : (patternFromName(name) ?? 'SIDECAR');
      return classified(c, helper, native, pattern, true, evidence, confidence);
    }
    // The app. A peer container (redis + sentinel) or a front end named like one: a pattern, not a sidecar.
    const weak =
      appCount > 1 && mainApps.length > 1 && i !== firstMain ? patternFromName(name) : null;
    const certain = k.purpose !== null || (!k.known && !k.hinted && !k.idle);
    if (!k.purpose && !k.named && (k.known || k.hinted || k.idle)) {
      evidence.push({
        kind: 'WORKLOAD_PURPOSE',
        detail: 'no other container does the work here, so it is taken for the workload itself',
      });
    }
    return classified(c, null, native, weak, false, evidence, certain ? 'CERTAIN' : 'LIKELY');
  });
}

/**
 * The container with what it is. Written out field by field on purpose: on Node 20 an object
 * spread followed by more fields (`{ ...c, helper, ... }`) gets a fresh hidden class per object and
 * cost ~10 µs per container, the classification's largest cost. A field added to PodContainer is a
 * type error here until it is copied too.
 */
function classified(
  c: PodContainer,
  helper: KnownHelper | null,
  native: NativeSupport | null,
  pattern: PatternKind | null,
  legacySidecar: boolean,
  evidence: Evidence[],
  confidence: Confidence,
): ClassifiedContainer {
  return {
    container: c.container,
    name: c.name,
    role: c.role,
    index: c.index,
    path: c.path,
    helper,
    native,
    pattern,
    legacySidecar,
    evidence,
    confidence,
  };
}

export function toClassifiedContainerReport(c: ClassifiedContainer): ContainerReport {
  // The place in the pod, then what the classification adds: assigned onto the fresh object
  // rather than spread into another one (the same fields, in the same order).
  const report = toContainerReport(c) as ContainerReport;
  report.legacySidecar = c.legacySidecar;
  report.pattern = c.pattern;
  report.helper = c.helper ? { id: c.helper.id, product: c.helper.product } : null;
  report.confidence = c.confidence;
  report.evidence = c.evidence.map((e) => ({ kind: e.kind, detail: e.detail }));
  return report;
}
