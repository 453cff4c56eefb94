import { defineRule } from '../define-rule';
import { portConflicts } from './ports';

export const containerPortConflict = defineRule({
  id: 'container-port-conflict',
  category: 'networking',
  defaultSeverity: 'error',
  basis: 'spec',
  title: 'Two concurrently running containers declare the same port',
  rationale:
    "All containers of a pod share one network namespace, so two processes cannot listen on the same port and protocol: the second one fails to bind and crash-loops. The API server does not check containerPort across containers, and native sidecars run beside every app container (and beside the init containers declared after them), so a sidecar copied from another pod can silently take the app's port.",
  remediation:
    "Give each container that listens its own port; change the sidecar's listen port and its containerPort.",
  appliesTo: ['ports'],
  check(ctx) {
    return portConflicts(ctx, 'containerPort').map(({ earlier: a, later: b, use: u }) => ({
      message: `containers "${a.name}" and "${b.name}" both declare ${u.protocol} port ${u.port}, and they run at the same time in one network namespace: one of them cannot bind it.`,
      path: u.path,
      container: b.name,
    }));
  },
});
