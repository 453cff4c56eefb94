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

/** The gates that decide which container-level restart fields a cluster keeps (k8s/version.ts). */
export interface RestartGates {
  readonly ContainerRestartRules: boolean;
  readonly RestartAllContainersOnContainerExits: boolean;
}

/**
 * The spec as the target version's API server stores it: without ContainerRestartRules
 * (KEP-5307) the container-level restartPolicy of regular containers and every restartPolicyRules
 * list are dropped (an init container keeps restartPolicy Always: that is a sidecar, KEP-753);
 * without RestartAllContainersOnContainerExits (KEP-5532) the rules with that action are dropped.
 * Every view (start-up, Job, live pod) reads restart decisions from this spec.
 */
export function restartRulesSpec(spec: PodSpec, gates: RestartGates): PodSpec {
  if (gates.ContainerRestartRules && gates.RestartAllContainersOnContainerExits) {
    return spec;
  }
  const strip = (c: Container, init: boolean): Container => {
    const copy: Container = { ...c };
    if (!gates.ContainerRestartRules) {
      if (!(init && copy.restartPolicy === 'Always')) {
        delete copy.restartPolicy;
      }
      delete copy.restartPolicyRules;
    } else if (copy.restartPolicyRules !== undefined) {
      copy.restartPolicyRules = copy.restartPolicyRules.filter(
        (r) => r.action !== RESTART_ALL_CONTAINERS_ACTION,
      );
    }
    return copy;
  };
  return {
    ...spec,
    initContainers: spec.initContainers?.map((c) => strip(c, true)),
    containers: spec.containers?.map((c) => strip(c, false)),
  };
}

/** The restartPolicyRules action of KEP-5532. */
export const RESTART_ALL_CONTAINERS_ACTION = 'RestartAllContainers';

/** What the kubelet does once a container has exited. */
export type ExitAction = 'Restart' | 'DoNotRestart' | 'RestartAllContainers';

export interface ExitDecision {
  action: ExitAction;
  /** Which field decided, in words: "restartPolicyRules[0] (exit code 42 In [42])", "pod restartPolicy Never". */
  because: string;
}

/**
 * The one restart decision every view uses for a container that exited with `exitCode` (a
 * sidecar's restartPolicy Always restarts it whatever the code, KEP-753): a rule with the RestartAllContainers action restarts
 * the whole pod in place (KEP-5532); otherwise ContainerShouldRestart (KEP-5307). `spec` is the
 * spec as stored (restartRulesSpec), so a rule the version drops is never read.
 */
export function decideAfterExit(
  container: Container,
  spec: PodSpec,
  exitCode: number,
): ExitDecision {
  if (container.restartPolicy !== undefined) {
    const rules = container.restartPolicyRules ?? [];
    const rule = matchingRestartRule(container, exitCode);
    if (rule !== null) {
      const i = rules.indexOf(rule);
      const what = `restartPolicyRules[${i}] (exit code ${exitCode} ${rule.exitCodes?.operator ?? ''} [${(rule.exitCodes?.values ?? []).join(', ')}])`;
      if (rule.action === RESTART_ALL_CONTAINERS_ACTION) {
        return { action: 'RestartAllContainers', because: what };
      }
      if (rule.action === 'Restart') {
        return { action: 'Restart', because: what };
      }
    }
  }
  const restart = containerShouldRestart(container, spec, exitCode);
  const own = container.restartPolicy;
  const because =
    own === 'Always' || own === 'OnFailure' || own === 'Never'
      ? `its restartPolicy ${own}`
      : `the pod's restartPolicy ${spec.restartPolicy ?? 'Always'}`;
  return { action: restart ? 'Restart' : 'DoNotRestart', because };
}

/**
 * Whether a container the kubelet kills for a failed startup or liveness probe is started again
 * (computePodActions: shouldRestartOnFailure(pod), or with ContainerRestartRules the container's
 * own restartPolicy; the rules are not read, the container has not exited yet). A sidecar is
 * always started again (computeInitContainerActions).
 */
export function restartsAfterProbeKill(
  container: Container,
  spec: PodSpec,
  sidecar: boolean,
): boolean {
  if (sidecar) {
    return true;
  }
  const policy = container.restartPolicy ?? spec.restartPolicy;
  return policy !== 'Never';
}
