import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, GraphQLEnumType } from 'graphql';
import type * as engine from '../../src/engine';
import { SeverityLevel } from '../../src/modules/analysis/dto/severity-override.input';
import {
  InjectionMode,
  RecommendationVerdict,
} from '../../src/modules/analysis/models/advice.model';
import {
  ClassificationConfidence,
  ClassificationEvidenceKind,
  ContainerRole,
  PatternKind,
  PodLevelResourcesStateKind,
  QosBasis,
  QosClass,
  ReplicaBasis,
  ResourcePhase,
  Severity,
} from '../../src/modules/analysis/models/enums';
import {
  AssumptionSource,
  TimelineEventType,
} from '../../src/modules/analysis/models/lifecycle-report.model';
import { PhaseKind } from '../../src/modules/analysis/models/resource-report.model';
import type { FleetFormat } from '../../src/cli/fleet';
import { FleetReportFormatEnum } from '../../src/modules/fleet/models/fleet-report-job.model';
import { REPO_ROOT } from '../support/shared';

// The GraphQL enums are built from the engine's string unions (enum-from-union.ts): a value the
// engine adds or drops fails to compile there. Here, each union is written out once more, checked
// both ways at compile time (`satisfies` keeps out values the engine lacks, `Covers` demands every
// value it has), and compared with the enum objects and with the schema the API serves.
type Covers<Union extends string, List extends readonly string[]> = [
  Exclude<Union, List[number]>,
] extends [never]
  ? List
  : never;
const covers =
  <Union extends string>() =>
  <const List extends readonly Union[]>(list: Covers<Union, List>): readonly string[] =>
    list;

const MIRRORED: readonly [string, Record<string, string>, readonly string[]][] = [
  ['Severity', Severity, covers<engine.Severity>()(['ERROR', 'WARNING', 'INFO'])],
  ['ContainerRole', ContainerRole, covers<engine.ContainerRole>()(['INIT', 'SIDECAR', 'APP'])],
  [
    'PatternKind',
    PatternKind,
    covers<engine.PatternKind>()([
      'SIDECAR',
      'AMBASSADOR',
      'ADAPTER',
      'CONFIGURATION_HELPER',
      'INIT',
    ]),
  ],
  ['QosClass', QosClass, covers<engine.QosClass>()(['GUARANTEED', 'BURSTABLE', 'BEST_EFFORT'])],
  ['QosBasis', QosBasis, covers<engine.QosBasis>()(['POD_LEVEL', 'CONTAINERS'])],
  [
    'ResourcePhase',
    ResourcePhase,
    covers<engine.ResourceBreakdown['dominantPhase']>()(['RUNNING', 'INIT']),
  ],
  [
    'ReplicaBasis',
    ReplicaBasis,
    covers<engine.ReplicaBasis>()(['SINGLE', 'REPLICAS', 'PARALLELISM', 'PER_NODE']),
  ],
  [
    'PodLevelResourcesStateKind',
    PodLevelResourcesStateKind,
    covers<engine.PodLevelResourcesState['state']>()(['NOT_SET', 'HONOURED', 'IGNORED']),
  ],
  [
    'PhaseKind',
    PhaseKind,
    covers<engine.PhaseResources['kind']>()(['INIT', 'SIDECAR_START', 'RUNNING']),
  ],
  [
    'RecommendationVerdict',
    RecommendationVerdict,
    covers<engine.RecommendationVerdict>()(['ADOPT', 'RECONSIDER', 'KEEP']),
  ],
  [
    'InjectionMode',
    InjectionMode,
    covers<engine.InjectionMode>()(['NATIVE', 'LEGACY', 'INJECTOR_DEFAULT']),
  ],
  [
    'TimelineEventType',
    TimelineEventType,
    covers<engine.TimelineEventType>()([
      'CONTAINER_STARTED',
      'STARTUP_PROBE_SUCCEEDED',
      'CONTAINER_READY',
      'CONTAINER_EXITED',
      'POD_INITIALIZED',
      'POD_READY',
      'TERMINATION_STARTED',
      'PRESTOP_STARTED',
      'PRESTOP_FINISHED',
      'SIGTERM_SENT',
      'SIGKILL_SENT',
      'POD_TERMINATED',
    ]),
  ],
  [
    'AssumptionSource',
    AssumptionSource,
    covers<engine.AssumptionSource>()(['INPUT', 'DEFAULT', 'SPEC']),
  ],
  [
    'ClassificationConfidence',
    ClassificationConfidence,
    covers<engine.ClassificationConfidence>()(['CERTAIN', 'LIKELY', 'GUESS']),
  ],
  [
    'ClassificationEvidenceKind',
    ClassificationEvidenceKind,
    covers<engine.ClassificationEvidenceKind>()([
      'RESTART_POLICY',
      'KNOWN_IMAGE',
      'INJECTOR',
      'COMMAND',
      'SHARED_VOLUME',
      'LOCALHOST_PORT',
      'NAME_HINT',
      'WORKLOAD_PURPOSE',
    ]),
  ],
  // The fleet report's formats: the CLI's --format values, upper-cased.
  [
    'FleetReportFormat',
    FleetReportFormatEnum,
    covers<FleetFormat>()(['table', 'json', 'markdown', 'html', 'sarif']),
  ],
  // Input: GraphQL names are upper case, the engine takes severityOverrides in lower case.
  [
    'SeverityLevel',
    SeverityLevel,
    covers<engine.SeverityOverride>()(['error', 'warning', 'info', 'off']),
  ],
];

describe('GraphQL enums mirror the engine', () => {
  const served = buildSchema(readFileSync(path.join(REPO_ROOT, 'src', 'schema.gql'), 'utf8'));

  it('every enum of the schema is one of the mirrored ones', () => {
    const enums = Object.values(served.getTypeMap())
      .filter((t): t is GraphQLEnumType => t instanceof GraphQLEnumType)
      .map((t) => t.name)
      .filter((name) => !name.startsWith('__'));
    expect(enums.sort()).toEqual(MIRRORED.map(([name]) => name).sort());
  });

  it.each(MIRRORED)('%s carries exactly the engine values', (name, gqlEnum, engineValues) => {
    expect(Object.values(gqlEnum).sort()).toEqual([...engineValues].sort());
    // Each GraphQL name is its engine value (upper-cased for lower-case unions).
    for (const [key, value] of Object.entries(gqlEnum)) expect(key).toBe(value.toUpperCase());
    const type = served.getType(name);
    expect(type).toBeInstanceOf(GraphQLEnumType);
    const names = (type as GraphQLEnumType).getValues().map((v) => v.name);
    expect(names.sort()).toEqual(Object.keys(gqlEnum).sort());
  });
});
