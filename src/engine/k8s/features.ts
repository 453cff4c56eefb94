// Every Kubernetes version fact the engine keys on, in one table: feature gates with their stage
// and default per minor, the API fields each release first serves, and the group/versions a
// release no longer serves. Nothing else in the product compares minor versions (the ESLint rule
// `no-restricted-syntax` on `.minor` enforces it); code asks this module by name instead.
//
// Each entry cites Kubernetes itself. The gate stages come from the versioned gate definitions
// (`pkg/features/kube_features.go`, `defaultVersionedKubernetesFeatureGates`), from the generated
// `--feature-gates` list of a release's component reference (which prints every alpha and beta
// gate with its default), and, where neither was readable for a release, from the KEP's kep.yaml.
// docs/kubernetes-versions.md is generated from this table (npm run build:docs:versions); a test
// fails when the two drift.

import type { KubernetesVersion } from './version';

export type GateStage = 'ALPHA' | 'BETA' | 'GA' | 'DEPRECATED';

/** From `minor` on (until the next step), the gate has this stage and default. */
export interface GateStep {
  readonly minor: number;
  readonly stage: GateStage;
  readonly enabled: boolean;
  readonly locked?: boolean;
}

export interface Source {
  readonly label: string;
  readonly url: string;
}

export interface FeatureEntry {
  readonly name: FeatureName;
  readonly kep: number | null;
  /** What the engine does differently with the gate on. */
  readonly effect: string;
  /** In order; before the first step the gate does not exist (the behaviour is "off"). */
  readonly steps: readonly GateStep[];
  readonly sources: readonly Source[];
  /** Where a plan (KEP) and the shipped code disagree, or a stage rests on a KEP alone. */
  readonly note?: string;
}

const KUBE_FEATURES_1_35: Source = {
  label: 'pkg/features/kube_features.go (release-1.35, versioned specs)',
  url: 'https://github.com/kubernetes/kubernetes/blob/release-1.35/pkg/features/kube_features.go',
};
const GATES_1_36: Source = {
  label: 'kube-scheduler v1.36 reference, --feature-gates list (generated from the v1.36 gates)',
  url: 'https://github.com/kubernetes/website/blob/main/content/en/docs/reference/command-line-tools-reference/kube-scheduler.md',
};
const POD_UTIL_1_35: Source = {
  label:
    'pkg/api/pod/util.go (release-1.35): dropDisabledFields, GetValidationOptionsFromPodSpecAndMeta',
  url: 'https://github.com/kubernetes/kubernetes/blob/release-1.35/pkg/api/pod/util.go',
};
const SCHEDULER_FEATURES_MASTER: Source = {
  label: 'pkg/features scheduler gates (master after v1.37, versioned specs)',
  url: 'https://github.com/kubernetes/kubernetes/tree/master/pkg/features',
};
const PR = (n: number, title: string): Source => ({
  label: `kubernetes/kubernetes#${n} (${title})`,
  url: `https://github.com/kubernetes/kubernetes/pull/${n}`,
});
const changelog = (minor: number, section: string): Source => ({
  label: `CHANGELOG-1.${minor}.md, ${section}`,
  url: `https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.${minor}.md`,
});
const kep = (n: number, dir: string): Source => ({
  label: `KEP-${n} kep.yaml`,
  url: `https://github.com/kubernetes/enhancements/blob/master/keps/sig-node/${dir}/kep.yaml`,
});

