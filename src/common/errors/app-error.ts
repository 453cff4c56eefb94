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

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly causes: ErrorCause[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badInput(causes: ErrorCause[]): AppError {
    const message = causes.map((c) => `${c.field}: ${c.message}`).join('; ');
    return new AppError('BAD_USER_INPUT', message, causes);
  }
}
