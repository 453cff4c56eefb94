/**
 * Application error codes. Each maps, in one place (error-mapping.ts), to a GraphQL
 * `extensions.code` and an HTTP status. Problems in a user's manifest are never errors: they are
 * diagnostics in the report.
 */
export type AppErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'IDEMPOTENCY_KEY_IN_USE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface ErrorCause {
  /** The input field: kubernetesVersion, timing.containers[1].name, first. */
  field: string;
  message: string;
  /** For a diagnostic of a manifest: its Kubernetes-style reason and 1-based position. */
  reason?: string;
  line?: number | null;
  column?: number | null;
}

/** Machine-readable facts of an error (REST: problem details members; GraphQL: extensions). */
export interface ErrorDetails {
  /** CONFLICT on a save with expectedRevision: the scenario's latest revision now. */
  currentRevision?: number;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly causes: ErrorCause[] = [],
    readonly retryAfterSeconds?: number,
    /** Facts a client acts on, sent as members of the problem details and GraphQL extensions. */
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badInput(causes: ErrorCause[]): AppError {
    const message = causes.map((c) => `${c.field}: ${c.message}`).join('; ');
    return new AppError('BAD_USER_INPUT', message, causes);
  }
}
