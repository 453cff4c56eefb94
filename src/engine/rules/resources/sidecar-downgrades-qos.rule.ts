import { isMap } from 'yaml';
import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import { containerQosClasses } from './container-qos';

export const sidecarDowngradesQos = defineRule({
  id: 'sidecar-downgrades-qos',
  category: 'resources',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'Sidecar without equal requests and limits downgrades the pod from Guaranteed',
  rationale:
    'QoS counts every container, init containers and sidecars exactly like app containers (pkg/apis/core/v1/helper/qos/qos.go): one sidecar whose cpu and memory requests do not equal its limits makes an otherwise Guaranteed pod Burstable. The pod then loses exclusive CPUs under the static CPU manager and is evicted before Guaranteed pods under node pressure. Injected proxies are the usual culprit.',
  remediation:
    'Give the sidecar cpu and memory limits equal to its requests, as the app containers have.',
  appliesTo: ['native-sidecar', 'legacy-sidecar'],
  check(ctx) {
    // With pod-level resources (KEP-2837) the containers do not decide the QoS class at all.
    if (ctx.analyses.resources.qosBasis === 'POD_LEVEL') return [];
    // Exact quantities after API defaulting: a limits-only sidecar is Guaranteed once stored.
    const sidecars = ctx.containers.filter((c) => c.role === 'SIDECAR' || c.legacySidecar);
    if (sidecars.length === 0) return [];
    const classes = containerQosClasses(ctx);
    return sidecars.flatMap((c) => {
      const own = classes.get(c);
      if (own === undefined || own === 'Guaranteed') return [];
      if (!classes.everyOtherGuaranteed(c)) return [];
      return [
        {
          message: `every other container is Guaranteed, but sidecar ${describeContainer(c)} is ${own}: the pod's QoS class becomes Burstable instead of Guaranteed.`,
          path: `${c.path}.resources`,
          container: c.name,
        },
      ];
    });
  },
  fix(ctx, hit, editor) {
    const target = ctx.containers.find((c) => c.path === hit.path.replace(/\.resources$/, ''));
    const requests = target?.container.resources?.requests;
    if (!target || !requests || requests.cpu === undefined || requests.memory === undefined) {
      return false;
    }
    // Mechanical only when the requests are known: limits = requests makes the container Guaranteed.
    const node = editor.container(
      target.role === 'APP' ? 'containers' : 'initContainers',
      target.index,
    );
    const resources = node?.get('resources', true);
    if (!node || !isMap(resources)) return false;
    resources.set('limits', editor.doc.createNode({ ...requests }));
    return true;
  },
});
