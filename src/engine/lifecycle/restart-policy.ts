// Whether the kubelet restarts a container that exited (pkg/api/v1/pod/util.go ContainerShouldRestart,
// KEP-5307): the container's restartPolicyRules first (the first rule whose exit codes match; only
// the Restart action decides here), then the container's own restartPolicy, then the pod's.
// A stored pod carries container-level fields only where the ContainerRestartRules gate let them
// through, so reading them unconditionally gives the gate-off behaviour for every other pod.

import type { Container, ContainerRestartRule, PodSpec } from '../k8s/types';

/** The terminated reason the kubelet gives containers it stops for RestartAllContainers (KEP-5532). */
export const RESTARTING_ALL_CONTAINERS_REASON = 'RestartingAllContainers';

/** findMatchingContainerRestartRule: the first rule whose exit-code operator matches `exitCode`. */
export function matchingRestartRule(
  container: Container,
  exitCode: number,
): ContainerRestartRule | null {
  for (const rule of container.restartPolicyRules ?? []) {
    const codes = rule.exitCodes;
    if (codes === undefined) {
      continue;
    }
    const listed = (codes.values ?? []).includes(exitCode);
    if (codes.operator === 'In' && listed) {
      return rule;
    }
    if (codes.operator === 'NotIn' && !listed) {
      return rule;
    }
  }
  return null;
}

/** ContainerShouldRestart: would the kubelet restart `container` after it exited with `exitCode`? */
export function containerShouldRestart(
  container: Container,
  spec: PodSpec,
  exitCode: number,
): boolean {
  if (container.restartPolicy !== undefined) {
    // Rules are read only when the container sets its own restartPolicy (validation requires it).
    if (matchingRestartRule(container, exitCode)?.action === 'Restart') {
      return true;
    }
    switch (container.restartPolicy) {
      case 'Always':
        return true;
      case 'OnFailure':
        return exitCode !== 0;
      case 'Never':
        return false;
      default:
        break; // anything else falls back to the pod's policy
    }
  }
  switch (spec.restartPolicy) {
    case 'OnFailure':
      return exitCode !== 0;
    case 'Never':
      return false;
    default:
      return true; // Always, and unset (the API default is Always)
  }
}

/**
 * Whether a failed regular init container is retried (computeInitContainerActions with
 * ContainerRestartRules): its own restartPolicy when set (rules are not read: the container may not
 * have exited), otherwise the pod's restartPolicy != Never.
 */
export function initContainerRestartsOnFailure(container: Container, spec: PodSpec): boolean {
  if (container.restartPolicy !== undefined) {
    return container.restartPolicy !== 'Never';
  }
  return spec.restartPolicy !== 'Never';
}