const FEATURES_TABLE = [
  {
    name: 'SidecarContainers',
    kep: 753,
    effect:
      'restartPolicy: Always on an init container makes a native sidecar; with the gate off the API server drops the field and the container is a regular init container.',
    steps: [
      { minor: 28, stage: 'ALPHA', enabled: false },
      { minor: 29, stage: 'BETA', enabled: true },
      { minor: 33, stage: 'GA', enabled: true, locked: true },
    ],
    sources: [KUBE_FEATURES_1_35, kep(753, '753-sidecar-containers')],
  },
  {
    name: 'InPlacePodVerticalScaling',
    kep: 1287,
    effect:
      'containers keep resizePolicy (dropped while off), and a sidecar may set it (AllowSidecarResizePolicy).',
    steps: [
      { minor: 27, stage: 'ALPHA', enabled: false },
      { minor: 33, stage: 'BETA', enabled: true },
      { minor: 35, stage: 'GA', enabled: true, locked: true },
    ],
    sources: [KUBE_FEATURES_1_35, SCHEDULER_FEATURES_MASTER],
  },
  {
    name: 'InPlacePodVerticalScalingInitContainers',
    kep: 1287,
    effect:
      'the resources of a running regular (non-sidecar) init container may be resized in place (pods/resize). It changes update validation only: on create, resizePolicy on init containers follows InPlacePodVerticalScaling (AllowSidecarResizePolicy) and, from 1.36, the RestartContainer rule below, gate or not.',
    steps: [{ minor: 36, stage: 'BETA', enabled: true }],
    sources: [
      GATES_1_36,
      PR(137352, 'Relax validation to support in-place resizing non-sidecar initContainers'),
    ],
    note: 'Not in the v1.35 gate definitions; listed as BETA default=true in the v1.36 gate list. PR #137352 (the gate): "You don\'t need to worry about validation skew since this is only on update."',
  },
  {
    name: 'PodLifecycleSleepAction',
    kep: 3960,
    effect:
      'the sleep action of postStart/preStop is kept; while off the API server drops it, and a hook left with no action is refused.',
    steps: [
      { minor: 29, stage: 'ALPHA', enabled: false },
      { minor: 30, stage: 'BETA', enabled: true },
      { minor: 34, stage: 'GA', enabled: true, locked: true },
    ],
    sources: [KUBE_FEATURES_1_35, kep(3960, '3960-pod-lifecycle-sleep-action')],
  },
  {
    name: 'PodLifecycleSleepActionAllowZero',
    kep: 4818,
    effect: 'sleep.seconds may be 0; before, it must be greater than 0.',
    steps: [
      { minor: 32, stage: 'ALPHA', enabled: false },
      { minor: 33, stage: 'BETA', enabled: true },
      { minor: 34, stage: 'GA', enabled: true, locked: true },
    ],
    sources: [KUBE_FEATURES_1_35],
  },
  {
    name: 'PodLevelResources',
    kep: 2837,
    effect:
      "spec.resources is kept and counted (requests, limits, QoS); while off the API server drops it and only the containers' resources count.",
    steps: [
      { minor: 32, stage: 'ALPHA', enabled: false },
      { minor: 34, stage: 'BETA', enabled: true },
    ],
    sources: [KUBE_FEATURES_1_35, GATES_1_36, SCHEDULER_FEATURES_MASTER],
    note: 'KEP-2837 plans stable in 1.37; the gate definitions after v1.37 still have it beta from 1.34.',
  },
  {
    name: 'PodLevelResourcesFixKubeletQOSClass',
    kep: 2837,
    effect:
      'QoS is computed from the containers when spec.resources names no cpu, memory or hugepages (an empty resources: {} no longer makes the pod BestEffort).',
    steps: [{ minor: 37, stage: 'BETA', enabled: true }],
    sources: [GATES_1_36, kep(2837, '2837-pod-level-resource-spec')],
    note: "KEP-2837's README scopes it for beta in 1.36, but the v1.36 gate list has no such gate; it ships in 1.37.",
  },
  {
    name: 'ContainerStopSignals',
    kep: 4960,
    effect:
      'lifecycle.stopSignal is kept (it needs spec.os.name, and a signal of that OS) and the kubelet stops the container with it; while off the API server drops it, and a lifecycle left empty with it (dropContainerStopSignals), so the image or runtime default (SIGTERM) applies.',
    steps: [
      { minor: 33, stage: 'ALPHA', enabled: false },
      { minor: 37, stage: 'BETA', enabled: true },
    ],
    sources: [
      KUBE_FEATURES_1_35,
      GATES_1_36,
      POD_UTIL_1_35,
      kep(4960, '4960-container-stop-signals'),
      {
        label:
          'Kubernetes v1.33: Updates to Container Lifecycle (blog): spec.os.name required, Windows allows SIGTERM and SIGKILL only',
        url: 'https://kubernetes.io/blog/2025/05/14/kubernetes-v1-33-updates-to-container-lifecycle/',
      },
    ],
    note: 'Alpha (off) through 1.36 from the gate definitions and the v1.36 gate list; beta in 1.37 from KEP-4960 (milestone beta v1.37).',
  },
  {
    name: 'ContainerRestartRules',
    kep: 5307,
    effect:
      'containers may set their own restartPolicy (Always, OnFailure, Never) and restartPolicyRules by exit code; while off restartPolicy is refused on regular containers and the rules are dropped.',
    steps: [
      { minor: 34, stage: 'ALPHA', enabled: false },
      { minor: 35, stage: 'BETA', enabled: true },
    ],
    sources: [KUBE_FEATURES_1_35, GATES_1_36, kep(5307, '5307-container-restart-policy')],
    note: 'KEP-5307 planned stable in 1.36; the v1.36 gate list still has it BETA default=true.',
  },
  {
    name: 'RestartAllContainersOnContainerExits',
    kep: 5532,
    effect:
      'restartPolicyRules may use the RestartAllContainers action (an in-place pod restart), and a sidecar may carry restartPolicyRules at all (PodValidationOptions.AllowRestartAllContainers: "This also allows restart rules on sidecar containers").',
    steps: [
      { minor: 35, stage: 'ALPHA', enabled: false },
      { minor: 36, stage: 'BETA', enabled: true },
    ],
    sources: [
      KUBE_FEATURES_1_35,
      GATES_1_36,
      POD_UTIL_1_35,
      kep(5532, '5532-restart-all-containers-on-container-exits'),
    ],
  },
  {
    name: 'KubeletCrashLoopBackOffMax',
    kep: 5593,
    effect:
      'a node may configure its own CrashLoopBackOff cap (crashLoopBackOff.maxContainerRestartPeriod); the default cap stays 300 s, which is what the timelines show.',
    steps: [
      { minor: 32, stage: 'ALPHA', enabled: false },
      { minor: 35, stage: 'BETA', enabled: true },
    ],
    sources: [KUBE_FEATURES_1_35, GATES_1_36],
  },
  {
    name: 'ReduceDefaultCrashLoopBackOffDecay',
    kep: 4603,
    effect:
      'would start the back-off at 1 s with a 60 s cap; off by default in every supported release, so the timelines use 10 s doubling to 300 s.',
    steps: [{ minor: 33, stage: 'ALPHA', enabled: false }],
    sources: [KUBE_FEATURES_1_35, GATES_1_36, kep(4603, '4603-tune-crashloopbackoff')],
  },
  {
    name: 'SidecarsRestartableDuringPodTermination',
    kep: 4438,
    effect:
      'would restart a sidecar that exits during pod termination; absent (off) in every supported release, so a sidecar that exits while the pod terminates stays down.',
    steps: [],
    sources: [GATES_1_36, kep(4438, '4438-container-restart-termination')],
    note: "Not in the v1.36 gate list; KEP-4438's README targets alpha in 1.38 (its kep.yaml still says alpha v1.37, which did not ship).",
  },
] as const satisfies readonly (Omit<FeatureEntry, 'name'> & { name: string })[];

