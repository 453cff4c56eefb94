import { isSidecar } from '../../k8s/types';
import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import { commandLine, RUNS_FOREVER } from '../helpers';

export const initContainerNeverExits = defineRule({
  id: 'init-container-never-exits',
  category: 'startup',
  defaultSeverity: 'error',
  basis: 'classification',
  title: 'Long-running helper declared as a regular init container',
  rationale:
    'A regular init container must exit 0 before the next one starts, and app containers start only after the last one (kuberuntime_manager.go computeInitContainerActions). A proxy, agent or endless loop there never exits, so the pod stays in Init forever. It happens when restartPolicy: Always is lost on the way: a tool or webhook that drops it (keel-hq/keel #772, aws-app-mesh-controller #774).',
  remediation:
    'Set restartPolicy: Always on the container to make it a native sidecar, or make its command exit.',
  appliesTo: ['init-container'],
  check(ctx) {
    return ctx.containers.flatMap((c) => {
      if (c.role === 'APP' || isSidecar(c.container)) return [];
      // A command that by its shell structure never returns is certain; a known helper is as
      // certain as its recognition (an image alone is never enough for an ERROR).
      const forever = RUNS_FOREVER.exec(commandLine(c.container));
      const helper = c.helper && !c.helper.runsToCompletion;
      if (!helper && !forever) return [];
      const why = forever
        ? `"${c.name}" runs "${forever[0]}"`
        : `${describeContainer(c)} is a long-running ${c.helper?.kind.replace('-', ' ') ?? 'helper'}`;
      const evidence = forever
        ? ''
        : ` Recognised from: ${c.evidence
            .filter((e) => e.kind !== 'RESTART_POLICY')
            .map((e) => e.detail)
            .join('; ')} (${c.confidence.toLowerCase()}).`;
      const blocker = !forever && c.native && !c.native.supported ? c.native.note : null;
      return [
        {
          message: `${why} declared as a regular init container: it never exits, so the containers after it never start and the pod stays in Init.${evidence}${blocker ? ` No mechanical fix: ${blocker}.` : ''}`,
          path: c.path,
          container: c.name,
          confidence: forever ? 'CERTAIN' : c.confidence,
        },
      ];
    });
  },
  fix(ctx, hit, editor) {
    const target = ctx.containers.find((c) => c.path === hit.path);
    const node = target ? editor.container('initContainers', target.index) : null;
    // Only a certain, known helper whose project runs it as a native sidecar.
    if (!ctx.gates.SidecarContainers || !target?.helper || !node) return false;
    if (target.confidence !== 'CERTAIN' || !target.native?.supported) return false;
    editor.setAfter(node, 'restartPolicy', 'Always', ['name', 'image']);
    return true;
  },
});
