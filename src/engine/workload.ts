import type { ObjectMeta, PodSpec, PodStatus } from './k8s/types';
import type { FeatureGates, KubernetesVersion } from './k8s/version';
import type { SourcePosition } from './report';

/** Workload kinds whose pod template the engine reads. */
export type WorkloadKind =
  | 'Pod'
  | 'PodTemplate'
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Job'
  | 'CronJob';

/** How `replicas` is to be read for this kind. */
export type ReplicaBasis = 'SINGLE' | 'REPLICAS' | 'PARALLELISM' | 'PER_NODE';

/**
 * One pod template found in the manifest, as intake read it. The spec is the user's, as the API
 * server would keep it (shape-checked; nothing defaulted, nothing dropped): version-dependent
 * drops and defaulting are applied by the analyses that need them.
 */
export interface Workload {
  /** 0-based index of the YAML document it came from. */
  document: number;
  kind: WorkloadKind;
  apiVersion: string | null;
  name: string | null;
  namespace: string | null;
  /** Replicas (Deployment, StatefulSet, ReplicaSet, RC), parallelism (Job, CronJob), 1 per node (DaemonSet), 1 (Pod, PodTemplate). */
  replicas: number;
  replicaBasis: ReplicaBasis;
  /** Metadata of the top-level object. */
  objectMeta: ObjectMeta;
  /** Metadata of the pod (template): where injection annotations live. */
  podMeta: ObjectMeta;
  /** Path of the pod spec from the object's root: "spec", "spec.template.spec", "spec.jobTemplate.spec.template.spec". */
  specPath: string;
  spec: PodSpec;
  /** Pod status, for a Pod read from a live cluster (kubectl get pod -o yaml). */
  status: PodStatus | null;
  /** The 1-based position of a field path (from the object's root) in the source text, when known. */
  locate(path: string): SourcePosition | null;
  /** Offsets of the workload's YAML document in the input text (fixes re-read only that slice). */
  sourceRange?: { start: number; end: number } | null;
}

/** What every analysis of one workload gets. */
export interface WorkloadContext {
  workload: Workload;
  version: KubernetesVersion;
  gates: FeatureGates;
  /**
   * Facts several stages of this one analysis read, derived on first use and dropped with the
   * context (per-call state: nothing outlives the analysis). Created on first use when absent.
   */
  memo?: WorkloadMemo;
}

/**
 * See WorkloadContext.memo. Empty here: each stage above this layer adds the facts it keeps, by
 * declaration merging (resources/defaults.ts adds `defaultedPod`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by declaration merging
export interface WorkloadMemo {}
