import { registerEnumType } from '@nestjs/graphql';

// Mirrors of the engine's string unions; enum-mapping.spec.ts checks they stay equal.
export enum Severity {
  ERROR = 'ERROR',
  WARNING = 'WARNING',
  INFO = 'INFO',
}
registerEnumType(Severity, {
  name: 'Severity',
  description: 'How serious a diagnostic or finding is.',
});

export enum ContainerRole {
  INIT = 'INIT',
  SIDECAR = 'SIDECAR',
  APP = 'APP',
}
registerEnumType(ContainerRole, {
  name: 'ContainerRole',
  description: 'What a container is to the kubelet.',
  valuesMap: {
    INIT: { description: 'spec.initContainers entry that runs to completion.' },
    SIDECAR: {
      description: 'spec.initContainers entry with restartPolicy: Always (a native sidecar).',
    },
    APP: { description: 'spec.containers entry.' },
  },
});

export enum PatternKind {
  SIDECAR = 'SIDECAR',
  AMBASSADOR = 'AMBASSADOR',
  ADAPTER = 'ADAPTER',
  CONFIGURATION_HELPER = 'CONFIGURATION_HELPER',
  INIT = 'INIT',
}
registerEnumType(PatternKind, {
  name: 'PatternKind',
  description: 'Multi-container patterns the advisor knows.',
});

export enum QosClass {
  GUARANTEED = 'GUARANTEED',
  BURSTABLE = 'BURSTABLE',
  BEST_EFFORT = 'BEST_EFFORT',
}
registerEnumType(QosClass, {
  name: 'QosClass',
  description: "The pod's QoS class, as the kubelet computes it.",
});

export enum QosBasis {
  POD_LEVEL = 'POD_LEVEL',
  CONTAINERS = 'CONTAINERS',
}
registerEnumType(QosBasis, {
  name: 'QosBasis',
  description:
    'What decided the QoS class: pod-level spec.resources, or the containers (init containers and sidecars included).',
});

export enum ResourcePhase {
  RUNNING = 'RUNNING',
  INIT = 'INIT',
}
registerEnumType(ResourcePhase, {
  name: 'ResourcePhase',
  description:
    'RUNNING: app containers plus every sidecar decide the request; INIT: one init phase peaks above that.',
});

export enum ReplicaBasis {
  SINGLE = 'SINGLE',
  REPLICAS = 'REPLICAS',
  PARALLELISM = 'PARALLELISM',
  PER_NODE = 'PER_NODE',
}
registerEnumType(ReplicaBasis, {
  name: 'ReplicaBasis',
  description:
    'How replicas is read: one pod, spec.replicas, Job parallelism, or one pod per node (DaemonSet).',
});

export enum PodLevelResourcesStateKind {
  NOT_SET = 'NOT_SET',
  HONOURED = 'HONOURED',
  IGNORED = 'IGNORED',
}
registerEnumType(PodLevelResourcesStateKind, {
  name: 'PodLevelResourcesStateKind',
  description:
    'Whether pod-level spec.resources is set, and honoured by the target version (PodLevelResources gate).',
});
