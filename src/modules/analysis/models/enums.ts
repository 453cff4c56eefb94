import { registerEnumType } from '@nestjs/graphql';
import type * as engine from '../../../engine';
import { enumFromUnion } from './enum-from-union';

// Mirrors of the engine's string unions; enum-mapping.spec.ts checks they stay equal.
export const Severity = enumFromUnion<engine.Severity>()({
  ERROR: 'ERROR',
  WARNING: 'WARNING',
  INFO: 'INFO',
});
export type Severity = engine.Severity;
registerEnumType(Severity, {
  name: 'Severity',
  description: 'How serious a diagnostic or finding is.',
  valuesMap: {
    ERROR: {
      description:
        'The API server would refuse it, or the pod will not behave (a Job that never completes).',
    },
    WARNING: { description: 'Accepted, but probably not what was meant.' },
    INFO: { description: 'Worth knowing; nothing to fix.' },
  },
});

export const ContainerRole = enumFromUnion<engine.ContainerRole>()({
  INIT: 'INIT',
  SIDECAR: 'SIDECAR',
  APP: 'APP',
});
export type ContainerRole = engine.ContainerRole;
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

export const PatternKind = enumFromUnion<engine.PatternKind>()({
  SIDECAR: 'SIDECAR',
  AMBASSADOR: 'AMBASSADOR',
  ADAPTER: 'ADAPTER',
  CONFIGURATION_HELPER: 'CONFIGURATION_HELPER',
  INIT: 'INIT',
});
export type PatternKind = engine.PatternKind;
registerEnumType(PatternKind, {
  name: 'PatternKind',
  description: 'Multi-container patterns the advisor knows.',
  valuesMap: {
    SIDECAR: {
      description: 'A helper that extends the app for its whole life (log shipper, mesh proxy).',
    },
    AMBASSADOR: {
      description:
        'A local proxy through which the app reaches the outside (database or API proxy).',
    },
    ADAPTER: {
      description: "A helper that translates the app's output for others (metrics exporter).",
    },
    CONFIGURATION_HELPER: {
      description:
        'A helper that keeps configuration or secrets up to date (config reloader, Vault agent).',
    },
    INIT: {
      description:
        'A step that must finish before the app starts (migrations, waiting for a dependency).',
    },
  },
});

export const QosClass = enumFromUnion<engine.QosClass>()({
  GUARANTEED: 'GUARANTEED',
  BURSTABLE: 'BURSTABLE',
  BEST_EFFORT: 'BEST_EFFORT',
});
export type QosClass = engine.QosClass;
registerEnumType(QosClass, {
  name: 'QosClass',
  description: "The pod's QoS class, as the kubelet computes it.",
  valuesMap: {
    GUARANTEED: {
      description: 'Every container sets cpu and memory limits equal to its requests.',
    },
    BURSTABLE: {
      description: 'Some container sets a cpu or memory request or limit, but not Guaranteed.',
    },
    BEST_EFFORT: {
      description: 'No container sets a cpu or memory request or limit: evicted first.',
    },
  },
});

export const QosBasis = enumFromUnion<engine.QosBasis>()({
  POD_LEVEL: 'POD_LEVEL',
  CONTAINERS: 'CONTAINERS',
});
export type QosBasis = engine.QosBasis;
registerEnumType(QosBasis, {
  name: 'QosBasis',
  description:
    'What decided the QoS class: pod-level spec.resources, or the containers (init containers and sidecars included).',
  valuesMap: {
    POD_LEVEL: { description: 'Pod-level spec.resources decided the class.' },
    CONTAINERS: { description: "The containers' own requests and limits decided the class." },
  },
});

export const ResourcePhase = enumFromUnion<engine.ResourceBreakdown['dominantPhase']>()({
  RUNNING: 'RUNNING',
  INIT: 'INIT',
});
export type ResourcePhase = engine.ResourceBreakdown['dominantPhase'];
registerEnumType(ResourcePhase, {
  name: 'ResourcePhase',
  description:
    'RUNNING: app containers plus every sidecar decide the request; INIT: one init phase peaks above that.',
  valuesMap: {
    RUNNING: { description: 'App containers plus every sidecar decide the effective request.' },
    INIT: {
      description:
        'One init phase (an init container plus the sidecars started before it) peaks above the running phase.',
    },
  },
});

