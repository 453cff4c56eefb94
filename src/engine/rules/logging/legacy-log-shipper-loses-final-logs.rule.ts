import { legacySidecars, mainContainers } from '../context';
import { defineRule } from '../define-rule';
import { describeContainer, evidenceNote, quoteList } from '../describe';
import { migrateHitContainer, withFixNote } from '../migrate';

export const legacyLogShipperLosesFinalLogs = defineRule({
  id: 'legacy-log-shipper-loses-final-logs',
  category: 'logging',
  defaultSeverity: 'warning',
  basis: 'classification',
  title: 'Legacy log shipper stopped together with the app it ships for',
  rationale:
    'Regular containers all get SIGTERM at the same moment (kuberuntime_container.go killContainersWithSyncResult, killContainer), so a log-shipping sidecar in spec.containers stops reading while the app is still writing its shutdown logs, and the last lines, often the ones explaining a crash, are lost (SumoLogic/tailing-sidecar #466). A native sidecar gets SIGTERM only after every app container has exited.',
  remediation:
    'Make the log shipper a native sidecar (spec.initContainers with restartPolicy: Always) so it is stopped after the app.',
  appliesTo: ['legacy-sidecar'],
  check(ctx) {
    if (!ctx.gates.SidecarContainers) return [];
    const apps = mainContainers(ctx).map((c) => c.name);
    return legacySidecars(ctx)
      .filter((c) => c.helper?.kind === 'log-shipper')
      .map((c) => ({
        message: withFixNote(
          ctx,
          c,
          `log shipper ${describeContainer(c)} is a regular container: it gets SIGTERM at the same moment as ${quoteList(apps)} and can stop before their last log lines are shipped.` +
            evidenceNote(c),
        ),
        path: c.path,
        confidence: c.confidence,
        container: c.name,
      }));
  },
  fix: migrateHitContainer,
});
