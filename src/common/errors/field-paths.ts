import { AppError } from './app-error';

/** Maps a field path as a use case names it (`name`, `analysis.manifest`) to its wire path. */
export type FieldPathMap = (field: string) => string;

// A cause about a place inside a field's value reads `manifest: spec.containers[0]`.
const PLACE = ': ';

function renamePath(field: string, map: FieldPathMap): string {
  const at = field.indexOf(PLACE);
  return at < 0 ? map(field) : `${map(field.slice(0, at))}${field.slice(at)}`;
}

/**
 * The error with its input fields named as the transport spells them: each cause's `field`, and
 * each `field: ...` part of the message that names one of them (BAD_USER_INPUT messages list the
 * causes as `field: message; field: message`). Anything else is returned unchanged.
 */
export function renameErrorFields(error: unknown, map: FieldPathMap): unknown {
  if (!(error instanceof AppError) || error.causes.length === 0) {
    return error;
  }
  const named = new Set(
    error.causes.map((c) => {
      const at = c.field.indexOf(PLACE);
      return at < 0 ? c.field : c.field.slice(0, at);
    }),
  );
  const message = error.message
    .split('; ')
    .map((part) => {
      const at = part.indexOf(PLACE);
      const head = at < 0 ? null : part.slice(0, at);
      return head !== null && named.has(head) ? `${map(head)}${part.slice(at)}` : part;
    })
    .join('; ');
  const renamed = new AppError(
    error.code,
    message,
    error.causes.map((c) => ({ ...c, field: renamePath(c.field, map) })),
    error.retryAfterSeconds,
    error.details,
  );
  renamed.stack = error.stack;
  return renamed;
}

/** Awaits a use case and names the fields of its input errors as the transport spells them. */
export async function withFieldPaths<T>(work: Promise<T>, map: FieldPathMap): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw renameErrorFields(e, map);
  }
}

/** Fields under a prefix (GraphQL `input.`), except those that are arguments of their own. */
export function underPrefix(prefix: string, except: readonly string[] = []): FieldPathMap {
  return (field) => (except.includes(field) ? field : `${prefix}${field}`);
}
