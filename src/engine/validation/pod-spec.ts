// The API server's pod spec validation for what this product reasons about
// (pkg/apis/core/validation: ValidatePodSpec, validateInitContainers, validateContainers,
// validateContainerCommon; pkg/apis/core/validation/validation.go; docs/kubernetes-behaviour.md#validation), made version-aware (c.3, c.4, c.10).
//
// Kubernetes validates the object after v1 defaulting. With `defaulting: 'v1'` (a manifest) the
// defaults that validation depends on are applied first (probe thresholds, httpGet path/scheme,
// port protocol, terminationMessagePolicy, imagePullPolicy, pod restartPolicy and grace period);
// with 'none' the spec is taken as the upstream unit tests build their internal objects.

import type { Container, ContainerPort, LifecycleHandler, PodSpec, Probe } from '../k8s/types';
import type { FeatureGates, KubernetesVersion } from '../k8s/version';
import { fieldServed, ruleInForce } from '../k8s/features';
import { index } from '../intake/paths';
import type { FieldIssue } from './field-errors';
import {
  duplicate,
  forbidden,
  invalid,
  IS_NEGATIVE,
  notFound,
  notSupported,
  required,
  tooLong,
  tooMany,
  warning,
  fieldPath,
} from './field-errors';
import { dns1123LabelErrors, portNameErrors, portNumErrors } from './names';
import {
  validateOverhead,
  validatePodResourceConsistency,
  validateResourceRequirements,
} from './resources';

export interface PodValidationOptions {
  version: KubernetesVersion;
  gates: FeatureGates;
  /** 'v1': a manifest, defaulted the way the API server does before validating; 'none': as is. */
  defaulting: 'v1' | 'none';
  /** PodValidationOptions.AllowSidecarResizePolicy (c.8); derived from the version when absent. */
  allowSidecarResizePolicy?: boolean;
  /** Volumes that exist besides spec.volumes: a StatefulSet's volumeClaimTemplates. */
  extraVolumes?: readonly string[];
}

/** A pod's and a container's restartPolicy take the same values (core/v1 RestartPolicy, ContainerRestartPolicy). */
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'] as const;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const HTTP_SCHEMES = ['HTTP', 'HTTPS'] as const;
const RESIZE_RESOURCES = ['cpu', 'memory'] as const;
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'] as const;
const RESTART_RULE_OPERATORS = ['In', 'NotIn'] as const;
const MAX_RESTART_RULES = 20;
const MAX_RESTART_RULE_VALUES = 255;
const INIT_FORBIDDEN = 'may not be set for init containers without restartPolicy=Always';
/**
 * The signals lifecycle.stopSignal may name, per spec.os.name (core.Signal; KEP-4960): Windows
 * supports SIGKILL and SIGTERM only.
 */
const WINDOWS_STOP_SIGNALS = ['SIGKILL', 'SIGTERM'] as const;
const LINUX_STOP_SIGNALS = [
  'SIGABRT',
  'SIGALRM',
  'SIGBUS',
  'SIGCHLD',
  'SIGCLD',
  'SIGCONT',
  'SIGFPE',
  'SIGHUP',
  'SIGILL',
  'SIGINT',
  'SIGIO',
  'SIGIOT',
  'SIGKILL',
  'SIGPIPE',
  'SIGPOLL',
  'SIGPROF',
  'SIGPWR',
  'SIGQUIT',
  'SIGRTMAX',
  ...Array.from({ length: 14 }, (_, i) => `SIGRTMAX-${14 - i}`),
  'SIGRTMIN',
  ...Array.from({ length: 15 }, (_, i) => `SIGRTMIN+${i + 1}`),
  'SIGSEGV',
  'SIGSTKFLT',
  'SIGSTOP',
  'SIGSYS',
  'SIGTERM',
  'SIGTRAP',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGURG',
  'SIGUSR1',
  'SIGUSR2',
  'SIGVTALRM',
  'SIGWINCH',
  'SIGXCPU',
  'SIGXFSZ',
].sort();

interface PodValidationContext {
  opts: PodValidationOptions;
  issues: FieldIssue[];
  /** Volume names declared by the pod. */
  volumes: Set<string>;
  podRestartPolicy: string | undefined;
  gracePeriod: number | undefined;
  /** The manifest is read after v1 defaulting (`defaulting: 'v1'`): unset fields take their defaults. */
  defaulted: boolean;
  /** spec.os.name, when spec.os is set ('' for an os without a name). */
  osName: string | undefined;
}

