import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import type { RuleContainer } from '../context';
import { containerQosClasses } from './container-qos';

export const sidecarRequestsMissing = defineRule({
  id: 'sidecar-requests-missing',
  category: 'resources',
  defaultSeverity: 'info',
  basis: 'classification',
  title: 'Sidecar without cpu and memory requests',
  rationale:
    "A sidecar runs for the pod's whole life and its requests are added to every replica's effective request (component-helpers resource/helpers.go PodRequests). Without requests the scheduler reserves nothing for it, it competes with the app for the same node, and right-sizers never see it: VPA ignores init containers, so native sidecars are never right-sized (kubernetes/autoscaler #7229, #6691; robusta-dev/krr PR #535).",
  remediation: 'Set cpu and memory requests on the sidecar from its observed usage.',
  appliesTo: ['native-sidecar', 'legacy-sidecar'],
  check(ctx) {
    // Honoured pod-level requests (KEP-2837) reserve for the whole pod, sidecars included.
    if (ctx.analyses.resources.podLevelResources.state === 'HONOURED') return [];
    // The API server copies a limit into a missing request (pkg/apis/core/v1/defaults.go SetDefaults_Pod): a limits-only
    // sidecar does request its limits. Indexed by container on first use.
    let defaulted: Set<string> | undefined;
    const requests = (c: RuleContainer, resource: string): boolean => {
      if (c.container.resources?.requests?.[resource] !== undefined) return true;
      defaulted ??= new Set(
        ctx.analyses.resources.defaultedRequests.map((d) => `${d.role}/${d.index}/${d.resource}`),
      );
      return defaulted.has(`${c.role}/${c.index}/${resource}`);
    };
    return ctx.containers
      .filter((c) => c.role === 'SIDECAR' || c.legacySidecar)
      .filter(
        (c) =>
          !requests(c, 'cpu') &&
          !requests(c, 'memory') &&
          // sidecar-downgrades-qos already covers a sidecar next to Guaranteed containers.
          !containerQosClasses(ctx).everyOtherGuaranteed(c),
      )
      .map((c) => ({
        message: `sidecar ${describeContainer(c)} sets no cpu or memory request: the scheduler reserves nothing for it on each of the ${ctx.workload.replicas} replica(s), and autoscalers do not size it.`,
        path: `${c.path}.resources`,
        container: c.name,
      }));
  },
});
