// Every rule, listed explicitly and sorted by id (style guide 5.3): no globbing, no decorators,
// no import side effects. A meta-test keeps the order and the fixtures honest.
import { containerPortConflict } from './networking/container-port-conflict.rule';
import { hostPortConflict } from './networking/host-port-conflict.rule';
import { initContainerNeverExits } from './startup/init-container-never-exits.rule';
import { initContainerOverreserves } from './resources/init-container-overreserves.rule';
import { injectedSidecarBlocksJob } from './injection/injected-sidecar-blocks-job.rule';
import { jobAppNeverExits } from './jobs/job-app-never-exits.rule';
import { legacyLogShipperLosesFinalLogs } from './logging/legacy-log-shipper-loses-final-logs.rule';
import { legacySidecarBlocksJobCompletion } from './jobs/legacy-sidecar-blocks-job-completion.rule';
import { legacySidecarStartupRace } from './startup/legacy-sidecar-startup-race.rule';
import { logShipperWithoutSharedVolume } from './logging/log-shipper-without-shared-volume.rule';
import { poststartWaitHookUnnecessary } from './startup/poststart-wait-hook-unnecessary.rule';
import { prestopExceedsGracePeriod } from './termination/prestop-exceeds-grace-period.rule';
import { probeOnRegularInitContainer } from './probes/probe-on-regular-init-container.rule';
import { restartPolicyOnRegularContainer } from './compatibility/restart-policy-on-regular-container.rule';
import { secretsAgentInitAndSidecarPair } from './startup/secrets-agent-init-and-sidecar-pair.rule';
import { sidecarDeclaredAfterDependentInit } from './startup/sidecar-declared-after-dependent-init.rule';
import { sidecarDowngradesQos } from './resources/sidecar-downgrades-qos.rule';
import { sidecarInjectedAtAdmission } from './injection/sidecar-injected-at-admission.rule';
import { sidecarLivenessProbeMissing } from './probes/sidecar-liveness-probe-missing.rule';
import { sidecarReadinessFlapsApp } from './probes/sidecar-readiness-flaps-app.rule';
import { sidecarReadinessProbeMissing } from './probes/sidecar-readiness-probe-missing.rule';
import { sidecarRequestsMissing } from './resources/sidecar-requests-missing.rule';
import { sidecarRestartPolicyUnsupported } from './compatibility/sidecar-restart-policy-unsupported.rule';
import { sidecarShutdownExceedsBudget } from './termination/sidecar-shutdown-exceeds-budget.rule';
import { sidecarStartupProbeMissing } from './startup/sidecar-startup-probe-missing.rule';
import { startupProbeBudgetTooShort } from './startup/startup-probe-budget-too-short.rule';
import { terminationGracePeriodMissing } from './termination/termination-grace-period-missing.rule';
import type { Rule } from './define-rule';

export const ALL_RULES: readonly Rule[] = [
  containerPortConflict,
  hostPortConflict,
  initContainerNeverExits,
  initContainerOverreserves,
  injectedSidecarBlocksJob,
  jobAppNeverExits,
  legacyLogShipperLosesFinalLogs,
  legacySidecarBlocksJobCompletion,
  legacySidecarStartupRace,
  logShipperWithoutSharedVolume,
  poststartWaitHookUnnecessary,
  prestopExceedsGracePeriod,
  probeOnRegularInitContainer,
  restartPolicyOnRegularContainer,
  secretsAgentInitAndSidecarPair,
  sidecarDeclaredAfterDependentInit,
  sidecarDowngradesQos,
  sidecarInjectedAtAdmission,
  sidecarLivenessProbeMissing,
  sidecarReadinessFlapsApp,
  sidecarReadinessProbeMissing,
  sidecarRequestsMissing,
  sidecarRestartPolicyUnsupported,
  sidecarShutdownExceedsBudget,
  sidecarStartupProbeMissing,
  startupProbeBudgetTooShort,
  terminationGracePeriodMissing,
];
