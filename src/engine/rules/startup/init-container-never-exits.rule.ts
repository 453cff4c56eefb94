import { isSidecar } from '../../k8s/types';
import { defineRule } from '../define-rule';
import { describeContainer } from '../describe';
import { commandLine, RUNS_FOREVER } from '../helpers';

export const initContainerNeverExits = defineRule({
  id: 'init-container-never-exits',
  category: 'startup',
  defaultSeverity: 'error',
  title: 'Long-running helper declared as a regular init container',
  rationale:
    'A regular init container must exit 0 before the next one starts, and app containers start only after the last one (kuberuntime_manager.go computeInitContainerActions). A proxy, agent or endless loop there never exits, so the pod stays in Init forever. It happens when restartPolicy: Always is lost on the way: a tool or webhook that drops it (keel-hq/keel #772, aws-app-mesh-controller #774).',
  remediation:
    'Set restartPolicy: Always on the container to make it a native sidecar, or make its command exit.',
  check(ctx) {
    return ctx.containers.flatMap((c) => {
      if (c.role === 'APP' || isSidecar(c.container)) return [];
      const forever = RUNS_FOREVER.exec(commandLine(c.container));
      const helper = c.helper && !c.helper.runsToCompletion;
      if (!helper && !forever) return [];
      const why = helper
        ? `${describeContainer(c)} is a long-running ${c.helper?.kind ?? 'helper'}`
        : `"${c.name}" runs "${forever?.[0] ?? ''}"`;
      return [
        {
          message: `${why} declared as a regular init container: it never exits, so the containers after it never start and the pod stays in Init.`,
          path: c.path,
          container: c.name,
        },
      ];
    });
  },
  fix(ctx, hit, editor) {
    const target = ctx.containers.find((c) => c.path === hit.path);
    const node = target ? editor.container('initContainers', target.index) : null;
    if (!ctx.gates.SidecarContainers || !target?.helper || !node) return false;
    editor.setAfter(node, 'restartPolicy', 'Always', ['name', 'image']);
    return true;
  },
});
