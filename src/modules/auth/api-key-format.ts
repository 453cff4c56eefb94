import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** Recognisable prefix, so secret scanners and people can tell a sidecar-lens key at a glance. */
export const API_KEY_PREFIX = 'slk_';

// slk_<key id: uuid as 32 hex digits>_<secret: 32 random bytes (256 bits), base64url, 43 chars>
const KEY_PATTERN = /^slk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface ParsedApiKey {
  /** The key's id (a uuid), which is not secret: lookup is by id, never by secret. */
  keyId: string;
  secret: string;
}

export interface NewApiKey extends ParsedApiKey {
  /** The whole key, shown once to the person who created it. */
  key: string;
  secretHash: string;
}

export function generateApiKey(): NewApiKey {
  const keyId = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return {
    keyId,
    secret,
    key: `${API_KEY_PREFIX}${keyId.replace(/-/g, '')}_${secret}`,
    secretHash: hashSecret(secret),
  };
}

/** The key id and secret of a well-formed key, or null. */
export function parseApiKey(key: string): ParsedApiKey | null {
  const m = KEY_PATTERN.exec(key);
  if (!m) {
    return null;
  }
  const hex = m[1]!;
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { keyId, secret: m[2]! };
}

/** SHA-256 (hex) of the secret: a slow KDF adds nothing for a 256-bit random secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two SHA-256 hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  if (x.length !== 32 || y.length !== 32) {
    // Still spend the comparison, so a malformed stored hash answers as fast as any other.
    timingSafeEqual(Buffer.alloc(32), Buffer.alloc(32, 1));
    return false;
  }
  return timingSafeEqual(x, y);
}

/** Compared against when the key id is unknown, so unknown and known ids take the same path. */
export const DUMMY_SECRET_HASH = hashSecret('sidecar-lens: no such key');

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') {
    return null;
  }
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m ? m[1]! : null;
}
