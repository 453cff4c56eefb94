// Which multi-container pattern each container serves, and whether an app container is really a
// sidecar in disguise (a "legacy sidecar": a helper in spec.containers, started with the app and
// stopped with it, instead of a native sidecar in spec.initContainers with restartPolicy Always).
import { listContainers, toContainerReport } from '../containers';
import type { PodContainer } from '../containers';
import type { ContainerReport, PatternKind } from '../report';
import type { WorkloadContext } from '../workload';
import { imageBase, recogniseHelper } from './known-helpers';
import type { KnownHelper } from './known-helpers';

export interface ClassifiedContainer extends PodContainer {
  /** The well-known helper this container is (istio-proxy, cloud-sql-proxy, ...), if recognised. */
  helper: KnownHelper | null;
  pattern: PatternKind | null;
  /** An APP container doing a sidecar's job. */
  legacySidecar: boolean;
  /** What the classification rests on, in words a user can check. */
  evidence: string[];
}

// Name hints for helpers the table does not know. Strong hints make an app container a legacy
// sidecar; weak ones (an "-http" front end) only name its pattern.
const STRONG_HINT =
  /(sidecar|proxy|agent|exporter|adapter|reload|shipper|ambassador|forwarder|syncer)/;
const AMBASSADOR_HINT = /(proxy|ambassador|gateway|(^|-)http$|frontend)/;
const ADAPTER_HINT = /(exporter|adapter|metrics)/;
const CONFIG_HINT = /(config|sync|reload|secret|vault)/;

function patternFromName(name: string): PatternKind | null {
  if (AMBASSADOR_HINT.test(name)) return 'AMBASSADOR';
  if (ADAPTER_HINT.test(name)) return 'ADAPTER';
  if (CONFIG_HINT.test(name)) return 'CONFIGURATION_HELPER';
  if (/sidecar|agent|shipper|forwarder/.test(name)) return 'SIDECAR';
  return null;
}

function sharedVolumes(a: PodContainer, b: PodContainer): string[] {
  const names = new Set((a.container.volumeMounts ?? []).map((m) => m.name));
  return (b.container.volumeMounts ?? [])
    .map((m) => m.name ?? '')
    .filter((n) => n !== '' && names.has(n));
}

/**
 * Classifies every container of the workload's pod, in start order. Native sidecars are those the
 * cluster version honours (on 1.28 without the gate, restartPolicy Always is dropped: INIT).
 */
export function classifyContainers(ctx: WorkloadContext): ClassifiedContainer[] {
  const containers = listContainers(ctx.workload, ctx.gates.SidecarContainers);
  const helpers = containers.map((c) => recogniseHelper(c.container));
  const apps = containers.filter((c) => c.role === 'APP');
  // An app container is only a helper when some other app container is not one: a pod that runs
  // envoy alone is an envoy deployment, not a sidecar. Recognised images weigh more than name
  // hints: next to prometheus-to-sd, "prometheus-dummy-exporter" is the app.
  const known = (c: PodContainer): boolean => helpers[containers.indexOf(c)] !== null;
  const hinted = (c: PodContainer): boolean => STRONG_HINT.test(c.name.toLowerCase());
  let nonHelperApps = apps.filter((c) => !known(c) && !hinted(c));
  if (nonHelperApps.length === 0) nonHelperApps = apps.filter((c) => !known(c));
  const appIsHelperCandidate = (c: PodContainer, _i: number): boolean => known(c) || hinted(c);

  return containers.map((c, i): ClassifiedContainer => {
    const helper = helpers[i] ?? null;
    const name = c.name.toLowerCase();
    const evidence: string[] = [];
    if (helper) {
      evidence.push(
        `recognised as ${helper.product} (${helper.kind}) from its image "${imageBase(c.container.image)}" or name`,
      );
    }
    const mainApps = nonHelperApps.filter((a) => a !== c);
    for (const app of mainApps) {
      const shared = sharedVolumes(c, app);
      if (shared.length > 0 && c.role !== 'APP') {
        evidence.push(`shares volume(s) ${shared.join(', ')} with "${app.name}"`);
      }
    }

    if (c.role === 'INIT') {
      return { ...c, helper, pattern: 'INIT', legacySidecar: false, evidence };
    }
    if (c.role === 'SIDECAR') {
      const pattern = helper?.pattern ?? patternFromName(name) ?? 'SIDECAR';
      return {
        ...c,
        helper,
        pattern: pattern === 'INIT' ? 'SIDECAR' : pattern,
        legacySidecar: false,
        evidence,
      };
    }
    // APP container.
    const isHelper =
      appIsHelperCandidate(c, i) && nonHelperApps.length > 0 && !nonHelperApps.includes(c);
    if (isHelper) {
      for (const app of nonHelperApps) {
        const shared = sharedVolumes(c, app);
        if (shared.length > 0) {
          evidence.push(`shares volume(s) ${shared.join(', ')} with "${app.name}"`);
        }
      }
      if (!helper) evidence.push(`its name "${c.name}" names a helper's job`);
      const pattern =
        helper && helper.pattern !== 'INIT' ? helper.pattern : (patternFromName(name) ?? 'SIDECAR');
      return { ...c, helper, pattern, legacySidecar: true, evidence };
    }
    // A peer container (redis + sentinel) or a front end named like one: a pattern, not a sidecar.
    const weak =
      apps.length > 1 && nonHelperApps.length > 1 && nonHelperApps.indexOf(c) > 0
        ? patternFromName(name)
        : null;
    return { ...c, helper: null, pattern: weak, legacySidecar: false, evidence };
  });
}

export function toClassifiedContainerReport(c: ClassifiedContainer): ContainerReport {
  return {
    ...toContainerReport(c),
    legacySidecar: c.legacySidecar,
    pattern: c.pattern,
    helper: c.helper ? { id: c.helper.id, product: c.helper.product } : null,
  };
}
