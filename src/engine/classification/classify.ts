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
import { commandWords, matchConfidence, recogniseHelperMatch } from './known-helpers';
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

function sharedVolumes(a: PodContainer, b: PodContainer): string[] {
  const names = new Set((a.container.volumeMounts ?? []).map((m) => m.name));
  return (b.container.volumeMounts ?? [])
    .map((m) => m.name ?? '')
    .filter((n) => n !== '' && names.has(n));
}

/** A listen address bound to the loopback interface: only containers of this pod can reach it. */
function localhostListener(c: Container): string | null {
  const words = commandWords(c);
  for (const w of words) {
    const m =
      /^--?(?:[a-z-]*(?:address|addr|listen|bind|host)[a-z-]*)=((?:127\.0\.0\.1|localhost)(?::\d+)?)$/.exec(
        w,
      );
    if (m?.[1]) return w;
  }
  return null;
}

/** The command, if all it does is idle. */
export function idleCommand(c: Container): string | null {
  const script = commandWords(c).join(' ').trim();
  return script !== '' && IDLE.test(script) ? script : null;
}

function podAnnotation(ctx: WorkloadContext, key: string): string | undefined {
  const v = ctx.workload.podMeta.annotations?.[key];
  return typeof v === 'string' ? v : undefined;
}