const has = (list: readonly string[], v: string): boolean => list.includes(v);

// Field paths are built only where an issue is reported: most manifests have none, and a path
// string per checked field was a large share of validation's allocations. `at` is the path of the
// object that holds the list (a container, the pod spec).
/** `at.list[i].field`. */
function itemAt(at: string, list: string, i: number, field: string): string {
  return fieldPath(index(fieldPath(at, list), i), field);
}

/** Validates a pod spec at `specPath` (spec, spec.template.spec, items[2].spec, ...). */
export function validatePodSpec(
  spec: PodSpec,
  specPath: string,
  opts: PodValidationOptions,
): FieldIssue[] {
  const defaulted = opts.defaulting === 'v1';
  const ctx: PodValidationContext = {
    opts,
    issues: [],
    volumes: new Set(opts.extraVolumes ?? []),
    podRestartPolicy: spec.restartPolicy ?? (defaulted ? 'Always' : undefined),
    gracePeriod: spec.terminationGracePeriodSeconds ?? (defaulted ? 30 : undefined),
    defaulted,
    osName: podOsName(spec),
  };
  const { issues } = ctx;

  // Volumes first: volumeMounts refer to them.
  const declared = new Set<string>();
  const volumes = spec.volumes ?? [];
  for (let i = 0; i < volumes.length; i++) {
    const name = volumes[i]!.name ?? '';
    if (name === '') issues.push(required(itemAt(specPath, 'volumes', i, 'name')));
    else {
      for (const msg of dns1123LabelErrors(name)) {
        issues.push(invalid(itemAt(specPath, 'volumes', i, 'name'), name, msg));
      }
      if (declared.has(name)) issues.push(duplicate(itemAt(specPath, 'volumes', i, 'name'), name));
    }
    declared.add(name);
    ctx.volumes.add(name);
  }

  validateInitContainers(
    spec.initContainers ?? [],
    spec.containers ?? [],
    fieldPath(specPath, 'initContainers'),
    ctx,
  );
  validateContainers(spec.containers ?? [], fieldPath(specPath, 'containers'), ctx);

  if (spec.restartPolicy !== undefined) {
    const at = fieldPath(specPath, 'restartPolicy');
    if (spec.restartPolicy === '') {
      if (!defaulted) issues.push(required(at));
    } else if (!has(RESTART_POLICIES, spec.restartPolicy)) {
      issues.push(notSupported(at, spec.restartPolicy, RESTART_POLICIES));
    }
  }
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) {
    issues.push(
      invalid(
        fieldPath(specPath, 'terminationGracePeriodSeconds'),
        spec.terminationGracePeriodSeconds,
        IS_NEGATIVE,
      ),
    );
  }
  if (
    spec.activeDeadlineSeconds !== undefined &&
    (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > 2147483647)
  ) {
    issues.push(
      invalid(
        fieldPath(specPath, 'activeDeadlineSeconds'),
        spec.activeDeadlineSeconds,
        'must be between 1 and 2147483647, inclusive',
      ),
    );
  }

  // hostNetwork: a hostPort, when given, must equal the containerPort (validatePodHostNetworkDeps;
  // a Pod's unset hostPort is defaulted to the containerPort, so 0 is fine here).
  if (spec.hostNetwork === true) {
    const containers = spec.containers ?? [];
    for (let ci = 0; ci < containers.length; ci++) {
      const ports = containers[ci]!.ports ?? [];
      for (let pi = 0; pi < ports.length; pi++) {
        const p = ports[pi]!;
        const hp = p.hostPort ?? 0;
        if (hp !== 0 && hp !== (p.containerPort ?? 0)) {
          const at = itemAt(index(fieldPath(specPath, 'containers'), ci), 'ports', pi, 'hostPort');
          issues.push(invalid(at, hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      }
    }
  }

  if (spec.overhead !== undefined) {
    issues.push(...validateOverhead(spec.overhead, fieldPath(specPath, 'overhead')));
  }
  if (spec.resources !== undefined) {
    const at = fieldPath(specPath, 'resources');
    if (!opts.gates.PodLevelResources) {
      issues.push(
        warning(
          'FieldDropped',
          at,
          `pod-level resources (KEP-2837) are off by default in Kubernetes ${opts.version.text}: the API server drops spec.resources and only the containers' resources count`,
        ),
      );
    } else if (ctx.osName === 'windows') {
      // validatePodResources (kubernetes/kubernetes#133046, 1.34): not for a Windows pod.
      issues.push(forbidden(at, 'may not be set for a windows pod'));
    } else {
      const own = validateResourceRequirements(spec.resources, at, true);
      issues.push(...own);
      if (own.length === 0) {
        issues.push(
          ...validatePodResourceConsistency(
            spec.resources,
            spec.containers ?? [],
            spec.initContainers ?? [],
            opts.gates.SidecarContainers,
            at,
          ),
        );
      }
    }
  }
  return issues;
}

function podOsName(spec: PodSpec): string | undefined {
  const os = spec.os;
  if (typeof os !== 'object' || os === null) return undefined;
  const name = (os as { name?: unknown }).name;
  return typeof name === 'string' ? name : '';
}

/** The restartPolicy an init container has once the API server has read it (c.10). */
function effectiveInitRestartPolicy(c: Container, ctx: PodValidationContext): string | undefined {
  return ctx.opts.gates.SidecarContainers ? c.restartPolicy : undefined;
}

function validateInitContainers(
  inits: Container[],
  regular: Container[],
  path: string,
  ctx: PodValidationContext,
): void {
  const { issues, opts } = ctx;
  const allNames = new Set<string>();
  for (const c of regular) allNames.add(c.name ?? '');
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    const at = index(path, i);
    validateContainerCommon(c, at, ctx);

    let restartAlways = false;
    if (c.restartPolicy !== undefined) {
      const rpAt = fieldPath(at, 'restartPolicy');
      if (!opts.gates.SidecarContainers) {
        // c.10: 1.28 with the SidecarContainers gate off drops the field on create.
        issues.push(
          warning(
            'FieldDropped',
            rpAt,
            `the SidecarContainers feature gate is off by default in Kubernetes ${opts.version.text}: the API server drops restartPolicy, and this becomes a regular init container${c.restartPolicy === 'Always' ? ' that must exit before the next one starts; a sidecar that never exits blocks pod start-up for ever' : ''}`,
          ),
        );
      } else if (opts.gates.ContainerRestartRules) {
        // c.3 with ContainerRestartRules (1.35+): Always, OnFailure and Never.
        if (!has(RESTART_POLICIES, c.restartPolicy)) {
          issues.push(notSupported(rpAt, c.restartPolicy, RESTART_POLICIES));
        }
        restartAlways = c.restartPolicy === 'Always';
      } else {
        if (c.restartPolicy !== 'Always') {
          issues.push(notSupported(rpAt, c.restartPolicy, ['Always']));
        }
        restartAlways = c.restartPolicy === 'Always';
      }
    }
    validateRestartRules(c, at, ctx, restartAlways);

    // c.2: names are unique across both lists; the init container is the one reported.
    const name = c.name ?? '';
    if (allNames.has(name)) issues.push(duplicate(fieldPath(at, 'name'), name));
    else if (name !== '') allNames.add(name);

    // c.7: init containers are checked for host-port conflicts one at a time.
    checkHostPortConflicts(inits, path, i, i + 1, ctx);

    const lifecycle = keptLifecycle(c, at, ctx);
    if (restartAlways && effectiveInitRestartPolicy(c, ctx) === 'Always') {
      if (lifecycle) validateLifecycle(c, fieldPath(at, 'lifecycle'), ctx);
      validateProbes(c, at, ctx);
    } else {
      // c.6: exactly one Forbidden each; the body is not looked at.
      if (lifecycle) issues.push(forbidden(fieldPath(at, 'lifecycle'), INIT_FORBIDDEN));
      if (c.livenessProbe !== undefined) {
        issues.push(forbidden(fieldPath(at, 'livenessProbe'), INIT_FORBIDDEN));
      }
      if (c.readinessProbe !== undefined) {
        issues.push(forbidden(fieldPath(at, 'readinessProbe'), INIT_FORBIDDEN));
      }
      if (c.startupProbe !== undefined) {
        issues.push(forbidden(fieldPath(at, 'startupProbe'), INIT_FORBIDDEN));
      }
    }

    // c.8: with AllowSidecarResizePolicy (InPlacePodVerticalScaling on) any init container may
    // carry resizePolicy; from 1.36 RestartContainer is refused on one that is not a sidecar
    // (kubernetes/kubernetes#137458: "Disallow setting a resize restart policy of
    // `RestartContainer` on non-sidecar initContainers"). It is checked on create whatever
    // InPlacePodVerticalScalingInitContainers says: that gate only relaxes update validation.
    if (c.resizePolicy !== undefined && c.resizePolicy.length > 0 && resizePolicyKept(ctx)) {
      const allow = opts.allowSidecarResizePolicy ?? opts.gates.InPlacePodVerticalScaling;
      if (!allow) {
        issues.push(
          invalid(fieldPath(at, 'resizePolicy'), '[...]', 'must not be set for init containers'),
        );
      } else if (
        !restartAlways &&
        ruleInForce('NonSidecarInitResizeRestartContainerRefused', opts.version)
      ) {
        c.resizePolicy.forEach((p, j) => {
          if (resizeRestartPolicyOf(p) !== 'RestartContainer') return;
          issues.push(
            invalid(
              fieldPath(index(fieldPath(at, 'resizePolicy'), j), 'restartPolicy'),
              'RestartContainer',
              "must not be set to 'RestartContainer' for non-sidecar initContainers",
            ),
          );
        });
      }
    }
  }
}

function validateContainers(
  containers: Container[],
  path: string,
  ctx: PodValidationContext,
): void {
  const { issues, opts } = ctx;
  if (containers.length === 0) {
    issues.push(required(path));
    return;
  }
  const allNames = new Set<string>();
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i]!;
    const at = index(path, i);
    validateContainerCommon(c, at, ctx);
    const name = c.name ?? '';
    if (allNames.has(name)) issues.push(duplicate(fieldPath(at, 'name'), name));
    else allNames.add(name);

    if (keptLifecycle(c, at, ctx)) validateLifecycle(c, fieldPath(at, 'lifecycle'), ctx);
    validateProbes(c, at, ctx);

    if (c.restartPolicy !== undefined) {
      const rpAt = fieldPath(at, 'restartPolicy');
      if (opts.gates.ContainerRestartRules) {
        // c.4 with ContainerRestartRules (1.35+): a per-container override of the pod's policy.
        if (!has(RESTART_POLICIES, c.restartPolicy)) {
          issues.push(notSupported(rpAt, c.restartPolicy, RESTART_POLICIES));
        }
      } else {
        issues.push(forbidden(rpAt, 'may not be set for non-init containers'));
      }
    }
    validateRestartRules(c, at, ctx, false);
  }
  // c.7: regular containers are checked across all of them.
  checkHostPortConflicts(containers, path, 0, containers.length, ctx);
}

