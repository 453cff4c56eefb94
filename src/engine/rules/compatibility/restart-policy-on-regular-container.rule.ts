import { enabledFromMinor } from '../../k8s/features';
import { defineRule } from '../define-rule';
import { migrateToNativeSidecar } from '../migrate';

const RULES_ON = enabledFromMinor('ContainerRestartRules');

export const restartPolicyOnRegularContainer = defineRule({
  id: 'restart-policy-on-regular-container',
  category: 'compatibility',
  defaultSeverity: 'error',
  basis: 'classification',
  title: 'restartPolicy on a regular container',
  rationale: `Before Kubernetes 1.${RULES_ON} the API server rejects restartPolicy on an entry of spec.containers ("Forbidden: may not be set for non-init containers", validation.go validateContainers). From 1.${RULES_ON} (ContainerRestartRules) it is allowed but only overrides the pod's restart policy: \`Always\` there restarts the container forever, it does not make a sidecar, and a Job then never completes. Putting restartPolicy: Always on regular containers to get sidecar behaviour is a real-world bug (RedHatInsights/clowder PR #1783).`,
  remediation:
    'To make a sidecar, move the container to spec.initContainers with restartPolicy: Always; otherwise remove restartPolicy from the regular container.',
  check(ctx) {
    return ctx.containers.flatMap((c) => {
      const policy = c.container.restartPolicy;
      if (c.role !== 'APP' || policy === undefined) return [];
      if (!ctx.gates.ContainerRestartRules) {
        return [
          {
            message: `container "${c.name}" sets restartPolicy: ${policy}, which Kubernetes ${ctx.version.text} rejects on regular containers (Forbidden: may not be set for non-init containers); a sidecar belongs in initContainers.`,
            path: `${c.path}.restartPolicy`,
            container: c.name,
            // The API server rejects it: certain, whatever the container is.
            confidence: 'CERTAIN',
          },
        ];
      }
      if (policy === 'Always' && (ctx.isJob || c.legacySidecar)) {
        return [
          {
            message: `container "${c.name}" sets restartPolicy: Always: on Kubernetes ${ctx.version.text} that only restarts it whenever it exits; it is not a sidecar, is not stopped after the app${ctx.isJob ? ', and keeps the Job from completing' : ''}.`,
            path: `${c.path}.restartPolicy`,
            container: c.name,
            // In a Job it never completes: certain. Elsewhere nothing fails by structure; that it
            // is a helper is a classification: at most a WARNING.
            confidence: ctx.isJob
              ? 'CERTAIN'
              : c.confidence === 'CERTAIN'
                ? 'LIKELY'
                : c.confidence,
          },
        ];
      }
      return [];
    });
  },
  fix(ctx, hit, editor) {
    const target = ctx.containers.find((c) => c.name === hit.container && c.role === 'APP');
    if (!target) return false;
    if (target.legacySidecar && ctx.gates.SidecarContainers) {
      return migrateToNativeSidecar(ctx, target, editor);
    }
    const node = editor.container('containers', target.index);
    if (!node || ctx.gates.ContainerRestartRules) return false;
    node.delete('restartPolicy');
    return true;
  },
});
