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
  | 'UnknownExemption';

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface Diagnostic {
  severity: Severity;
  reason: DiagnosticReason;
  /** Field path as the API server writes it, from the object's root. */
  path: string | null;
  message: string;
  /** 0-based index of the YAML document. */
  document: number | null;
  line: number | null;
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

export interface ContainerReport {
  name: string;
  role: ContainerRole;
  /** Position in its own list (initContainers or containers). */
  index: number;
  image: string | null;
  /** An APP container that does a sidecar's job (mesh proxy, log shipper, auth proxy, ...). */
  legacySidecar: boolean;
  pattern: PatternKind | null;
  /** Field path of the container, from the object's root. */
  path: string;
  /** The well-known helper this container is, when recognised (legacySidecar and pattern rest on it); null otherwise. */
  helper: RecognisedHelper | null;
  /** How sure the role / helper / legacy-sidecar decision is. */
  confidence: ClassificationConfidence;
  /** What the decision rests on. */
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
