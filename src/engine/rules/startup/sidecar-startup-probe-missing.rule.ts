import { defineRule } from '../define-rule';
import { describeContainer, quoteList } from '../describe';
import { setStartupProbe, suggestedStartupProbe } from '../migrate';

export const sidecarStartupProbeMissing = defineRule({
  id: 'sidecar-startup-probe-missing',
  category: 'startup',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'Native sidecar others depend on has no startupProbe',
  rationale:
    'The kubelet starts the next init container, and finally the app containers, as soon as a native sidecar is Running with its startupProbe passed and its postStart done; without a startupProbe that is the moment its process starts, not the moment it listens (kuberuntime_manager.go computeInitContainerActions, KEP-753). A proxy, agent or cache that later containers use is then raced exactly like a legacy sidecar. cloud-sql-proxy and Istio ship startup probes for this reason.',
  remediation:
    'Add a startupProbe to the sidecar that passes only once it can serve (its health endpoint, or a tcpSocket check on its port).',
  appliesTo: ['native-sidecar'],
  check(ctx) {
    return ctx.containers.flatMap((c, i) => {
      if (c.role !== 'SIDECAR' || c.container.startupProbe) return [];
      const servesOthers = c.helper ? c.helper.neededAtStart : (c.container.ports ?? []).length > 0;
      if (!servesOthers) return [];
      const later = ctx.containers.slice(i + 1);
      if (later.length === 0) return [];
      return [
        {
          message: `native sidecar ${describeContainer(c)} has no startupProbe: the kubelet starts ${quoteList(later.map((o) => o.name))} as soon as its process runs, before it is ready to serve them.`,
          path: `${c.path}.startupProbe`,
          container: c.name,
        },
      ];
    });
  },
  fix(ctx, hit, editor) {
    const target = ctx.containers.find((c) => c.name === hit.container && c.role === 'SIDECAR');
    const probe = target ? suggestedStartupProbe(target) : null;
    const node = target ? editor.container('initContainers', target.index) : null;
    if (!target || !probe || !node) return false;
    setStartupProbe(editor, node, probe);
    return true;
  },
});
