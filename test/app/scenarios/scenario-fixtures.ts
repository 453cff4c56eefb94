// Manifests, revisions and GraphQL operations shared by the scenario tests.
import type { NewRevision } from '../../../src/modules/scenarios/scenario.types';

export const podManifest = (
  opts: { cpu?: string; sidecar?: boolean; name?: string } = {},
): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${opts.name ?? 'checkout'}`,
    'spec:',
    '  replicas: 2',
    '  selector: {matchLabels: {app: checkout}}',
    '  template:',
    '    metadata: {labels: {app: checkout}}',
    '    spec:',
    ...(opts.sidecar
      ? [
          '      initContainers:',
          '      - name: proxy',
          '        image: envoyproxy/envoy:v1.31',
          '        restartPolicy: Always',
          '        resources: {requests: {cpu: 100m, memory: 64Mi}}',
        ]
      : []),
    '      containers:',
    '      - name: app',
    '        image: nginx:1.27',
    `        resources: {requests: {cpu: ${opts.cpu ?? '250m'}, memory: 128Mi}}`,
    '',
  ].join('\n');

export const CREATE = `mutation Create($input: CreateScenarioInput!) {
  createScenario(input: $input) {
    id name description tags revisionCount createdAt updatedAt
    latestRevision { id number manifest kubernetesVersion changes { field before after } }
  }
}`;

export const ADD = `mutation Add($id: ID!, $input: AnalyzeInput!) {
  addRevision(scenarioId: $id, input: $input) { id number scenarioId }
}`;

export const GET = `query Get($id: ID!) {
  scenario(id: $id) {
    id name tags revisionCount
    latestRevision { number manifest report { kubernetesVersion workloads { kind name } } changes { field before after } }
    revisions(first: 100) { totalCount edges { cursor node { number } } pageInfo { hasNextPage endCursor } }
  }
}`;

export const LIST = `query List($first: Int, $after: String, $filter: ScenarioFilter) {
  scenarios(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor node { id name tags latestRevision { number } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const DELETE = `mutation Del($id: ID!) { deleteScenario(id: $id) }`;

/**
 * A revision to save straight through ScenarioRepository: an empty report and summary, marked
 * with `n` (in the report, the default manifest and its hash) so that saves can be told apart.
 */
export const storedRevision = (
  n: number,
  manifest = `kind: Pod # ${n}`,
  manifestSha256 = `sha-${n}`,
): NewRevision => ({
  manifest,
  kubernetesVersion: '1.33',
  timing: null,
  report: { schemaVersion: 1, kubernetesVersion: '1.33', workloads: [], diagnostics: [], n },
  reportSchemaVersion: 1,
  summary: {
    workloadCount: 0,
    errorCount: 0,
    warningCount: 0,
    infoCount: 0,
    findingCount: 0,
    qosClasses: [],
    podReadyAtSeconds: null,
    terminationSeconds: null,
    manifestSha256,
  },
});
