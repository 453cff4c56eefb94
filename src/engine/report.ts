// The engine's output. Its shape is the GraphQL contract's (test/contract/api-contract.graphql), so the
// transport layer can return it as is. Every area owns its own section type in its folder and
// the workload report composes them.

export type Severity = 'ERROR' | 'WARNING' | 'INFO';

/** Kubernetes StatusCause reasons, plus the product's own reasons for input that is no object. */
export type DiagnosticReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueNotFound'
  | 'FieldValueTypeInvalid'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'SyntaxError'
  | 'UnknownKind'
  | 'TooLarge'
  | 'SkippedKind'
  | 'AmbiguousValue'
  | 'DefaultApplied'
  | 'FieldDropped'
  | 'UnknownField'
  | 'DiagnosticsTruncated'
  | 'UnknownExemption';

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** A problem with the input itself: YAML/JSON syntax, unknown kinds, Kubernetes API validation. */
export interface Diagnostic {
  /**
   * ERROR: the API server would refuse it or the analysis could not read it; WARNING: accepted but
   * probably wrong; INFO: for your information.
   */
  severity: Severity;
  /**
   * Kubernetes StatusCause reason: FieldValueRequired, FieldValueInvalid, FieldValueNotSupported,
   * FieldValueDuplicate, FieldValueForbidden, FieldValueNotFound, FieldValueTypeInvalid, or
   * SyntaxError / UnknownKind / TooLarge for input that is not a Kubernetes object at all,
   * UnknownField for a field the kind's schema does not have (kubectl's strict field validation
   * refuses it), plus SkippedKind, AmbiguousValue, FieldDropped for notes and DiagnosticsTruncated (INFO) for the
   * notice that counts the diagnostics past the per-document limit.
   */
  reason: DiagnosticReason;
  /**
   * Field path as the Kubernetes API server writes it, from the object's root:
   * spec.template.spec.initContainers[0].restartPolicy
   */
  path: string | null;
  /**
   * What is wrong, in the API server's words where it has them ("Required value", "Invalid value:
   * ...").
   */
  message: string;
  /** Index of the YAML document (0-based). */
  document: number | null;
  /** 1-based line of the offending node, where known. */
  line: number | null;
  /** 1-based column of the offending node, where known. */
  column: number | null;
}

export type ContainerRole = 'INIT' | 'SIDECAR' | 'APP';

export type PatternKind = 'SIDECAR' | 'AMBASSADOR' | 'ADAPTER' | 'CONFIGURATION_HELPER' | 'INIT';

/**
 * A well-known helper recognised from the container image (or, failing that, its name): a mesh
 * proxy, a database proxy, a log shipper, a secrets agent, ...
 */
export interface RecognisedHelper {
  /** Stable id of the helper in the advisor's catalogue: istio-proxy, linkerd-proxy, cloud-sql-proxy, ... */
  id: string;
  /** The product it belongs to: Istio, Linkerd, Cloud SQL Auth Proxy, ... */
  product: string;
}

/** One container of the pod and the role it plays. */
export interface ContainerReport {
  /** Container name (empty when the manifest leaves it out; a diagnostic says so). */
  name: string;
  /** What the container is to the kubelet: INIT, SIDECAR or APP. */
  role: ContainerRole;
  /** Position in its own list (initContainers or containers). */
  index: number;
  /** spec image; null when the manifest sets none. */
  image: string | null;
  /** An APP container that does a sidecar's job (mesh proxy, log shipper, auth proxy, ...). */
  legacySidecar: boolean;
  /** Which multi-container pattern this container serves, when recognised. */
  pattern: PatternKind | null;
  /** Field path of the container from the object's root: spec.template.spec.initContainers[1]. */
  path: string;
  /** The well-known helper this container is, when recognised (legacySidecar and pattern rest on it); null otherwise. */
  helper: RecognisedHelper | null;
  /**
   * How sure the role / helper / legacy-sidecar decision is; an ERROR finding about the container
   * needs CERTAIN.
   */
  confidence: ClassificationConfidence;
  /**
   * What the classification rests on: restartPolicy, a known image, an injector annotation, the
   * command, a shared volume, a localhost-only port, a name hint.
   */
  evidence: ClassificationEvidence[];
}

export type ClassificationConfidence = 'CERTAIN' | 'LIKELY' | 'GUESS';

export type ClassificationEvidenceKind =
  | 'RESTART_POLICY'
  | 'KNOWN_IMAGE'
  | 'INJECTOR'
  | 'COMMAND'
  | 'SHARED_VOLUME'
  | 'LOCALHOST_PORT'
  | 'NAME_HINT'
  | 'WORKLOAD_PURPOSE';

export interface ClassificationEvidence {
  kind: ClassificationEvidenceKind;
  detail: string;
}

export const REPORT_SCHEMA_VERSION = 1;
