// What every rule's check gets: the workload, the version and its gates, the containers with
// their roles and classification, the injected sidecars, and the results of the resource and
// lifecycle analyses when the caller has them.
import { classifyContainers } from '../advice/classify';
import type { ClassifiedContainer } from '../advice/classify';
import { detectInjectedSidecars } from '../advice/injection';
import type { InjectedSidecar } from '../advice/injection';
import type { PodSpec } from '../k8s/types';
import type { LifecycleReport } from '../lifecycle';
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from '../lifecycle/termination-order';
import { analyzeResources } from '../resources';
import type { ResourceReport } from '../resources';
import type { WorkloadContext } from '../workload';

/** A container as the rules see it: role (from the cluster version), helper and pattern. */
export type RuleContainer = ClassifiedContainer;

/** The other analyses of the same workload, which analyze.ts computes first and passes in. */
export interface RuleAnalyses {
  /** analyzeResources(ctx), when available. */
  resources?: ResourceReport | null;
  /** simulateLifecycle(ctx, timing), when available: rules on start-up budgets and SIGKILLs read it. */
  lifecycle?: LifecycleReport | null;
}

export interface RuleContext extends WorkloadContext {
  spec: PodSpec;
  /** Path of the pod spec from the object's root. */
  specPath: string;
  /** Every container in start order, with role, helper and pattern. */
  containers: RuleContainer[];
  /** Job or CronJob: the pod is expected to finish. */
  isJob: boolean;
  /** The pod's restartPolicy as Kubernetes defaults it (Always when unset). */
  podRestartPolicy: string;
  /** spec.terminationGracePeriodSeconds, or the API default 30. */
  gracePeriodSeconds: number;
  gracePeriodSet: boolean;
  injectedSidecars: InjectedSidecar[];
  analyses: RuleAnalyses;
}

export function buildRuleContext(ctx: WorkloadContext, analyses: RuleAnalyses = {}): RuleContext {
  const spec = ctx.workload.spec;
  const tgps = spec.terminationGracePeriodSeconds;
  return {
    ...ctx,
    spec,
    specPath: ctx.workload.specPath,
    containers: classifyContainers(ctx),
    isJob: ctx.workload.kind === 'Job' || ctx.workload.kind === 'CronJob',
    podRestartPolicy: spec.restartPolicy ?? 'Always',
    gracePeriodSeconds: typeof tgps === 'number' ? tgps : DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    gracePeriodSet: typeof tgps === 'number',
    injectedSidecars: detectInjectedSidecars(ctx),
    analyses,
  };
}

/**
 * The workload's resource report: the one the caller computed, or the same pure analysis run here.
 * Rules that weigh quantities read its exact amounts instead of re-reading the spec.
 */
export function resourceReportOf(ctx: RuleContext): ResourceReport {
  return ctx.analyses.resources ?? analyzeResources(ctx);
}

/** App containers that are not legacy sidecars: the workload's own processes. */
export function mainContainers(ctx: RuleContext): RuleContainer[] {
  return ctx.containers.filter((c) => c.role === 'APP' && !c.legacySidecar);
}

export function legacySidecars(ctx: RuleContext): RuleContainer[] {
  return ctx.containers.filter((c) => c.role === 'APP' && c.legacySidecar);
}
