// The bodies of the REST API, as the code types them: the OpenAPI document's component schemas
// are generated from these exports (`npm run openapi:generate`, scripts/generate-openapi.ts), so
// the document describes exactly what the handlers return. A test fails when they drift.
export type { AnalysisReport } from '../engine';
export type { AnalyzeAnswer } from '../modules/analysis/analyze-answer';
export type { ProblemDetails } from '../common/errors/problem-details';
export type { ManifestBody } from '../modules/analysis/manifest-body';
export type { RuleCatalog } from '../modules/analysis/catalog.service';
export type { CreateScenarioBody } from '../modules/scenarios/scenario-input';
export type {
  RevisionDetails,
  ScenarioDetails,
  ScenarioListView,
} from '../modules/scenarios/scenario-rest-views';
export type { FleetJobCreated, FleetJobList, FleetJobView } from '../modules/fleet/fleet.service';
