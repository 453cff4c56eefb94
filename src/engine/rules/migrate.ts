// The main mechanical fix: turn a legacy sidecar (a helper in spec.containers) into a native one
// (an init container with restartPolicy Always), declared before the containers that need it,
// with a startupProbe where the image documents one, and without the workarounds that native
// sidecars make unnecessary (postStart waits, /quitquitquit calls).
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { Container } from '../k8s/types';
import type { RuleContainer, RuleContext } from './context';
import type { RuleHit } from './define-rule';
import type { PodDocumentEditor } from './fix';
import { waitHookTool } from './helpers';
import { tcpStartupProbe } from '../classification';

/** The startupProbe we suggest for a sidecar: the image's own, or a TCP check on its first port. */
export function suggestedStartupProbe(c: RuleContainer): Container['startupProbe'] | null {
  const known = c.helper?.startupProbe?.(c.container);
  if (known) return known;
  const port = (c.container.ports ?? []).find(
    (p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.containerPort === 'number',
  );
  return port?.containerPort ? tcpStartupProbe(port.containerPort) : null;
}

/** Writes a suggested startupProbe into a container's node, after its other probes and ports. */
export function setStartupProbe(
  editor: PodDocumentEditor,
  node: YAMLMap,
  probe: NonNullable<Container['startupProbe']>,
): void {
  editor.setAfter(node, 'startupProbe', editor.doc.createNode(probe), [
    'readinessProbe',
    'livenessProbe',
    'ports',
    'restartPolicy',
  ]);
}

function dropWaitHook(node: YAMLMap, c: Container): void {
  if (!waitHookTool(c)) return;
  const lifecycle = node.get('lifecycle', true);
  if (!isMap(lifecycle)) return;
  lifecycle.delete('postStart');
  if (lifecycle.items.length === 0) node.delete('lifecycle');
}

// `curl -X POST localhost:9091/quitquitquit` (with its && or ;) inside a shell script.
const QUIT_CALL = /[ \t]*(?:&&|;)?[ \t]*(?:curl|wget)\b[^;&|\n]*quitquitquit[^;&|\n]*/g;

function dropQuitCalls(editor: PodDocumentEditor): void {
  const items = [
    ...(editor.list('initContainers')?.items ?? []),
    ...(editor.list('containers')?.items ?? []),
  ];
  for (const item of items) {
    if (!isMap(item)) continue;
    for (const field of ['command', 'args']) {
      const words = item.get(field, true);
      if (!isSeq(words)) continue;
      words.items = words.items.filter((w) => {
        if (!isScalar(w) || typeof w.value !== 'string' || !w.value.includes('quitquitquit')) {
          return true;
        }
        if (/^--?quitquitquit$/.test(w.value.trim())) return false;
        const cleaned = w.value.replace(QUIT_CALL, '');
        w.value = /\n$/.test(w.value) && !/\n$/.test(cleaned) ? `${cleaned}\n` : cleaned;
        return cleaned.trim() !== '';
      });
    }
  }
}

// An app wrapped as `linkerd-await [flags] -- cmd...` only waited for the proxy.
function dropAwaitWrapper(editor: PodDocumentEditor): void {
  for (const item of editor.list('containers')?.items ?? []) {
    if (!isMap(item)) continue;
    const command = item.get('command', true);
    if (!isSeq(command)) continue;
    const first = command.items[0];
    if (
      !isScalar(first) ||
      typeof first.value !== 'string' ||
      !/linkerd-await$/.test(first.value)
    ) {
      continue;
    }
    const sep = command.items.findIndex((w) => isScalar(w) && w.value === '--');
    if (sep < 0 || sep === command.items.length - 1) continue;
    command.items.splice(0, sep + 1);
  }
}

/** Where the migrated sidecar goes: after the mesh's iptables init containers, before all others. */
function insertionIndex(ctx: RuleContext, target: RuleContainer): number {
  const init = ctx.containers.filter((c) => c.role !== 'APP');
  let at = 0;
  init.forEach((c, i) => {
    if (c.helper?.kind === 'mesh-init' && target.helper?.kind === 'mesh-proxy') at = i + 1;
  });
  return at;
}

/**
 * Why a legacy sidecar gets no mechanical migration, or null when it may be migrated: the fix is
 * offered only when the classification is certain and the helper's own project supports running
 * it as a native sidecar (docs/rules.md, "Severity policy").
 */
export function migrationBlocker(ctx: RuleContext, target: RuleContainer): string | null {
  if (!ctx.gates.SidecarContainers) {
    return `Kubernetes ${ctx.version.text} has no native sidecars (SidecarContainers gate off)`;
  }
  if (target.confidence !== 'CERTAIN') {
    const basis = target.evidence.map((e) => e.detail).join('; ');
    return `"${target.name}" is taken for a helper on ${target.confidence.toLowerCase()} evidence only (${basis || 'no recognised image or command'}); check it, then move it yourself`;
  }
  if (!target.native) {
    return `"${target.name}" is no helper of a known project, so nothing says it can run as a native sidecar`;
  }
  if (!target.native.supported) return target.native.note;
  return null;
}

/** The message of a finding about a legacy sidecar, with why there is no fix when there is none. */
export function withFixNote(ctx: RuleContext, target: RuleContainer, message: string): string {
  const blocker = migrationBlocker(ctx, target);
  return blocker ? `${message} No mechanical fix: ${blocker}.` : message;
}

export function migrateToNativeSidecar(
  ctx: RuleContext,
  target: RuleContainer,
  editor: PodDocumentEditor,
): boolean {
  // On 1.28 without the gate the API server would drop restartPolicy: no native sidecars there.
  if (target.role !== 'APP' || migrationBlocker(ctx, target) !== null) return false;
  const containers = editor.list('containers');
  const node = editor.container('containers', target.index);
  if (!containers || !node) return false;
  const at = insertionIndex(ctx, target);
  const init = editor.ensureInitList();
  containers.items.splice(target.index, 1);

  dropWaitHook(node, target.container);
  editor.setAfter(node, 'restartPolicy', new Scalar('Always'), ['name', 'image']);
  if (!target.container.startupProbe) {
    const probe = suggestedStartupProbe(target);
    if (probe) setStartupProbe(editor, node, probe);
  }
  init.items.splice(Math.min(at, init.items.length), 0, node);
  dropQuitCalls(editor);
  dropAwaitWrapper(editor);
  return true;
}

/** The fix of a rule whose hit names a legacy sidecar by its path: migrate that container. */
export function migrateHitContainer(
  ctx: RuleContext,
  hit: RuleHit,
  editor: PodDocumentEditor,
): boolean {
  const target = ctx.containers.find((c) => c.path === hit.path);
  return target ? migrateToNativeSidecar(ctx, target, editor) : false;
}
