import type { RuleContainer, RuleContext } from '../context';
import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import { commandLine } from '../helpers';

interface Dependency {
  sidecar: RuleContainer;
  init: RuleContainer;
  why: string;
  confidence: 'CERTAIN' | 'LIKELY' | 'GUESS';
}

function dependencies(ctx: RuleContext): Dependency[] {
  const out: Dependency[] = [];
  const init = ctx.containers.filter((c) => c.role !== 'APP');
  // The mesh's iptables init container redirects every later container's traffic to the proxy.
  const meshInitAt = init.findIndex((c) => c.helper?.kind === 'mesh-init');
  // What each init container runs and is given, read once (not once per sidecar after it).
  const texts: (string | undefined)[] = [];
  const textOf = (i: number, ic: RuleContainer): string =>
    (texts[i] ??=
      `${commandLine(ic.container)} ${(ic.container.env ?? []).map((e) => e.value ?? '').join(' ')}`);
  // A connection to localhost on a port, compiled once per port.
  const localhost = new Map<number, RegExp>();
  const connectsTo = (text: string, p: number): boolean => {
    let re = localhost.get(p);
    if (!re) {
      re = new RegExp(`(localhost|127\\.0\\.0\\.1|\\[::1\\]):${p}(?!\\d)`);
      localhost.set(p, re);
    }
    return re.test(text);
  };
  init.forEach((sidecar, j) => {
    if (sidecar.role !== 'SIDECAR') return;
    const ports = (sidecar.container.ports ?? [])
      .map((p) => p.containerPort)
      .filter((p): p is number => typeof p === 'number');
    const meshProxy = sidecar.helper?.kind === 'mesh-proxy' && meshInitAt >= 0;
    // Nothing before it can depend on a sidecar that serves no port and redirects nothing.
    if (ports.length === 0 && !meshProxy) return;
    for (let i = 0; i < j; i++) {
      const ic = init[i];
      if (!ic || ic.role !== 'INIT' || ic.helper?.runsToCompletion) continue;
      if (meshProxy && meshInitAt < i) {
        out.push({
          sidecar,
          init: ic,
          why: `"${init[meshInitAt]?.name ?? ''}" already redirects its traffic to a proxy that is not running yet`,
          // Resting on which containers are the mesh's: as sure as the less sure of the two.
          confidence:
            sidecar.confidence === 'CERTAIN' && init[meshInitAt]?.confidence === 'CERTAIN'
              ? 'CERTAIN'
              : sidecar.confidence === 'GUESS' || init[meshInitAt]?.confidence === 'GUESS'
                ? 'GUESS'
                : 'LIKELY',
        });
        continue;
      }
      if (ports.length === 0) continue;
      const text = textOf(i, ic);
      const port = ports.find((p) => connectsTo(text, p));
      if (port !== undefined) {
        out.push({
          sidecar,
          init: ic,
          why: `it connects to localhost:${port}, which only the sidecar serves`,
          confidence: 'CERTAIN',
        });
      }
    }
  });
  return out;
}

export const sidecarDeclaredAfterDependentInit = defineRule({
  id: 'sidecar-declared-after-dependent-init',
  category: 'startup',
  defaultSeverity: 'error',
  basis: 'classification',
  title: 'Native sidecar declared after the init container that needs it',
  rationale:
    'Init containers run strictly in declaration order, and a native sidecar starts only when its turn comes (kuberuntime_manager.go computeInitContainerActions): a regular init container declared before the sidecar runs without it. With a mesh, its traffic is already redirected to a proxy that is not running, so it hangs or fails and the pod never initializes (the "init containers have no network" problem native sidecars were meant to solve, linkerd edge-23.11.4, istio #11130).',
  remediation:
    "Declare the sidecar before the init containers that use it (right after the mesh's iptables init container, if any).",
  appliesTo: ['native-sidecar'],
  check(ctx) {
    return dependencies(ctx).map((d) => ({
      message: `init container "${d.init.name}" runs before native sidecar ${describeContainer(d.sidecar)} is started, but ${d.why}.`,
      path: d.sidecar.path,
      container: d.sidecar.name,
      confidence: d.confidence,
    }));
  },
  fix(ctx, hit, editor) {
    const dep = dependencies(ctx).find((d) => d.sidecar.path === hit.path);
    const init = editor.list('initContainers');
    const node = init?.items[dep?.sidecar.index ?? -1];
    if (!dep || !init || !node) return false;
    // Earliest dependant of this sidecar: the sidecar moves right before it.
    const first = Math.min(
      ...dependencies(ctx)
        .filter((d) => d.sidecar === dep.sidecar)
        .map((d) => d.init.index),
    );
    init.items.splice(dep.sidecar.index, 1);
    init.items.splice(first, 0, node);
    return true;
  },
});