export type FeatureName = (typeof FEATURES_TABLE)[number]['name'];

export const FEATURES: readonly FeatureEntry[] = FEATURES_TABLE;

/** Default state of every gate the engine keys on, for one version. */
export type FeatureGates = { readonly [K in FeatureName]: boolean };

/** The gate's step in force at `minor`, or null when the gate does not exist yet. */
export function gateStep(name: FeatureName, version: KubernetesVersion): GateStep | null {
  const entry = FEATURES.find((f) => f.name === name);
  let current: GateStep | null = null;
  for (const step of entry?.steps ?? []) if (step.minor <= version.minor) current = step;
  return current;
}

export function featureGatesFor(version: KubernetesVersion): FeatureGates {
  const out: Record<string, boolean> = {};
  for (const f of FEATURES) out[f.name] = gateStep(f.name, version)?.enabled ?? false;
  return out as FeatureGates;
}

/** The first minor in which the gate is on by default, or null if it never is (yet). */
export function enabledFrom(name: FeatureName): number | null {
  const entry = FEATURES.find((f) => f.name === name);
  return entry?.steps.find((s) => s.enabled)?.minor ?? null;
}

/** Prose for explanations: "on by default from Kubernetes 1.34". */
export function enabledFromText(name: FeatureName): string {
  const m = enabledFrom(name);
  return m === null ? 'off by default in every supported release' : `on by default from 1.${m}`;
}

// ---- API fields: the release that first serves each field the engine validates ----

export interface FieldEntry {
  /** A path pattern in the pod spec; `[]` stands for any index. */
  readonly field: string;
  readonly servedFrom: number;
  readonly sources: readonly Source[];
}

