import { defineRule } from '../define-rule';
import { portConflicts } from './ports';

export const hostPortConflict = defineRule({
  id: 'host-port-conflict',
  category: 'networking',
  defaultSeverity: 'error',
  basis: 'spec',
  title: 'Two concurrently running containers claim the same hostPort',
  rationale:
    'A hostPort is bound on the node for the pod, once per port and protocol. The API server checks host-port conflicts among regular containers, but init containers one at a time (validation.go checkHostPortConflicts), a rule that was not changed for native sidecars although they run beside the app containers: a sidecar and an app container claiming the same hostPort pass validation and then fail at runtime.',
  remediation:
    'Use distinct hostPorts for containers that run at the same time, or drop hostPort where a Service would do.',
  appliesTo: ['ports'],
  check(ctx) {
    return portConflicts(ctx, 'hostPort').map(({ earlier: a, later: b, use: u }) => ({
      message: `containers "${a.name}" and "${b.name}" both claim ${u.protocol} hostPort ${u.port} while running at the same time${a.role === 'APP' && b.role === 'APP' ? '' : ': the API server does not check sidecars against other containers'}.`,
      path: u.path,
      container: b.name,
    }));
  },
});
