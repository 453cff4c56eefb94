import { mainContainers } from '../context';
import { defineRule } from '../define-rule';
import { describeContainer, quoteList } from '../describe';

export const logShipperWithoutSharedVolume = defineRule({
  id: 'log-shipper-without-shared-volume',
  category: 'logging',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'Log-shipping sidecar shares no volume with the app',
  rationale:
    "Containers of a pod share the network, not the file system: a log-shipping sidecar can only read the app's log files through a volume both mount. One that mounts nothing in common with the app (and no hostPath of the node's logs) has nothing to ship but its own output. The classic logging sidecar writes to an emptyDir both containers mount (SumoLogic/tailing-sidecar examples).",
  remediation:
    'Mount a shared emptyDir in the app (where it writes its logs) and in the log shipper, or ship stdout with a node-level agent instead.',
  appliesTo: ['helper'],
  check(ctx) {
    const apps = mainContainers(ctx);
    const volumes = ctx.spec.volumes ?? [];
    return ctx.containers
      .filter((c) => c.helper?.kind === 'log-shipper' && c.role !== 'INIT')
      .flatMap((c) => {
        const mine = (c.container.volumeMounts ?? []).map((m) => m.name);
        const shared = apps.some((a) =>
          (a.container.volumeMounts ?? []).some((m) => mine.includes(m.name)),
        );
        const hostLogs = volumes.some((v) => mine.includes(v.name) && v.hostPath !== undefined);
        if (shared || hostLogs || apps.length === 0) return [];
        return [
          {
            message: `log shipper ${describeContainer(c)} mounts no volume that ${quoteList(apps.map((a) => a.name))} also mount: it cannot read their log files.`,
            path: `${c.path}.volumeMounts`,
            container: c.name,
          },
        ];
      });
  },
});