const FIELDS_TABLE = [
  {
    field: 'initContainers[].restartPolicy',
    servedFrom: 28,
    sources: [kep(753, '753-sidecar-containers')],
  },
  {
    field: 'lifecycle.{postStart,preStop}.sleep',
    servedFrom: 29,
    sources: [kep(3960, '3960-pod-lifecycle-sleep-action')],
  },
  { field: 'spec.resources', servedFrom: 32, sources: [KUBE_FEATURES_1_35] },
  {
    field: 'lifecycle.stopSignal',
    servedFrom: 33,
    sources: [kep(4960, '4960-container-stop-signals')],
  },
  {
    field: 'containers[].restartPolicyRules',
    servedFrom: 34,
    sources: [kep(5307, '5307-container-restart-policy')],
  },
] as const satisfies readonly FieldEntry[];

export type ServedField = (typeof FIELDS_TABLE)[number]['field'];

export const FIELDS: readonly FieldEntry[] = FIELDS_TABLE;

/** Whether the release's API has the field at all (before, strict decoding calls it unknown). */
export function fieldServed(field: ServedField, version: KubernetesVersion): boolean {
  const entry = FIELDS.find((f) => f.field === field);
  return entry === undefined || version.minor >= entry.servedFrom;
}

// ---- Validation rules that changed without a gate ----

export interface RuleEntry {
  readonly name: string;
  /** The first release that applies the rule (before, the older behaviour in `before`). */
  readonly from: number;
  readonly rule: string;
  readonly before: string;
  readonly sources: readonly Source[];
}

const RULES_TABLE = [
  {
    name: 'RestartRuleListsReportTooMany',
    from: 36,
    rule: 'more than 20 restartPolicyRules, or more than 255 exitCodes.values, is a FieldValueTooMany error ("Too many: 256: must have at most 255 items").',
    before:
      'the same limits were reported as FieldValueTooLong ("Too long: may not be more than 255 bytes").',
    sources: [
      PR(137136, 'fix ContainerRestartRules error message; merged during v1.36 development'),
    ],
  },
  {
    name: 'NonSidecarInitResizeRestartContainerRefused',
    from: 36,
    rule: 'a resizePolicy entry with restartPolicy RestartContainer on an init container that is not a sidecar is refused on create (ratcheted on update).',
    before:
      'any init container could carry any resizePolicy once InPlacePodVerticalScaling was on (AllowSidecarResizePolicy).',
    sources: [
      PR(137458, 'validate initContainer restart policy against container resize policy'),
      changelog(36, 'v1.36.0-beta.0'),
    ],
  },
] as const satisfies readonly RuleEntry[];

export type RuleName = (typeof RULES_TABLE)[number]['name'];

export const RULES: readonly RuleEntry[] = RULES_TABLE;

/** Whether the release applies the rule. */
export function ruleInForce(name: RuleName, version: KubernetesVersion): boolean {
  const entry = RULES.find((r) => r.name === name);
  return entry !== undefined && version.minor >= entry.from;
}

// ---- Group/versions no supported release serves ----

export interface RemovedApi {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** The first release that no longer serves them. */
  readonly removedIn: number;
  readonly servedNow: string;
}

const DEPRECATION_GUIDE: Source = {
  label: 'Kubernetes Deprecated API Migration Guide',
  url: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
};

export const REMOVED_APIS: readonly RemovedApi[] = [
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'],
    removedIn: 16,
    servedNow: 'apps/v1',
  },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['Deployment', 'StatefulSet'],
    removedIn: 16,
    servedNow: 'apps/v1',
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
    removedIn: 16,
    servedNow: 'apps/v1',
  },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: 25, servedNow: 'batch/v1' },
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], removedIn: 21, servedNow: 'batch/v1' },
];

export const REMOVED_APIS_SOURCE: Source = DEPRECATION_GUIDE;

/** The group/version is not served for the kind by the target release (removed before it). */
export function removedApi(
  apiVersion: string,
  kind: string,
  version: KubernetesVersion,
): RemovedApi | null {
  return (
    REMOVED_APIS.find(
      (r) => r.apiVersion === apiVersion && r.kinds.includes(kind) && version.minor >= r.removedIn,
    ) ?? null
  );
}

/**
 * kubectl validates with server-side strict field validation by default (kubectl --validate=strict,
 * KEP-2885): an unknown field is refused. GA in 1.27; every supported release has it.
 */
export const STRICT_FIELD_VALIDATION_SOURCE: Source = {
  label: 'KEP-2885 server-side unknown field validation; kubectl apply --validate (default strict)',
  url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
};

/** enabledFrom for a gate that is on in some supported release (a table error otherwise). */
export function enabledFromMinor(name: FeatureName): number {
  const m = enabledFrom(name);
  if (m === null) throw new Error(`${name} is off by default in every release of the table`);
  return m;
}
