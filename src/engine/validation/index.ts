// API-server validation of the workloads intake reads (pkg/apis/core/validation/validation.go; docs/kubernetes-behaviour.md#validation).

import type { FeatureGates, KubernetesVersion } from '../k8s/version';
import { WORKLOAD_KINDS } from '../intake/kinds';
import type { Workload } from '../workload';
import type { FieldIssue } from './field-errors';
import { forbidden, notSupported, fieldPath } from './field-errors';
import { validatePodSpec } from './pod-spec';
import { unknownFields } from './unknown-fields';
import { validateObjectMeta, validateAnnotations, validateLabels } from './object-meta';
import { validateSelector } from './selectors';

export * from './field-errors';
export { unknownFields } from './unknown-fields';
export { validatePodSpec } from './pod-spec';
export type { PodValidationOptions } from './pod-spec';

export interface WorkloadValidationOptions {
  version: KubernetesVersion;
  gates: FeatureGates;
  /** A StatefulSet's volumeClaimTemplates names: its containers may mount them. */
  extraVolumes?: readonly string[];
  /** The object as the document holds it, before shape checking: its unknown fields are reported. */
  object?: Record<string, unknown>;
  /** Where the object sits in the document: `items[2]` in a List, '' otherwise. */
  objectPath?: string;
}

/** Pod spec validation plus the owning kind's rules on the template's restartPolicy. */
export function validateWorkload(
  workload: Workload,
  options: WorkloadValidationOptions,
): FieldIssue[] {
  // The field sets are the served version's: another apiVersion (a removed one, or a custom
  // resource that shares the kind's name) has a schema of its own.
  const served =
    workload.apiVersion === null ||
    workload.apiVersion === WORKLOAD_KINDS[workload.kind].apiVersion;
  const issues =
    options.object === undefined || !served
      ? []
      : unknownFields(workload.kind, options.object, options.objectPath ?? '');
  const objectAt = options.objectPath ?? '';
  issues.push(
    ...validateObjectMeta(workload.kind, workload.objectMeta, fieldPath(objectAt, 'metadata')),
  );
  if (workload.kind !== 'Pod') {
    // ValidatePodTemplateSpec: the template's labels and annotations (its name is not used).
    const templateMeta = workload.specPath.replace(/spec$/, 'metadata');
    issues.push(...validateLabels(workload.podMeta.labels, fieldPath(templateMeta, 'labels')));
    issues.push(
      ...validateAnnotations(workload.podMeta.annotations, fieldPath(templateMeta, 'annotations')),
    );
  }
  if (options.object !== undefined) {
    issues.push(
      ...validateSelector(
        workload.kind,
        workload.apiVersion,
        options.object,
        objectAt,
        workload.podMeta.labels,
      ),
    );
  }
  issues.push(
    ...validatePodSpec(workload.spec, workload.specPath, {
      version: options.version,
      gates: options.gates,
      ...(options.extraVolumes === undefined ? {} : { extraVolumes: options.extraVolumes }),
      defaulting: 'v1',
    }),
  );
  const rpAt = fieldPath(workload.specPath, 'restartPolicy');
  // v1 defaulting sets an unset pod restartPolicy to Always before the owner's validation runs.
  const set = workload.spec.restartPolicy;
  const effective = set === undefined || set === '' ? 'Always' : set;
  const unsetHint =
    set === undefined || set === ''
      ? ' (restartPolicy is not set, and the pod default is Always)'
      : '';
  // Ephemeral containers are added by `kubectl debug` to a running pod, never created with it.
  const ephemeral = workload.spec.ephemeralContainers;
  if (ephemeral !== undefined && ephemeral.length > 0) {
    const at = fieldPath(workload.specPath, 'ephemeralContainers');
    if (workload.kind !== 'Pod') {
      issues.push(forbidden(at, 'ephemeral containers not allowed in pod template'));
    } else if (workload.status === null) issues.push(forbidden(at, 'cannot be set on create'));
  }
  switch (workload.kind) {
    case 'Job':
    case 'CronJob':
      // f: Job validation accepts only OnFailure and Never.
      if (effective !== 'OnFailure' && effective !== 'Never') {
        const issue = notSupported(rpAt, effective, ['OnFailure', 'Never']);
        issues.push({ ...issue, message: issue.message + unsetHint });
      }
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
    case 'DaemonSet':
      // Controllers that keep pods running accept only Always.
      if (effective !== 'Always') issues.push(notSupported(rpAt, effective, ['Always']));
      break;
    default:
      break;
  }
  return issues;
}
