import { imageBase } from '../../classification';
import { mainContainers } from '../context';
import { defineRule } from '../define-rule';
import { workloadLabel } from '../describe';
import { commandLine, RUNS_FOREVER } from '../helpers';

// Commands that never return (for a Job, a sleep of 11+ days too), and server images that run
// until stopped.
const FOREVER = new RegExp(`${RUNS_FOREVER.source}|sleep\\s+\\d{6,}`);
const SERVERS = new Set([
  'nginx',
  'httpd',
  'redis',
  'memcached',
  'postgres',
  'mysql',
  'mariadb',
  'mongo',
  'rabbitmq',
  'envoy',
]);

export const jobAppNeverExits = defineRule({
  id: 'job-app-never-exits',
  category: 'jobs',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'Job app container that never exits',
  rationale:
    "A Job's pod completes when every app container has exited; native sidecars are then stopped for it (kubelet_pods.go getPhase; docs: Jobs with sidecar containers). Sidecars cannot help when the app container itself runs forever (a server image, sleep infinity, an endless loop): the pod stays Running until activeDeadlineSeconds or a manual delete. Long-running helpers belong in a native sidecar, the Job's app container must do finite work.",
  remediation:
    "Make the Job's app container run to completion; move long-running processes to a native sidecar (initContainers with restartPolicy: Always) or to a Deployment.",
  check(ctx) {
    if (!ctx.isJob) return [];
    return mainContainers(ctx).flatMap((c) => {
      const cmd = commandLine(c.container);
      const forever = FOREVER.exec(cmd);
      const server = cmd === '' && SERVERS.has(imageBase(c.container.image));
      if (!forever && !server) return [];
      const why = forever
        ? `its command runs "${forever[0].trim()}"`
        : `its image "${c.container.image ?? ''}" runs a server until stopped`;
      return [
        {
          message: `${workloadLabel(ctx)}: app container "${c.name}" never exits (${why}), so the pod never completes, whatever its sidecars do.`,
          path: c.path,
          container: c.name,
        },
      ];
    });
  },
});
