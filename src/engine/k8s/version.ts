// Kubernetes versions the rules know, and the feature-gate defaults that change behaviour
// between them (pkg/features/kube_features.go; docs/kubernetes-behaviour.md#versions-and-feature-gates). Versions are "1.<minor>".

export const MIN_SUPPORTED_MINOR = 28;
export const MAX_SUPPORTED_MINOR = 37;
export const SUPPORTED_VERSION_RANGE = `1.${MIN_SUPPORTED_MINOR}..1.${MAX_SUPPORTED_MINOR}`;
export const DEFAULT_KUBERNETES_VERSION = `1.${MAX_SUPPORTED_MINOR}`;

export interface KubernetesVersion {
  /** Always 1. */
  readonly major: 1;
  readonly minor: number;
  /** Canonical text, "1.33". */
  readonly text: string;
}

/** Feature gates (at their default state for the version) that the analysis depends on. */
export interface FeatureGates {
  /** KEP-753: restartPolicy Always on init containers makes native sidecars. Alpha (off) 1.28, on from 1.29. */
  readonly SidecarContainers: boolean;
  /** KEP-5307: container-level restartPolicy / restartPolicyRules. Alpha 1.34, on from 1.35. */
  readonly ContainerRestartRules: boolean;
  /** KEP-2837: pod-level spec.resources. Alpha 1.33, beta (on) 1.34, GA 1.37. */
  readonly PodLevelResources: boolean;
  /** QoS computed from containers when spec.resources names no cpu/memory/hugepages. */
  readonly PodLevelResourcesFixKubeletQOSClass: boolean;
  /** KEP-5532: RestartAllContainers action. Alpha 1.35, beta (on) 1.36. */
  readonly RestartAllContainersOnContainerExits: boolean;
  /** KEP-4438: sidecars restarted during pod termination. Alpha (off) 1.37. */
  readonly SidecarsRestartableDuringPodTermination: boolean;
}

export type ParseVersionResult =
  { ok: true; version: KubernetesVersion } | { ok: false; message: string };

/** Accepts "1.33", "v1.33" and "1.33.2"; anything outside the supported range is refused. */
export function parseKubernetesVersion(text: string | null | undefined): ParseVersionResult {
  if (text === undefined || text === null || text.trim() === '') {
    return { ok: true, version: versionOf(MAX_SUPPORTED_MINOR) };
  }
  const match = /^v?1\.(\d{1,3})(?:\.\d{1,4})?$/.exec(text.trim());
  const minor = match ? Number(match[1]) : Number.NaN;
  if (!match || minor < MIN_SUPPORTED_MINOR || minor > MAX_SUPPORTED_MINOR) {
    return {
      ok: false,
      message: `kubernetesVersion "${text}" is not supported: use 1.${MIN_SUPPORTED_MINOR} to 1.${MAX_SUPPORTED_MINOR} (default ${DEFAULT_KUBERNETES_VERSION})`,
    };
  }
  return { ok: true, version: versionOf(minor) };
}

export function versionOf(minor: number): KubernetesVersion {
  return { major: 1, minor, text: `1.${minor}` };
}

export function featureGatesFor(version: KubernetesVersion): FeatureGates {
  const m = version.minor;
  return {
    SidecarContainers: m >= 29,
    ContainerRestartRules: m >= 35,
    PodLevelResources: m >= 34,
    PodLevelResourcesFixKubeletQOSClass: m >= 36,
    RestartAllContainersOnContainerExits: m >= 36,
    SidecarsRestartableDuringPodTermination: false,
  };
}