/** The container's probes (at `at`, the container's path), those it sets. */
function validateProbes(c: Container, at: string, ctx: PodValidationContext): void {
  if (c.livenessProbe !== undefined) {
    validateProbe(c.livenessProbe, fieldPath(at, 'livenessProbe'), 'liveness', ctx);
  }
  if (c.readinessProbe !== undefined) {
    validateProbe(c.readinessProbe, fieldPath(at, 'readinessProbe'), 'readiness', ctx);
  }
  if (c.startupProbe !== undefined) {
    validateProbe(c.startupProbe, fieldPath(at, 'startupProbe'), 'startup', ctx);
  }
}

function resizeRestartPolicyOf(raw: unknown): unknown {
  return typeof raw === 'object' && raw !== null
    ? (raw as { restartPolicy?: unknown }).restartPolicy
    : undefined;
}

/**
 * Whether the container has a lifecycle once the API server has dropped what the version's gates
 * do not serve: with ContainerStopSignals off, stopSignal is dropped, and a lifecycle left empty
 * with it (pkg/api/pod/util.go dropContainerStopSignals). The drop is reported once, here.
 */
function keptLifecycle(c: Container, at: string, ctx: PodValidationContext): boolean {
  const lc = c.lifecycle;
  if (lc === undefined) return false;
  if (lc.stopSignal === undefined || ctx.opts.gates.ContainerStopSignals) return true;
  ctx.issues.push(
    warning(
      'FieldDropped',
      fieldPath(fieldPath(at, 'lifecycle'), 'stopSignal'),
      `container stop signals (KEP-4960, ContainerStopSignals) are off by default in Kubernetes ${ctx.opts.version.text}: the API server drops lifecycle.stopSignal, and the image's or the runtime's stop signal (SIGTERM by default) applies`,
    ),
  );
  return lc.postStart !== undefined || lc.preStop !== undefined;
}

