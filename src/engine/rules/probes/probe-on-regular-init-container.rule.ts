import { isSidecar } from '../../k8s/types';
import { defineRule } from '../define-rule';

const FIELDS = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export const probeOnRegularInitContainer = defineRule({
  id: 'probe-on-regular-init-container',
  category: 'probes',
  defaultSeverity: 'error',
  basis: 'spec',
  title: 'Probes or lifecycle hooks on a regular init container',
  rationale:
    'The API server rejects lifecycle, livenessProbe, readinessProbe and startupProbe on an init container without restartPolicy: Always ("Forbidden: may not be set for init containers without restartPolicy=Always", validation.go validateInitContainers). It happens when restartPolicy: Always is lost: an injector running in native mode against an older API server (istio/istio #52245), or a tool that drops the field (keel-hq/keel #772).',
  remediation:
    'Add restartPolicy: Always if the container is meant to be a sidecar; otherwise remove the probes and lifecycle hooks from the init container.',
  appliesTo: ['init-container'],
  check(ctx) {
    return ctx.containers.flatMap((c) => {
      if (c.role === 'APP' || isSidecar(c.container)) return [];
      return FIELDS.filter((f) => c.container[f] !== undefined).map((f) => ({
        message: `init container "${c.name}" sets ${f} without restartPolicy: Always: the API server rejects the pod (Forbidden: may not be set for init containers without restartPolicy=Always).`,
        path: `${c.path}.${f}`,
        container: c.name,
      }));
    });
  },
  fix(ctx, hit, editor) {
    const target = ctx.containers.find((c) => c.name === hit.container && c.role !== 'APP');
    const node = target ? editor.container('initContainers', target.index) : null;
    if (!target || !node) return false;
    // A long-running helper was meant to be a sidecar; a run-to-completion step was not.
    // Only when that is certain and its project runs it as a native sidecar; otherwise drop the probe.
    if (
      target.helper &&
      !target.helper.runsToCompletion &&
      target.confidence === 'CERTAIN' &&
      target.native?.supported === true &&
      ctx.gates.SidecarContainers
    ) {
      editor.setAfter(node, 'restartPolicy', 'Always', ['name', 'image']);
      return true;
    }
    const field = hit.path.slice(hit.path.lastIndexOf('.') + 1);
    node.delete(field);
    return true;
  },
});
