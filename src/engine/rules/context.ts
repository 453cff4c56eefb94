// What every rule's check gets: the workload, the version and its gates, the containers with
// their roles and classification, the injected sidecars, and the results of the resource and
// lifecycle analyses, each computed once by the stages before the rules (analyze.ts).
import type { ClassifiedContainer } from '../classification';
import type { InjectedSidecar } from '../classification';
import type { PodSpec } from '../k8s/types';
import type { LifecycleReport } from '../lifecycle';
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from '../lifecycle/termination-order';
import type { ResourceReport } from '../resources';
import type { WorkloadContext } from '../workload';
import type { RuleScope } from './define-rule';
import type { ContainerQos } from './resources/container-qos';

/** A container as the rules see it: role (from the cluster version), helper and pattern. */
export type RuleContainer = ClassifiedContainer;

/** The analyses of the same workload that rules read. */
export interface RuleAnalyses {
  /** analyzeResources(ctx): rules that weigh quantities read its exact amounts, not the spec. */
  resources: ResourceReport;
  /** simulateLifecycle(ctx, containers, timing): rules on start-up budgets and SIGKILLs read it. */
  lifecycle: LifecycleReport;
}

/** What the stages before the rules computed for the workload (analyze.ts), each once. */
export interface RuleInputs extends RuleAnalyses {
  /** classifyContainers(ctx). */
  containers: RuleContainer[];
  /** detectInjectedSidecars(ctx). */
  injectedSidecars: InjectedSidecar[];
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
  /**
   * Facts several rules read, derived once per context on first use (per-call state: no
   * module-level cache keyed by the context). Null until a rule asks.
   */
  shared: { containerQos: ContainerQos | null };
}

export function buildRuleContext(ctx: WorkloadContext, inputs: RuleInputs): RuleContext {
  const spec = ctx.workload.spec;
  const tgps = spec.terminationGracePeriodSeconds;
  // The workload context's fields are copied one by one, not spread: on V8 an object built by
  // spreading and then given more properties takes a slow path (about a microsecond per object).
  return {
    workload: ctx.workload,
    version: ctx.version,
    gates: ctx.gates,
    spec,
    specPath: ctx.workload.specPath,
    containers: inputs.containers,
    isJob: ctx.workload.kind === 'Job' || ctx.workload.kind === 'CronJob',
    podRestartPolicy: spec.restartPolicy ?? 'Always',
    gracePeriodSeconds: typeof tgps === 'number' ? tgps : DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    gracePeriodSet: typeof tgps === 'number',
    injectedSidecars: inputs.injectedSidecars,
    analyses: { resources: inputs.resources, lifecycle: inputs.lifecycle },
    shared: { containerQos: null },
    // The workload's memo, shared with the stages before and after the rules.
    memo: (ctx.memo ??= {}),
  };
}

/** App containers that are not legacy sidecars: the workload's own processes. */
export function mainContainers(ctx: RuleContext): RuleContainer[] {
  return ctx.containers.filter((c) => c.role === 'APP' && !c.legacySidecar);
}

export function legacySidecars(ctx: RuleContext): RuleContainer[] {
  return ctx.containers.filter((c) => c.role === 'APP' && c.legacySidecar);
}

/** Which rule scopes the workload has (define-rule.ts RuleScope), read in one pass. */
export function workloadScopes(ctx: RuleContext): Record<RuleScope, boolean> {
  const scopes: Record<RuleScope, boolean> = {
    'native-sidecar': false,
    'legacy-sidecar': false,
    'init-container': false,
    helper: false,
    ports: false,
    'pre-stop': false,
  };
  for (const c of ctx.containers) {
    if (c.role === 'SIDECAR') scopes['native-sidecar'] = true;
    if (c.role !== 'APP') scopes['init-container'] = true;
    if (c.legacySidecar) scopes['legacy-sidecar'] = true;
    if (c.helper) scopes.helper = true;
    if ((c.container.ports?.length ?? 0) > 0) scopes.ports = true;
    if (c.container.lifecycle?.preStop) scopes['pre-stop'] = true;
  }
  return scopes;
}