function resizePolicyKept(ctx: PodValidationContext): boolean {
  return ctx.opts.defaulting === 'none' || ctx.opts.gates.InPlacePodVerticalScaling;
}

/** validateContainerCommon: what every container must satisfy. */
function validateContainerCommon(c: Container, at: string, ctx: PodValidationContext): void {
  const { issues, defaulted } = ctx;
  if (!c.name) issues.push(required(fieldPath(at, 'name')));
  else {
    for (const msg of dns1123LabelErrors(c.name)) {
      issues.push(invalid(fieldPath(at, 'name'), c.name, msg));
    }
  }

  if (!c.image) issues.push(required(fieldPath(at, 'image')));

  const messagePolicy = c.terminationMessagePolicy ?? '';
  if (messagePolicy === '') {
    if (!defaulted) issues.push(required(fieldPath(at, 'terminationMessagePolicy')));
  } else if (!has(TERMINATION_MESSAGE_POLICIES, messagePolicy)) {
    issues.push(
      notSupported(
        fieldPath(at, 'terminationMessagePolicy'),
        messagePolicy,
        TERMINATION_MESSAGE_POLICIES,
      ),
    );
  }

  if (c.ports !== undefined) validateContainerPorts(c.ports, at, ctx);

  const env = c.env ?? [];
  for (let i = 0; i < env.length; i++) {
    if (!env[i]!.name) issues.push(required(itemAt(at, 'env', i, 'name')));
  }

  const mounts = c.volumeMounts ?? [];
  const mountPaths = new Set<string>();
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i]!;
    const name = m.name ?? '';
    if (name === '') issues.push(required(itemAt(at, 'volumeMounts', i, 'name')));
    if (!ctx.volumes.has(name)) issues.push(notFound(itemAt(at, 'volumeMounts', i, 'name'), name));
    const mountPath = m.mountPath ?? '';
    if (mountPath === '') issues.push(required(itemAt(at, 'volumeMounts', i, 'mountPath')));
    if (mountPaths.has(mountPath)) {
      issues.push(invalid(itemAt(at, 'volumeMounts', i, 'mountPath'), mountPath, 'must be unique'));
    }
    mountPaths.add(mountPath);
  }

  const pull = c.imagePullPolicy ?? '';
  if (pull === '') {
    if (!defaulted) issues.push(required(fieldPath(at, 'imagePullPolicy')));
  } else if (!has(PULL_POLICIES, pull)) {
    issues.push(notSupported(fieldPath(at, 'imagePullPolicy'), pull, PULL_POLICIES));
  }

  if (c.resources !== undefined) {
    const own = validateResourceRequirements(c.resources, fieldPath(at, 'resources'));
    for (const issue of own) issues.push(issue);
  }

  if (c.resizePolicy !== undefined && c.resizePolicy.length > 0) {
    if (!resizePolicyKept(ctx)) {
      issues.push(
        warning(
          'FieldDropped',
          fieldPath(at, 'resizePolicy'),
          `in-place pod resize (InPlacePodVerticalScaling) is off by default in Kubernetes ${ctx.opts.version.text}: the API server drops resizePolicy`,
        ),
      );
    } else {
      validateResizePolicy(c.resizePolicy, fieldPath(at, 'resizePolicy'), ctx);
    }
  }
}

