import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';

export const secretsAgentInitAndSidecarPair = defineRule({
  id: 'secrets-agent-init-and-sidecar-pair',
  category: 'startup',
  defaultSeverity: 'info',
  basis: 'classification',
  title: 'Secrets agent run twice, as an init container and as a legacy sidecar',
  rationale:
    'The Vault Agent Injector pattern runs the agent once as an init container (to pre-populate secrets before the app starts) and again as a regular container (to renew them), which doubles the Vault logins and lease handling and cannot be used in Jobs (hashicorp/vault-k8s #620). A single native sidecar with a startupProbe that passes once the secrets are rendered gives both the ordering and the renewal.',
  remediation:
    'Replace the init container and the regular container with one native sidecar (restartPolicy: Always) whose startupProbe passes once the secrets are rendered.',
  appliesTo: ['helper'],
  check(ctx) {
    if (!ctx.gates.SidecarContainers) return [];
    const init = ctx.containers.find((c) => c.role === 'INIT' && c.helper?.kind === 'secrets-init');
    if (!init) return [];
    return ctx.containers
      .filter((c) => c.role === 'APP' && c.helper?.kind === 'secrets-agent')
      .map((c) => ({
        message: `${describeContainer(c)} runs as a legacy sidecar next to init container "${init.name}" doing the same login: one native sidecar with a startupProbe would pre-populate the secrets before the app starts and keep renewing them.`,
        path: c.path,
        container: c.name,
      }));
  },
});
