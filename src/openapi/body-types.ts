/** The bodies src/openapi/rest-types.ts exports; the document refers to them by these names. */
export const REST_BODY_TYPES = [
  'AnalysisReport',
  'AnalyzeAnswer',
  'CreateScenarioBody',
  'FleetJobCreated',
  'FleetJobList',
  'FleetJobView',
  'ManifestBody',
  'ProblemDetails',
  'RuleCatalog',
  'RevisionDetails',
  'ScenarioDetails',
  'ScenarioListView',
] as const;

export type RestBodyType = (typeof REST_BODY_TYPES)[number];
