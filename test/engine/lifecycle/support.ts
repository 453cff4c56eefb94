// Builders for the lifecycle tests under test/engine/lifecycle/ (the test pods live in pods.ts).
import { classifyContainers } from '../../../src/engine/classification';
import type { Container, ObjectMeta, PodSpec, PodStatus } from '../../../src/engine/k8s/types';
import { featureGatesFor, versionOf } from '../../../src/engine/k8s/version';
import type { LifecycleReport, TimelineEvent, TimingInput } from '../../../src/engine/lifecycle';
import { simulateLifecycle } from '../../../src/engine/lifecycle';
import type { LifecycleStages } from '../../../src/engine/lifecycle/simulate-lifecycle';
import { simulateLifecycleStages } from '../../../src/engine/lifecycle/simulate-lifecycle';
import type { Workload, WorkloadKind } from '../../../src/engine/workload';
import type { WorkloadContext } from '../../../src/engine/workload';

export interface TestPod {
  /** Where the scenario comes from (a Kubernetes test or source file). */
  id: string;
  spec: PodSpec;
  kind?: WorkloadKind;
  minor?: number;
  timing?: TimingInput;
}

export function workload(
  spec: PodSpec,
  kind: WorkloadKind = 'Pod',
  status: PodStatus | null = null,
  meta: ObjectMeta = {},
): Workload {
  return {
    document: 0,
    kind,
    apiVersion: kind === 'Pod' ? 'v1' : 'batch/v1',
    name: 'demo',
    namespace: null,
    replicas: 1,
    replicaBasis: 'SINGLE',
    objectMeta: meta,
    podMeta: {},
    specPath: kind === 'Pod' ? 'spec' : 'spec.template.spec',
    spec,
    status,
    locate: () => null,
  };
}

export function contextOf(
  pod: TestPod,
  status: PodStatus | null = null,
  meta: ObjectMeta = {},
): WorkloadContext {
  const version = versionOf(pod.minor ?? 37);
  return {
    workload: workload(pod.spec, pod.kind ?? 'Pod', status, meta),
    version,
    gates: featureGatesFor(version),
  };
}

export function simulate(pod: TestPod): LifecycleReport {
  const ctx = contextOf(pod);
  return simulateLifecycle(ctx, classifyContainers(ctx), pod.timing);
}

export function stagesOf(pod: TestPod): LifecycleStages {
  const ctx = contextOf(pod);
  return simulateLifecycleStages(ctx, classifyContainers(ctx), pod.timing);
}

export const at = (
  events: TimelineEvent[],
  container: string | null,
  type: TimelineEvent['type'],
): number[] =>
  events.filter((e) => e.container === container && e.type === type).map((e) => e.atSeconds);

export const detail = (
  events: TimelineEvent[],
  container: string | null,
  type: TimelineEvent['type'],
): string[] =>
  events.filter((e) => e.container === container && e.type === type).map((e) => e.detail ?? '');

export const sidecar = (name: string, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'busybox',
  restartPolicy: 'Always',
  ...extra,
});

export const app = (name: string, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'busybox',
  ...extra,
});

/** Containers start at once; the clock then reads the kubelet's own numbers. */
export const zero: TimingInput = {
  defaultStartSeconds: 0,
  defaultRunSeconds: 0,
  defaultShutdownSeconds: 1,
};
