// Kubernetes versions the product knows ("1.<minor>"). Every fact that differs between them
// (feature gates, served fields and group/versions) is in ./features.ts with its source, and
// docs/kubernetes-versions.md is generated from it.

export type { FeatureGates, FeatureName } from './features';
export { featureGatesFor } from './features';

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
