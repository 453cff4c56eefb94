import {
  ContainerRole,
  PatternKind,
  QosClass,
  Severity,
} from '../../src/modules/analysis/models/enums';
import type * as engine from '../../src/engine';

// The GraphQL enums mirror the engine's string unions; the contract fixes their values. The
// `satisfies` clauses fail to compile when the engine gains a value the API does not expose.
const SEVERITIES = ['ERROR', 'WARNING', 'INFO'] as const satisfies readonly engine.Severity[];
const ROLES = ['INIT', 'SIDECAR', 'APP'] as const satisfies readonly engine.ContainerRole[];
const PATTERNS = [
  'SIDECAR',
  'AMBASSADOR',
  'ADAPTER',
  'CONFIGURATION_HELPER',
  'INIT',
] as const satisfies readonly engine.PatternKind[];
const QOS = [
  'GUARANTEED',
  'BURSTABLE',
  'BEST_EFFORT',
] as const satisfies readonly engine.QosClass[];

describe('GraphQL enums mirror the engine and the contract', () => {
  it.each([
    ['Severity', Severity, SEVERITIES],
    ['ContainerRole', ContainerRole, ROLES],
    ['PatternKind', PatternKind, PATTERNS],
    ['QosClass', QosClass, QOS],
  ])('%s has exactly the contract values', (_name, gqlEnum, values) => {
    expect(Object.values(gqlEnum).sort()).toEqual([...values].sort());
  });
});
