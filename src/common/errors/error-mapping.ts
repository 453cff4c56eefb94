import type { AppErrorCode } from './app-error';

/** HTTP status of each application error code; the switch is exhaustive by construction. */
export function httpStatusOf(code: AppErrorCode): number {
  switch (code) {
    case 'BAD_USER_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'NOT_FOUND':
      return 404;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'CONFLICT':
    case 'IDEMPOTENCY_KEY_IN_USE':
      return 409;
    case 'IDEMPOTENCY_KEY_REUSED':
      return 422;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'INTERNAL_SERVER_ERROR':
      return 500;
    default:
      return assertUnreachable(code);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`unhandled value: ${String(value)}`);
}

/** Whether a client may simply retry. */
export function isRetryable(code: AppErrorCode): boolean {
  return (
    code === 'SERVICE_UNAVAILABLE' || code === 'RATE_LIMITED' || code === 'IDEMPOTENCY_KEY_IN_USE'
  );
}