function podLabel(ctx: WorkloadContext, key: string): string | undefined {
  const v = ctx.workload.podMeta.labels?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** Marks an injector leaves on the pod that name the container it injected. */
function injectorEvidence(
  ctx: WorkloadContext,
  c: PodContainer,
  helper: KnownHelper | null,
): Evidence | null {
  const status = podAnnotation(ctx, 'sidecar.istio.io/status');
  if (status && helper?.project === 'Istio') {
    try {
      const parsed = JSON.parse(status) as { containers?: unknown; initContainers?: unknown };
      const listed = [parsed.containers, parsed.initContainers]
        .flatMap((l) => (Array.isArray(l) ? l : []))
        .includes(c.name);
      if (listed) {
        return {
          kind: 'INJECTOR',
          detail: `Istio's injector lists "${c.name}" in the pod annotation sidecar.istio.io/status`,
        };
      }
    } catch {
      // Not JSON: no evidence from it.
    }
  }
  if (
    helper?.project === 'Linkerd' &&
    podAnnotation(ctx, 'linkerd.io/proxy-version') !== undefined
  ) {
    return {
      kind: 'INJECTOR',
      detail: `the pod carries Linkerd's injection annotation linkerd.io/proxy-version`,
    };
  }
  if (
    helper?.project === 'Vault' &&
    podAnnotation(ctx, 'vault.hashicorp.com/agent-inject-status') === 'injected'
  ) {
    return {
      kind: 'INJECTOR',
      detail: 'the pod carries vault.hashicorp.com/agent-inject-status: injected',
    };
  }
  const veleroHook =
    podAnnotation(ctx, 'pre.hook.backup.velero.io/container') ??
    podAnnotation(ctx, 'post.hook.backup.velero.io/container');
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
function workloadPurpose(ctx: WorkloadContext, helper: KnownHelper | null): Evidence | null {
  if (helper?.id === 'istio-gateway') {
    return {
      kind: 'WORKLOAD_PURPOSE',
      detail: `it runs Istio's gateway proxy (pilot-agent proxy router)`,
    };
  }
  const templates = podAnnotation(ctx, 'inject.istio.io/templates');
  if (templates && /(^|,)\s*gateway\s*(,|$)/.test(templates) && helper?.id === 'istio-proxy') {
    return {
      kind: 'WORKLOAD_PURPOSE',
      detail: `the pod is injected with Istio's gateway template (inject.istio.io/templates: ${templates}): the proxy is the gateway itself`,
    };
  }
  const owners = [
    ctx.workload.name,
    podLabel(ctx, 'app.kubernetes.io/name'),
    podLabel(ctx, 'app'),
    podLabel(ctx, 'k8s-app'),
  ]
    .filter((n): n is string => typeof n === 'string' && n !== '')
    .map((n) => n.toLowerCase());
  // A proxy in a gateway or ingress workload is its data plane: every request is its work.
  if (helper && (helper.kind === 'mesh-proxy' || helper.kind === 'network-proxy')) {
    const gateway = owners.find((o) => GATEWAY_WORKLOAD.test(o));
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
function namedAfterWorkload(ctx: WorkloadContext, c: PodContainer): Evidence | null {
  const name = c.name.toLowerCase();
  if (name === '') return null;
  const owners = [
    ctx.workload.name,
    podLabel(ctx, 'app.kubernetes.io/name'),
    podLabel(ctx, 'app'),
    podLabel(ctx, 'k8s-app'),
  ]
    .filter((n): n is string => typeof n === 'string' && n !== '')
    .map((n) => n.toLowerCase());
  for (const owner of owners) {
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
function nativeSupportFor(ctx: WorkloadContext, helper: KnownHelper | null): NativeSupport | null {
  if (!helper) return null;
  if (
    helper.id === 'linkerd-proxy' &&
    podLabel(ctx, 'linkerd.io/control-plane-component') === 'identity'
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
  evidence: Evidence[];
  confidence: Confidence;
  /** Recognised from the catalogue (not only from a name or an idle command). */
  known: boolean;
  idle: boolean;
  hinted: boolean;
  purpose: Evidence | null;
  /** Named after the workload: the app unless a catalogue match says otherwise. */
  named: Evidence | null;
}

function candidateOf(ctx: WorkloadContext, c: PodContainer): Candidate {
  const found = recogniseHelperMatch(c.container);
  const helper = found?.helper ?? null;
  const evidence: Evidence[] = [];
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
  const injected = injectorEvidence(ctx, c, helper);
  if (injected) {
    evidence.push(injected);
    confidence = 'CERTAIN';
  }
  const idle = idleCommand(c.container);
  if (idle && !found) {
    evidence.push({ kind: 'COMMAND', detail: `its command only idles ("${idle}")` });
  }
  const hinted = !found && STRONG_HINT.test(c.name.toLowerCase());
  if (hinted) {
    evidence.push({ kind: 'NAME_HINT', detail: `its name "${c.name}" names a helper's job` });
  }
  const local = localhostListener(c.container);
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
    purpose: c.role === 'APP' ? workloadPurpose(ctx, helper) : null,
    named: c.role === 'APP' ? namedAfterWorkload(ctx, c) : null,
  };
}

/**
 * Classifies every container of the workload's pod, in start order. Native sidecars are those the
 * cluster version honours (on 1.28 without the gate, restartPolicy Always is dropped: INIT).
 */
export function classifyContainers(ctx: WorkloadContext): ClassifiedContainer[] {
  const containers = listContainers(ctx.workload, ctx.gates.SidecarContainers);
  const candidates = containers.map((c) => candidateOf(ctx, c));
  const apps = containers.filter((c) => c.role === 'APP');
  const cand = (c: PodContainer): Candidate => candidates[containers.indexOf(c)] as Candidate;

  // An app container is only a helper when some other app container is not one: a pod that runs
  // envoy alone is an envoy deployment, not a sidecar. The workload's purpose is never a helper;
  // recognised images and commands weigh more than name hints: next to prometheus-to-sd,
  // "prometheus-dummy-exporter" is the app.
  const helperish = (c: PodContainer, withHints: boolean): boolean => {
    const k = cand(c);
    if (k.purpose) return false;
    if (k.named && !k.known) return false;
    return k.known || k.idle || (withHints && k.hinted);
  };
  let mainApps = apps.filter((c) => !helperish(c, true));
  if (mainApps.length === 0) mainApps = apps.filter((c) => !helperish(c, false));
  if (mainApps.length === 0) mainApps = apps.filter((c) => cand(c).named !== null);
  // Only idle containers and hinted ones: nothing does real work beside them, so none is a helper.
  if (mainApps.length === 0) mainApps = apps;

  return containers.map((c, i): ClassifiedContainer => {
    const k = candidates[i] as Candidate;
    const helper = k.helper;
    const evidence = [...k.evidence];
    const native = nativeSupportFor(ctx, helper);
    const name = c.name.toLowerCase();
    const base = { ...c, helper, native };

    if (c.role === 'INIT' || c.role === 'SIDECAR') {
      evidence.unshift({
        kind: 'RESTART_POLICY',
        detail:
          c.role === 'SIDECAR'
            ? 'an init container with restartPolicy: Always: a native sidecar'
            : 'an init container without restartPolicy: Always: runs to completion before the next one starts',
      });
      for (const app of mainApps) {
        const shared = sharedVolumes(c, app);
        if (shared.length > 0) {
          evidence.push({
            kind: 'SHARED_VOLUME',
            detail: `shares volume(s) ${shared.join(', ')} with "${app.name}"`,
          });
        }
      }
      // The role is certain (restartPolicy); the helper behind it is as sure as its match.
      const confidence = helper ? k.confidence : 'CERTAIN';
      if (c.role === 'INIT') {
        return { ...base, pattern: 'INIT', legacySidecar: false, evidence, confidence };
      }
      const pattern = helper?.pattern ?? patternFromName(name) ?? 'SIDECAR';
      return {
        ...base,
        pattern: pattern === 'INIT' ? 'SIDECAR' : pattern,
        legacySidecar: false,
        evidence,
        confidence,
      };
    }

    // APP container.
    if (k.purpose) evidence.push(k.purpose);
    else if (k.named && mainApps.includes(c)) evidence.push(k.named);
    const isHelper = !mainApps.includes(c);
    if (isHelper) {
      let confidence = k.confidence;
      for (const app of mainApps) {
        const shared = sharedVolumes(c, app);
        if (shared.length > 0) {
          evidence.push({
            kind: 'SHARED_VOLUME',
            detail: `shares volume(s) ${shared.join(', ')} with "${app.name}"`,
          });
          confidence = surer(confidence, 'LIKELY');
        }
      }
      if (evidence.some((e) => e.kind === 'LOCALHOST_PORT')) {
        confidence = surer(confidence, 'LIKELY');
      }
      const pattern =
        helper && helper.pattern !== 'INIT' ? helper.pattern : (patternFromName(name) ?? 'SIDECAR');
      return { ...base, pattern, legacySidecar: true, evidence, confidence };
    }
    // The app. A peer container (redis + sentinel) or a front end named like one: a pattern, not a sidecar.
    const weak =
      apps.length > 1 && mainApps.length > 1 && mainApps.indexOf(c) > 0
        ? patternFromName(name)
        : null;
    const certain = k.purpose !== null || (!k.known && !k.hinted && !k.idle);
    if (!k.purpose && !k.named && (k.known || k.hinted || k.idle)) {
      evidence.push({
        kind: 'WORKLOAD_PURPOSE',
        detail: 'no other container does the work here, so it is taken for the workload itself',
      });
    }
    return {
      ...base,
      helper: null,
      pattern: weak,
      legacySidecar: false,
      evidence,
      confidence: certain ? 'CERTAIN' : 'LIKELY',
    };
  });
}

export function toClassifiedContainerReport(c: ClassifiedContainer): ContainerReport {
  return {
    ...toContainerReport(c),
    legacySidecar: c.legacySidecar,
    pattern: c.pattern,
    helper: c.helper ? { id: c.helper.id, product: c.helper.product } : null,
    confidence: c.confidence,
    evidence: c.evidence.map((e) => ({ ...e })),
  };
}