function validateResizePolicy(list: unknown[], at: string, ctx: PodValidationContext): void {
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const p = (typeof raw === 'object' && raw !== null ? raw : {}) as {
      resourceName?: string;
      restartPolicy?: string;
    };
    const resource = p.resourceName ?? '';
    if (seen.has(resource)) ctx.issues.push(duplicate(index(at, i), resource));
    seen.add(resource);
    if (resource === '') ctx.issues.push(required(at));
    else if (!has(RESIZE_RESOURCES, resource)) {
      ctx.issues.push(notSupported(at, resource, RESIZE_RESOURCES));
    }
    const policy = p.restartPolicy ?? '';
    if (policy === '') ctx.issues.push(required(at));
    else if (!has(RESIZE_POLICIES, policy)) {
      ctx.issues.push(notSupported(at, policy, RESIZE_POLICIES));
    }
    if (ctx.podRestartPolicy === 'Never' && policy !== 'NotRequired') {
      ctx.issues.push(invalid(at, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
}

/**
 * restartPolicyRules (KEP-5307) as validateContainerRestartPolicy checks them: every bad value is
 * NotSupported (an empty action or operator included), a rule without exitCodes is Required, the
 * list limits are TooMany from 1.36 and TooLong before (kubernetes/kubernetes#137136). A sidecar
 * may carry rules only with AllowRestartAllContainers (RestartAllContainersOnContainerExits, on
 * from 1.36). A repeated exit code is one error per repeated value.
 */
function validateRestartRules(
  c: Container,
  at: string,
  ctx: PodValidationContext,
  sidecar: boolean,
): void {
  const rules = c.restartPolicyRules;
  if (rules === undefined || rules.length === 0) return;
  const { issues, opts } = ctx;
  const rulesAt = fieldPath(at, 'restartPolicyRules');
  if (!opts.gates.ContainerRestartRules) {
    issues.push(
      warning(
        'FieldDropped',
        rulesAt,
        `container restart rules (KEP-5307, ContainerRestartRules) are off by default in Kubernetes ${opts.version.text}: the API server drops restartPolicyRules`,
      ),
    );
    return;
  }
  if (sidecar && !opts.gates.RestartAllContainersOnContainerExits) {
    issues.push(
      forbidden(
        rulesAt,
        `may not be set for init containers with restartPolicy=Always while RestartAllContainersOnContainerExits (KEP-5532) is off, as it is by default in Kubernetes ${opts.version.text}`,
      ),
    );
    return;
  }
  // c.3: rules need an explicit container restartPolicy.
  if (c.restartPolicy === undefined) {
    issues.push(
      required(
        fieldPath(at, 'restartPolicy'),
        'must specify restartPolicy when restart rules are used',
      ),
    );
  }
  const tooManyItems = ruleInForce('RestartRuleListsReportTooMany', opts.version)
    ? (path: string, n: number, max: number) => tooMany(path, n, max)
    : (path: string, _n: number, max: number) => tooLong(path, max);
  if (rules.length > MAX_RESTART_RULES) {
    issues.push(tooManyItems(rulesAt, rules.length, MAX_RESTART_RULES));
  }
  const actions = opts.gates.RestartAllContainersOnContainerExits
    ? ['Restart', 'RestartAllContainers']
    : ['Restart'];
  rules.forEach((rule, i) => {
    const rAt = index(rulesAt, i);
    const action = rule.action ?? '';
    if (!actions.includes(action)) {
      issues.push(notSupported(fieldPath(rAt, 'action'), action, actions));
    }
    const codes = rule.exitCodes;
    if (codes === undefined || codes === null) {
      issues.push(required(fieldPath(rAt, 'exitCodes'), 'must be specified'));
      return;
    }
    const op = codes.operator ?? '';
    if (!has(RESTART_RULE_OPERATORS, op)) {
      issues.push(
        notSupported(
          fieldPath(fieldPath(rAt, 'exitCodes'), 'operator'),
          op,
          RESTART_RULE_OPERATORS,
        ),
      );
    }
    const values = codes.values ?? [];
    const vAt = fieldPath(fieldPath(rAt, 'exitCodes'), 'values');
    if (values.length > MAX_RESTART_RULE_VALUES) {
      issues.push(tooManyItems(vAt, values.length, MAX_RESTART_RULE_VALUES));
    }
    const seen = new Set<number>();
    const reported = new Set<number>();
    values.forEach((v, j) => {
      if (seen.has(v) && !reported.has(v)) {
        issues.push(duplicate(index(vAt, j), v));
        reported.add(v);
      }
      seen.add(v);
    });
  });
}

/** The container's ports; `at` is the container's path. */
function validateContainerPorts(
  ports: ContainerPort[],
  at: string,
  ctx: PodValidationContext,
): void {
  const { issues, defaulted } = ctx;
  const names = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i]!;
    if (p.name !== undefined && p.name !== '') {
      const errs = portNameErrors(p.name);
      if (errs.length > 0) {
        for (const msg of errs) issues.push(invalid(itemAt(at, 'ports', i, 'name'), p.name, msg));
      } else if (names.has(p.name)) {
        issues.push(duplicate(itemAt(at, 'ports', i, 'name'), p.name));
      } else names.add(p.name);
    }
    const cp = p.containerPort ?? 0;
    if (cp === 0) issues.push(required(itemAt(at, 'ports', i, 'containerPort')));
    else {
      for (const msg of portNumErrors(cp)) {
        issues.push(invalid(itemAt(at, 'ports', i, 'containerPort'), cp, msg));
      }
    }
    const hp = p.hostPort ?? 0;
    if (hp !== 0) {
      for (const msg of portNumErrors(hp)) {
        issues.push(invalid(itemAt(at, 'ports', i, 'hostPort'), hp, msg));
      }
    }
    const protocol = p.protocol ?? '';
    if (protocol === '') {
      if (!defaulted) issues.push(required(itemAt(at, 'ports', i, 'protocol')));
    } else if (!has(PORT_PROTOCOLS, protocol)) {
      issues.push(notSupported(itemAt(at, 'ports', i, 'protocol'), protocol, PORT_PROTOCOLS));
    }
  }
}

/**
 * AccumulateUniqueHostPorts over containers[from..to) of the list at `path` (c.7): "TCP//8080"
 * keys.
 */
function checkHostPortConflicts(
  containers: Container[],
  path: string,
  from: number,
  to: number,
  ctx: PodValidationContext,
): void {
  let seen: Set<string> | null = null;
  for (let ci = from; ci < to; ci++) {
    const ports = containers[ci]!.ports;
    if (ports === undefined) continue;
    for (let pi = 0; pi < ports.length; pi++) {
      const p = ports[pi]!;
      const hp = p.hostPort ?? 0;
      if (hp === 0) continue;
      const protocol = p.protocol || (ctx.defaulted ? 'TCP' : '');
      const key = `${protocol}/${p.hostIP ?? ''}/${hp}`;
      seen ??= new Set<string>();
      if (seen.has(key)) {
        ctx.issues.push(duplicate(itemAt(index(path, ci), 'ports', pi, 'hostPort'), key));
      } else seen.add(key);
    }
  }
}

function validateLifecycle(c: Container, at: string, ctx: PodValidationContext): void {
  const lc = c.lifecycle;
  if (!lc) return;
  if (lc.postStart !== undefined) {
    validateHandler(lc.postStart, fieldPath(at, 'postStart'), ctx, false);
  }
  if (lc.preStop !== undefined) validateHandler(lc.preStop, fieldPath(at, 'preStop'), ctx, false);
  if (lc.stopSignal !== undefined && ctx.opts.gates.ContainerStopSignals) {
    validateStopSignal(lc.stopSignal, fieldPath(at, 'stopSignal'), ctx);
  }
}

/**
 * validateStopSignal (KEP-4960): the pod must name its OS (spec.os.name), and the signal must be
 * one that OS supports.
 */
function validateStopSignal(signal: string, at: string, ctx: PodValidationContext): void {
  const os = ctx.osName;
  if (os === undefined || os === '') {
    ctx.issues.push(forbidden(at, 'may not be set for containers with empty `spec.os.name`'));
  } else if (os === 'windows') {
    if (!has(WINDOWS_STOP_SIGNALS, signal)) {
      ctx.issues.push(notSupported(at, signal, WINDOWS_STOP_SIGNALS));
    }
  } else if (os === 'linux' && !LINUX_STOP_SIGNALS.includes(signal)) {
    ctx.issues.push(notSupported(at, signal, LINUX_STOP_SIGNALS));
  }
}

type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** A probe's counts and durations, none of which may be negative. */
const PROBE_COUNTS = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

function validateProbe(
  probe: Probe | undefined,
  at: string,
  kind: ProbeKind,
  ctx: PodValidationContext,
): void {
  if (probe === undefined) return;
  const { issues, defaulted } = ctx;
  validateHandler(probe, at, ctx, true);
  // v1 defaulting turns 0 (unset) into 1 s / 10 s / 1 / 3.
  const successThreshold = probe.successThreshold || (defaulted ? 1 : 0);
  for (const field of PROBE_COUNTS) {
    const v = probe[field];
    if (v !== undefined && v < 0) issues.push(invalid(fieldPath(at, field), v, IS_NEGATIVE));
  }
  if (
    probe.terminationGracePeriodSeconds !== undefined &&
    probe.terminationGracePeriodSeconds <= 0
  ) {
    issues.push(
      invalid(
        fieldPath(at, 'terminationGracePeriodSeconds'),
        probe.terminationGracePeriodSeconds,
        'must be greater than 0',
      ),
    );
  }
  if (kind !== 'readiness' && successThreshold !== 1) {
    issues.push(invalid(fieldPath(at, 'successThreshold'), successThreshold, 'must be 1'));
  }
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds !== undefined) {
    issues.push(
      invalid(
        fieldPath(at, 'terminationGracePeriodSeconds'),
        probe.terminationGracePeriodSeconds,
        'must not be set for readinessProbes',
      ),
    );
  }
}

