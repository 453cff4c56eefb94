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
