import { AppError } from '../../../src/common/errors/app-error';
import { REPORT_SCHEMA_VERSION } from '../../../src/engine';
import {
  API_KEY_PREFIX,
  bearerToken,
  generateApiKey,
  hashSecret,
  parseApiKey,
  sameHash,
} from '../../../src/modules/auth/api-key-format';
import {
  checkPageSize,
  decodeRevisionCursor,
  decodeScenarioCursor,
  encodeRevisionCursor,
  encodeScenarioCursor,
} from '../../../src/modules/scenarios/cursor';
import { unstorableText } from '../../../src/modules/scenarios/scenario-input';
import { readStoredReport } from '../../../src/modules/scenarios/stored-report';

const badInput = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
  return 'none';
};

describe('API key format', () => {
  it('carries a 256-bit secret and its key id, and parses back', () => {
    const k = generateApiKey();
    expect(k.key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(Buffer.from(k.secret, 'base64url')).toHaveLength(32);
    expect(parseApiKey(k.key)).toEqual({ keyId: k.keyId, secret: k.secret });
    expect(k.secretHash).toBe(hashSecret(k.secret));
    expect(sameHash(k.secretHash, hashSecret(k.secret))).toBe(true);
    expect(sameHash(k.secretHash, hashSecret('other'))).toBe(false);
    expect(sameHash(k.secretHash, 'not hex')).toBe(false);
  });

  it.each([
    '',
    'slk_',
    'slk_abc_def',
    `ghp_${'a'.repeat(32)}_${'b'.repeat(43)}`,
    `slk_${'g'.repeat(32)}_${'b'.repeat(43)}`,
  ])('refuses %j', (key) => expect(parseApiKey(key)).toBeNull());

  it('reads only well-formed Bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(['Bearer a'])).toBeNull();
  });
});

describe('cursors', () => {
  it('round-trip and are opaque base64url', () => {
    const p = {
      createdAt: new Date('2026-11-22T09:00:00.123Z'),
      id: '0b6f1f36-3a0e-4d7b-9a55-5b1d3f1c2e4a',
    };
    const c = encodeScenarioCursor(p);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeScenarioCursor(c)).toEqual(p);
    expect(decodeRevisionCursor(encodeRevisionCursor(7))).toBe(7);
  });

  it.each([
    'x',
    Buffer.from('s1|2026-13-45T00:00:00.000Z|0b6f1f36-3a0e-4d7b-9a55-5b1d3f1c2e4a').toString(
      'base64url',
    ),
    Buffer.from('s1|2026-11-22T09:00:00.123Z|not-a-uuid').toString('base64url'),
    Buffer.from('s2|2026-11-22T09:00:00.123Z|0b6f1f36-3a0e-4d7b-9a55-5b1d3f1c2e4a').toString(
      'base64url',
    ),
    encodeRevisionCursor(3),
  ])('refuses the scenario cursor %j with BAD_USER_INPUT', (c) => {
    expect(badInput(() => decodeScenarioCursor(c))).toBe('BAD_USER_INPUT');
  });

  it.each([
    '',
    Buffer.from('r1|0').toString('base64url'),
    Buffer.from('r1|-1').toString('base64url'),
    Buffer.from('r1|99999999999').toString('base64url'),
  ])('refuses the revision cursor %j', (c) =>
    expect(badInput(() => decodeRevisionCursor(c))).toBe('BAD_USER_INPUT'),
  );

  it('accepts page sizes 1..100 only', () => {
    expect(checkPageSize(1)).toBe(1);
    expect(checkPageSize(100)).toBe(100);
    for (const n of [0, 101, -1, 1.5, NaN]) {
      expect(badInput(() => checkPageSize(n))).toBe('BAD_USER_INPUT');
    }
  });
});

describe('text PostgreSQL cannot store', () => {
  it.each([
    ['plain', null],
    ['emoji \uD83D\uDE00', null],
    ['nul \u0000', 'NUL'],
    ['high \uD800 alone', 'surrogate'],
    ['low \uDC00 alone', 'surrogate'],
    ['reversed \uDE00\uD83D', 'surrogate'],
  ])('%j', (s, expected) => {
    const why = unstorableText(s);
    if (expected === null) expect(why).toBeNull();
    else expect(why).toContain(expected);
  });
});

describe('readStoredReport', () => {
  const stored = {
    schemaVersion: 1,
    kubernetesVersion: '1.33',
    diagnostics: [],
    workloads: [{ kind: 'Pod' }],
  };

  it('fills sections added since the report was saved', () => {
    expect(readStoredReport(stored, 1).workloads[0]).toMatchObject({
      findings: [],
      recommendations: [],
    });
  });

  it('refuses a schema version this code does not know, or a shape that is no report', () => {
    expect(() => readStoredReport(stored, REPORT_SCHEMA_VERSION + 1)).toThrow(/schema version/);
    expect(() => readStoredReport(stored, 0)).toThrow();
    expect(() => readStoredReport({ workloads: 'x' }, 1)).toThrow();
    expect(() => readStoredReport(null, 1)).toThrow();
  });
});
