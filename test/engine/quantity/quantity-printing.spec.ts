// The printed forms (canonical, decimalValue) work on the value's decimal digits; this checks them
// against a direct transcription of Go's algorithm in BigInt arithmetic (apimachinery
// pkg/api/resource/quantity.go CanonicalizeBytes: strip trailing zeros into the exponent, lower it
// to a multiple of 3; BinarySI divides by 1024 while exact) over many values of every magnitude.
import { fromNanos, type QuantityFormat } from '../../../src/engine/quantity';

const NANO = 1_000_000_000n;
const DECIMAL_SUFFIX: Record<number, string> = {
  [-9]: 'n',
  [-6]: 'u',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
};
const BINARY_SUFFIX: Record<number, string> = {
  10: 'Ki',
  20: 'Mi',
  30: 'Gi',
  40: 'Ti',
  50: 'Pi',
  60: 'Ei',
};

function referenceDecimal(nanos: bigint, format: 'DecimalSI' | 'DecimalExponent'): string {
  if (nanos === 0n) return '0';
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  const rest = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(rest);
  exponent -= rest;
  if (format === 'DecimalExponent') {
    return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  }
  return `${mantissa}${DECIMAL_SUFFIX[exponent] ?? ''}`;
}

function referenceCanonical(nanos: bigint, format: QuantityFormat): string {
  if (nanos === 0n) return '0';
  if (format !== 'BinarySI') return referenceDecimal(nanos, format);
  const magnitude = nanos < 0n ? -nanos : nanos;
  if (magnitude < 1024n * NANO || nanos % NANO !== 0n) return referenceDecimal(nanos, 'DecimalSI');
  let mantissa = nanos / NANO;
  let times = 0;
  while (mantissa % 1024n === 0n) {
    mantissa /= 1024n;
    times += 1;
  }
  return `${mantissa}${BINARY_SUFFIX[times * 10] ?? ''}`;
}

function referenceDecimalValue(nanos: bigint): string {
  const sign = nanos < 0n ? '-' : '';
  const a = nanos < 0n ? -nanos : nanos;
  const whole = a / NANO;
  const fraction = (a % NANO).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

// Deterministic pseudo-random values: mantissas of 1 to 30 digits times powers of 10 and of 1024,
// both signs, so every branch (fractions, exact binary multiples, values beyond 2^53) is reached.
function* values(): Generator<bigint> {
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let i = 0; i < 4000; i++) {
    const digits = 1 + (next() % 30);
    let mantissa = 0n;
    for (let d = 0; d < digits; d++) mantissa = mantissa * 10n + BigInt(next() % 10);
    if (mantissa === 0n) mantissa = 1n;
    const scaled =
      next() % 2 === 0
        ? mantissa * 10n ** BigInt(next() % 25)
        : mantissa * 1024n ** BigInt(next() % 8) * NANO;
    yield next() % 4 === 0 ? -scaled : scaled;
  }
  for (const edge of [1n, 999n, 1000n, 1024n * NANO, 1023n * NANO, 2n ** 53n * NANO, 2n ** 63n]) {
    yield edge;
    yield -edge;
  }
}

describe('printed forms against Go’s algorithm', () => {
  it('canonical and decimalValue agree for every format over 4,000 values', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const nanos of values()) {
      for (const format of ['DecimalSI', 'BinarySI', 'DecimalExponent'] as const) {
        const q = fromNanos(nanos, format);
        const want = [referenceCanonical(nanos, format), referenceDecimalValue(nanos)];
        const got = [q.canonical(), q.decimalValue()];
        checked += 1;
        if (got[0] !== want[0] || got[1] !== want[1]) {
          mismatches.push(`${nanos} ${format}: ${got.join(' ')} != ${want.join(' ')}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(12_000);
    expect(mismatches).toEqual([]);
  });

  it('prints a value the same way on every call', () => {
    const q = fromNanos(1536n * 1024n * 1024n * NANO, 'BinarySI');
    expect([q.canonical(), q.canonical(), q.decimalValue(), q.decimalValue()]).toEqual([
      '1536Mi',
      '1536Mi',
      '1610612736',
      '1610612736',
    ]);
  });
});
