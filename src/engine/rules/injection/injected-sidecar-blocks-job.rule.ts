import { enabledFromMinor } from '../../k8s/features';
import { defineRule } from '../define-rule';
import { workloadLabel } from '../describe';

const SIDECARS_ON_MINOR = enabledFromMinor('SidecarContainers');
const SIDECARS_ON = `1.${SIDECARS_ON_MINOR}`;

export const injectedSidecarBlocksJob = defineRule({
  id: 'injected-sidecar-blocks-job',
  category: 'injection',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'Job will get an injected sidecar that may keep it from completing',
  rationale: `An injector that adds its proxy or agent as a regular container turns a Job into one that never completes: the pod stays Running after the job is done (istio/istio #11045, hashicorp/vault-k8s #620 warns not to inject the agent into Jobs). Injected as a native sidecar (Kubernetes ${SIDECARS_ON}+) it is stopped after the job container exits.`,
  remediation:
    'Ask the injector for a native sidecar on this Job (sidecar.istio.io/nativeSidecar: "true", config.linkerd.io/proxy-enable-native-sidecar: "true", dapr.io/enable-native-sidecar: "true", consul.hashicorp.com/enable-consul-dataplane-as-sidecar: "true"), or disable injection for it.',
  check(ctx) {
    if (!ctx.isJob) return [];
    return ctx.injectedSidecars
      .filter((s) => s.mode !== 'NATIVE' || !ctx.gates.SidecarContainers)
      .map((s) => ({
        message: `${workloadLabel(ctx)} will get "${s.container}" from ${s.injector} (${s.annotation}) ${
          s.mode === 'LEGACY'
            ? 'as a regular container'
            : s.mode === 'NATIVE'
              ? `as a native sidecar, which Kubernetes ${ctx.version.text} does not support by default`
              : 'in whatever mode the injector defaults to'
        }: injected as a legacy sidecar, it keeps running after the job finishes and the Job never completes.`,
        path: s.path,
        container: s.container,
      }));
  },
});