/** validateHandler: exactly one action, each valid. */
function validateHandler(
  h: LifecycleHandler & { grpc?: Probe['grpc'] },
  at: string,
  ctx: PodValidationContext,
  isProbe: boolean,
): void {
  const { issues, defaulted } = ctx;
  // How many handler types are set so far: oneHandler refuses each past the first.
  let count = 0;
  if (h.exec !== undefined && oneHandler(count++, at, 'exec', issues)) {
    if (!h.exec.command || h.exec.command.length === 0) {
      issues.push(required(fieldPath(fieldPath(at, 'exec'), 'command')));
    }
  }
  if (h.httpGet !== undefined && oneHandler(count++, at, 'httpGet', issues)) {
    const path = h.httpGet.path || (defaulted ? '/' : '');
    if (path === '') issues.push(required(fieldPath(fieldPath(at, 'httpGet'), 'path')));
    validatePortNumOrName(h.httpGet.port, at, 'httpGet', ctx);
    const scheme = h.httpGet.scheme || (defaulted ? 'HTTP' : '');
    if (!has(HTTP_SCHEMES, scheme)) {
      issues.push(
        notSupported(fieldPath(fieldPath(at, 'httpGet'), 'scheme'), scheme, HTTP_SCHEMES),
      );
    }
  }
  if (h.tcpSocket !== undefined && oneHandler(count++, at, 'tcpSocket', issues)) {
    validatePortNumOrName(h.tcpSocket.port, at, 'tcpSocket', ctx);
  }
  if (isProbe && h.grpc !== undefined && oneHandler(count++, at, 'grpc', issues)) {
    const port = h.grpc.port ?? 0;
    for (const msg of portNumErrors(port)) {
      issues.push(invalid(fieldPath(fieldPath(at, 'grpc'), 'port'), port, msg));
    }
  }
  if (
    !isProbe &&
    h.sleep !== undefined &&
    !fieldServed('lifecycle.{postStart,preStop}.sleep', ctx.opts.version)
  ) {
    // Not served at all: strict decoding refuses it as an unknown field (unknown-fields.ts).
    count++;
  } else if (!isProbe && h.sleep !== undefined && !ctx.opts.gates.PodLifecycleSleepAction) {
    // pkg/api/pod/util.go dropPodLifecycleSleepAction: with the gate off the action is dropped,
    // and a hook left without one is refused below ("must specify a handler type").
    issues.push(
      warning(
        'FieldDropped',
        fieldPath(at, 'sleep'),
        `the sleep action (KEP-3960, PodLifecycleSleepAction) is off by default in Kubernetes ${ctx.opts.version.text}: the API server drops it`,
      ),
    );
  } else if (!isProbe && h.sleep !== undefined && oneHandler(count++, at, 'sleep', issues)) {
    const seconds = h.sleep.seconds ?? 0;
    const grace = ctx.gracePeriod;
    if (grace !== undefined) {
      if (ctx.opts.gates.PodLifecycleSleepActionAllowZero) {
        if (seconds < 0 || seconds > grace) {
          issues.push(
            invalid(
              fieldPath(at, 'sleep'),
              seconds,
              `must be non-negative and less than terminationGracePeriodSeconds (${grace})`,
            ),
          );
        }
      } else if (seconds <= 0 || seconds > grace) {
        issues.push(
          invalid(
            fieldPath(at, 'sleep'),
            seconds,
            `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
          ),
        );
      }
    }
  }
  if (count === 0) issues.push(required(at, 'must specify a handler type'));
}

/**
 * Whether a handler type may be set when `before` others are set already: only the first may; a
 * further one is refused at `at.name`.
 */
function oneHandler(before: number, at: string, name: string, issues: FieldIssue[]): boolean {
  if (before === 0) return true;
  issues.push(forbidden(fieldPath(at, name), 'may not specify more than 1 handler type'));
  return false;
}

/** The `port` of the handler action at `at.action`. */
function validatePortNumOrName(
  port: number | string | undefined,
  at: string,
  action: string,
  ctx: PodValidationContext,
): void {
  if (typeof port === 'string') {
    for (const msg of portNameErrors(port)) {
      ctx.issues.push(invalid(fieldPath(fieldPath(at, action), 'port'), port, msg));
    }
  } else {
    const n = port ?? 0;
    for (const msg of portNumErrors(n)) {
      ctx.issues.push(invalid(fieldPath(fieldPath(at, action), 'port'), n, msg));
    }
  }
}
