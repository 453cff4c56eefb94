// The kinds whose pod template the engine reads, where the template sits in each, and how many
// pods run from it. Group/versions are the ones served by every supported release (1.28+).

import type { ReplicaBasis, WorkloadKind } from '../workload';

export interface KindInfo {
  kind: WorkloadKind;
  /** apiVersion the API server serves the kind under. */
  apiVersion: string;
  /** Path of the pod template (metadata + spec) from the object's root. */
  templatePath: string[];
  /** True for Pod: the object itself is the pod (metadata at root, spec at "spec"). */
  isPod: boolean;
  basis: ReplicaBasis;
  /** Path of the replicas/parallelism field from the root, if the kind has one. */
  replicasPath: string[] | null;
}

export const WORKLOAD_KINDS: Record<WorkloadKind, KindInfo> = {
  Pod: {
    kind: 'Pod',
    apiVersion: 'v1',
    templatePath: [],
    isPod: true,
    basis: 'SINGLE',
    replicasPath: null,
  },
  PodTemplate: {
    kind: 'PodTemplate',
    apiVersion: 'v1',
    templatePath: ['template'],
    isPod: false,
    basis: 'SINGLE',
    replicasPath: null,
  },
  ReplicationController: {
    kind: 'ReplicationController',
    apiVersion: 'v1',
    templatePath: ['spec', 'template'],
    isPod: false,
    basis: 'REPLICAS',
    replicasPath: ['spec', 'replicas'],
  },
  Deployment: {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    templatePath: ['spec', 'template'],
    isPod: false,
    basis: 'REPLICAS',
    replicasPath: ['spec', 'replicas'],
  },
  StatefulSet: {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    templatePath: ['spec', 'template'],
    isPod: false,
    basis: 'REPLICAS',
    replicasPath: ['spec', 'replicas'],
  },
  ReplicaSet: {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    templatePath: ['spec', 'template'],
    isPod: false,
    basis: 'REPLICAS',
    replicasPath: ['spec', 'replicas'],
  },
  DaemonSet: {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    templatePath: ['spec', 'template'],
    isPod: false,
    basis: 'PER_NODE',
    replicasPath: null,
  },
  Job: {
    kind: 'Job',
    apiVersion: 'batch/v1',
    templatePath: ['spec', 'template'],
    isPod: false,
    basis: 'PARALLELISM',
    replicasPath: ['spec', 'parallelism'],
  },
  CronJob: {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    templatePath: ['spec', 'jobTemplate', 'spec', 'template'],
    isPod: false,
    basis: 'PARALLELISM',
    replicasPath: ['spec', 'jobTemplate', 'spec', 'parallelism'],
  },
};

export function workloadKind(kind: string): KindInfo | null {
  return Object.prototype.hasOwnProperty.call(WORKLOAD_KINDS, kind)
    ? (WORKLOAD_KINDS[kind as WorkloadKind] ?? null)
    : null;
}

/** Kinds the built-in groups serve besides the workload kinds: skipped quietly, never "unknown". */
const OTHER_BUILT_IN: Record<string, string[]> = {
  v1: [
    'Binding',
    'ComponentStatus',
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'Namespace',
    'Node',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'ResourceQuota',
    'Secret',
    'Service',
    'ServiceAccount',
    'Status',
  ],
  'apps/v1': ['ControllerRevision'],
  'batch/v1': [],
};

/** For a core group/version: is the kind served there at all (a typo check)? */
export function isKnownKindOf(apiVersion: string, kind: string): boolean | null {
  const others = OTHER_BUILT_IN[apiVersion];
  if (others === undefined) return null;
  if (others.includes(kind)) return true;
  return Object.values(WORKLOAD_KINDS).some((k) => k.apiVersion === apiVersion && k.kind === kind);
}

/** The workload kind a misspelt or mis-cased kind most likely meant. */
export function suggestKind(kind: string): string | null {
  const lower = kind.toLowerCase();
  for (const k of Object.keys(WORKLOAD_KINDS)) {
    if (k.toLowerCase() === lower || editDistance(k.toLowerCase(), lower) <= 2) return k;
  }
  return null;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min(
        (row[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}