export const ReplicaBasis = enumFromUnion<engine.ReplicaBasis>()({
  SINGLE: 'SINGLE',
  REPLICAS: 'REPLICAS',
  PARALLELISM: 'PARALLELISM',
  PER_NODE: 'PER_NODE',
});
export type ReplicaBasis = engine.ReplicaBasis;
registerEnumType(ReplicaBasis, {
  name: 'ReplicaBasis',
  description:
    'How replicas is read: one pod, spec.replicas, Job parallelism, or one pod per node (DaemonSet).',
  valuesMap: {
    SINGLE: { description: 'One pod (a Pod or a PodTemplate).' },
    REPLICAS: { description: 'spec.replicas pods.' },
    PARALLELISM: { description: "A Job's parallelism: pods running at once." },
    PER_NODE: { description: 'One pod on every matching node (DaemonSet).' },
  },
});

export const PodLevelResourcesStateKind = enumFromUnion<engine.PodLevelResourcesState['state']>()({
  NOT_SET: 'NOT_SET',
  HONOURED: 'HONOURED',
  IGNORED: 'IGNORED',
});
export type PodLevelResourcesStateKind = engine.PodLevelResourcesState['state'];
registerEnumType(PodLevelResourcesStateKind, {
  name: 'PodLevelResourcesStateKind',
  description:
    'Whether pod-level spec.resources is set, and honoured by the target version (PodLevelResources gate).',
  valuesMap: {
    NOT_SET: { description: 'The pod sets no spec.resources.' },
    HONOURED: { description: 'spec.resources is set and the target version applies it.' },
    IGNORED: {
      description:
        'spec.resources is set but the target version ignores it (PodLevelResources gate off).',
    },
  },
});

export const ClassificationConfidence = enumFromUnion<engine.ClassificationConfidence>()({
  CERTAIN: 'CERTAIN',
  LIKELY: 'LIKELY',
  GUESS: 'GUESS',
});
export type ClassificationConfidence = engine.ClassificationConfidence;
registerEnumType(ClassificationConfidence, {
  name: 'ClassificationConfidence',
  description:
    "How sure a container's classification is. Findings that rest on a classification are ERROR only when it is CERTAIN.",
  valuesMap: {
    CERTAIN: {
      description:
        "The spec or the project's own marks say so: restartPolicy, the project's image running its own command, an injector's status annotation.",
    },
    LIKELY: {
      description:
        'One strong sign: a known image with another command, a command, a shared volume.',
    },
    GUESS: { description: 'A name alone.' },
  },
});

export const ClassificationEvidenceKind = enumFromUnion<engine.ClassificationEvidenceKind>()({
  RESTART_POLICY: 'RESTART_POLICY',
  KNOWN_IMAGE: 'KNOWN_IMAGE',
  INJECTOR: 'INJECTOR',
  COMMAND: 'COMMAND',
  SHARED_VOLUME: 'SHARED_VOLUME',
  LOCALHOST_PORT: 'LOCALHOST_PORT',
  NAME_HINT: 'NAME_HINT',
  WORKLOAD_PURPOSE: 'WORKLOAD_PURPOSE',
});
export type ClassificationEvidenceKind = engine.ClassificationEvidenceKind;
registerEnumType(ClassificationEvidenceKind, {
  name: 'ClassificationEvidenceKind',
  description: 'What a classification decision rests on.',
  valuesMap: {
    RESTART_POLICY: { description: "The container's list and restartPolicy (KEP-753)." },
    KNOWN_IMAGE: { description: "A known helper project's image." },
    INJECTOR: { description: "An admission injector's annotation or template on the pod." },
    COMMAND: { description: 'The command: a known program, tail -f of a log, an idle sleep.' },
    SHARED_VOLUME: { description: 'A volume shared with the main container.' },
    LOCALHOST_PORT: { description: 'A listener bound to the loopback only.' },
    NAME_HINT: { description: "The container's name." },
    WORKLOAD_PURPOSE: {
      description:
        "The container is the workload's purpose (a gateway's proxy, named after the workload).",
    },
  },
});
