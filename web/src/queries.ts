// GraphQL operations of the web view (src/schema.gql). fixedManifest is selected only when a fix
// diff is opened: the server computes fixes only for queries that ask for them.

const EVENT = 'atSeconds container type detail';
const QTY = 'resource quantity value';

export const REPORT_FRAGMENT = `
fragment Report on AnalysisReport {
  kubernetesVersion schemaVersion
  diagnostics { severity reason path line column message document }
  workloads {
    kind name namespace replicas document
    containers { name role index image legacySidecar pattern path }
    injectedSidecars { injector container mode annotation message path }
    resources {
      requests { ${QTY} } limits { ${QTY} }
      unboundedLimits qosClass qosExplanation qosBasis qosDowngradedBySidecars complete
      containerQos { container role qosClass }
      defaultedRequests { container role resource fromLimit }
      unboundedLimitDetails { resource explanation }
      requestBreakdown {
        resource dominantPhase dominantInitContainer sidecarsDuringDominantPhase explanation
        runningSum { quantity } initPeak { quantity } idleWhileRunning { quantity }
        effective { quantity } overhead { quantity } podLevelOverride { quantity }
      }
      sidecarShare { resource percent sidecarNames sidecars { quantity } running { quantity } }
      workloadTotals { label replicas requests { resource quantity } limits { resource quantity } }
      podLevelResources { state explanation }
      overhead { resource quantity }
      inputIssues { container field message path }
      phases { kind container sidecars requests { resource quantity } limits { resource quantity } unlimited }
    }
    lifecycle {
      podInitializedAtSeconds podReadyAtSeconds terminationCompletesAtSeconds
      terminationGracePeriodSeconds jobCompletesAtSeconds sidecarsHonoured notes
      startup { ${EVENT} }
      termination { ${EVENT} }
      job { phase reason neverCompletes completesAtSeconds legacySidecars stoppedByApp events { ${EVENT} } }
      warnings { code container message }
      worstCase {
        podInitializedAtSeconds podReadyAtSeconds
        containers { name role startupProbeBudgetSeconds latestStartedAtSeconds latestReadyAtSeconds }
      }
      assumptions {
        defaultStartSeconds defaultRunSeconds defaultShutdownSeconds
        terminationGracePeriodSeconds terminationGracePeriodSource
        containers {
          name role startSeconds runSeconds postStartSeconds postStartSource preStopSeconds
          preStopSource shutdownSeconds startupProbeSucceedsAfterSeconds
          readinessProbeSucceedsAfterSeconds exitCode
        }
      }
    }
    findings { ruleId severity message path line column container remediation docsUrl }
    suppressedFindings {
      ruleId severity message path line column container docsUrl
      suppression { annotation justification path }
    }
    recommendations { pattern verdict container reasons }
  }
}`;

export const ANALYZE = `query WebAnalyze($input: AnalyzeInput!) { analyze(input: $input) { ...Report } }
${REPORT_FRAGMENT}`;

export const FIXES = `query WebFixes($input: AnalyzeInput!) {
  analyze(input: $input) { workloads { findings { ruleId path container fixedManifest } } }
}`;

/** What diffReports (src/modules/scenarios/revision-diff.ts) reads of a stored report. */
const DIFF_REPORT = `report {
  kubernetesVersion
  diagnostics { severity }
  workloads {
    kind name document
    containers { name role }
    resources { requests { resource quantity } limits { resource quantity } qosClass }
    lifecycle { podInitializedAtSeconds podReadyAtSeconds terminationCompletesAtSeconds jobCompletesAtSeconds }
    findings { ruleId severity message container path }
  }
}`;

export const SCENARIOS = `query WebScenarios($filter: ScenarioFilter, $after: String) {
  scenarios(first: 20, filter: $filter, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { node { id name description tags revisionCount updatedAt } }
  }
}`;

export const SCENARIO = `query WebScenario($id: ID!) {
  scenario(id: $id) {
    id name description tags revisionCount updatedAt
    revisions(first: 100) {
      totalCount
      edges { node {
        id number createdAt kubernetesVersion errorCount warningCount manifest
        changes { field before after }
        ${DIFF_REPORT}
      } }
    }
  }
}`;

export const CREATE_SCENARIO = `mutation WebCreateScenario($input: CreateScenarioInput!) {
  createScenario(input: $input) { id name latestRevision { number } }
}`;

export const ADD_REVISION = `mutation WebAddRevision($scenarioId: ID!, $input: AnalyzeInput!) {
  addRevision(scenarioId: $scenarioId, input: $input) { id number }
}`;
