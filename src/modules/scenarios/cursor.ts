import { AppError } from '../../common/errors/app-error';

/** Keyset position of a scenario in the newest-first list. */
export interface ScenarioPosition {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const isUuid = (s: string): boolean => UUID.test(s.toLowerCase());

const badCursor = (field: string): AppError =>
  AppError.badInput([
    { field, message: 'is not a cursor this API handed out; pass an endCursor unchanged' },
  ]);

/** Opaque to clients: base64url of "s1|<created_at>|<id>". */
export function encodeScenarioCursor(p: ScenarioPosition): string {
  return Buffer.from(`s1|${p.createdAt.toISOString()}|${p.id}`, 'utf8').toString('base64url');
}

export function decodeScenarioCursor(cursor: string, field = 'after'): ScenarioPosition {
  const parts = decode(cursor).split('|');
  const [tag, iso, id] = parts;
  if (parts.length !== 3 || tag !== 's1' || !iso || !ISO.test(iso) || !id || !UUID.test(id)) {
    throw badCursor(field);
  }
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) {
    throw badCursor(field);
  }
  return { createdAt, id };
}

/** Opaque to clients: base64url of "r1|<number>". */
export function encodeRevisionCursor(n: number): string {
  return Buffer.from(`r1|${n}`, 'utf8').toString('base64url');
}

export function decodeRevisionCursor(cursor: string, field = 'after'): number {
  const m = /^r1\|([1-9]\d{0,9})$/.exec(decode(cursor));
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(n) || n > 2_147_483_647) {
    throw badCursor(field);
  }
  return n;
}

function decode(cursor: string): string {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) {
    return '';
  }
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** Page sizes are 1..100 everywhere (docs/architecture.md, "Limits"). */
export function checkPageSize(first: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > 100) {
    throw AppError.badInput([{ field, message: `must be from 1 to 100 (got ${first})` }]);
  }
  return first;
}
