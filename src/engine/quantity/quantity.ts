// Kubernetes' resource.Quantity (apimachinery pkg/api/resource), reproduced exactly with BigInt
// arithmetic: apimachinery pkg/api/resource/quantity.go; docs/kubernetes-behaviour.md#resources. Never floating point.

/** The three serialisation formats a Quantity keeps (h.3). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export type ParseQuantityResult = { ok: true; quantity: Quantity } | { ok: false; message: string };

// Go's error texts (h.1); callers should only rely on "rejected", not the wording.
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
/** Not a Kubernetes error: a value whose decimal exponent is too large to hold exactly here (Go accepts it). */
export const QUANTITY_TOO_LARGE_ERROR =
  'quantity is too large to represent exactly (decimal exponent above 1000)';

const NANO_SCALE = 9;
const MAX_INT64 = (1n << 63n) - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// Beyond this many decimal digits of magnitude the engine refuses the value instead of allocating
// a giant BigInt; no real manifest comes near it (10^1000 bytes).
const MAX_DECIMAL_EXPONENT = 1000;

const DECIMAL_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);
const DECIMAL_SUFFIX_BY_EXPONENT: ReadonlyMap<number, string> = new Map(
  [...DECIMAL_SUFFIXES].map(([suffix, exponent]) => [exponent, suffix]),
);
const BINARY_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['Ki', 10],
  ['Mi', 20],
  ['Gi', 30],
  ['Ti', 40],
  ['Pi', 50],
  ['Ei', 60],
]);
const BINARY_SUFFIX_BY_EXPONENT: ReadonlyMap<number, string> = new Map(
  [...BINARY_SUFFIXES].map(([suffix, exponent]) => [exponent, suffix]),
);

const POW10: bigint[] = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));
const pow10 = (n: number): bigint => POW10[n] ?? 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);
const toInt64 = (n: bigint): bigint => BigInt.asIntN(64, n);

/**
 * An exact Kubernetes quantity. `nanos` is the value in 1e-9 units (every parsed value is a
 * multiple of 1e-9, h.2). Immutable: arithmetic returns new values.
 */
export class Quantity {
  /** Exact value in 1e-9 units. */
  readonly nanos: bigint;
  /** The format the quantity keeps; sums keep the left operand's (a.8). */
  readonly format: QuantityFormat;
  // The input text kept by the parser when it looked canonical (h.4.1); cleared by arithmetic.
  private readonly kept: string | null;
  // The inf.Dec scale Go would hold (value = unscaled * 10^-scale); only MilliValue's rounding
  // quirks depend on it.
  private readonly decScale: number;
  // The printed forms, computed on first use (a quantity never changes). Native private fields
  // rather than a WeakMap: sums are short-lived, and weak-map entries make every GC cycle dearer;
  // a private field is also invisible to deep equality and to JSON.
  #canonical: string | undefined = undefined;
  #decimal: string | undefined = undefined;

  private constructor(
    nanos: bigint,
    format: QuantityFormat,
    kept: string | null,
    decScale: number,
  ) {
    this.nanos = nanos;
    this.format = format;
    this.kept = kept;
    this.decScale = decScale;
  }

  /** @internal Use parseQuantity / fromNanos. */
  static create(
    nanos: bigint,
    format: QuantityFormat,
    kept: string | null,
    decScale: number,
  ): Quantity {
    return new Quantity(nanos, format, kept, decScale);
  }

  /** What Go's String() and JSON print: the kept input text when the parser kept it, else canonical (h.4). */
  toString(): string {
    return this.kept ?? this.canonical();
  }

  /** JSON.stringify prints what the API server would return. */
  toJSON(): string {
    return this.toString();
  }

  /** The canonical form, as printed after any arithmetic (h.3). */
  canonical(): string {
    return (this.#canonical ??= this.computeCanonical());
  }

  private computeCanonical(): string {
    const n = this.nanos;
    if (n === 0n) return '0';
    if (this.format === 'BinarySI') {
      const oneKi = 1024n * 1_000_000_000n;
      // |v| < 1024 or a fraction: printed as DecimalSI, so no precision is lost (h.3).
      if (abs(n) >= oneKi && n % 1_000_000_000n === 0n) {
        return binaryCanonical(n / 1_000_000_000n);
      }
      return decimalCanonical(n, 'DecimalSI');
    }
    return decimalCanonical(n, this.format);
  }

  /** Exact decimal value in base units, no exponent, no trailing zeros: "1.5", "2147483648", "-0.001". */
  decimalValue(): string {
    return (this.#decimal ??= decimalText(this.nanos));
  }

  /**
   * Go's MilliValue(): the value in milli-units rounded up (h.2). Reproduces Go on the inf.Dec
   * representation (the form a quantity takes once its exact value has been read with AsDec):
   * a positive fraction rounds up; a negative fraction is truncated and then incremented; a value
   * outside int64 wraps as Go's does. For resource quantities (never negative) this is ceil(v * 1000).
   */
  milliValue(): bigint {
    // Zero is zero at any scale (and a zero may carry an enormous scale: "0e-999999999").
    if (this.nanos === 0n) return 0n;
    const scale = this.decScale;
    const unscaled =
      scale <= NANO_SCALE
        ? this.nanos / pow10(NANO_SCALE - scale)
        : this.nanos * pow10(scale - NANO_SCALE);
    const dif = scale - 3;
    if (dif === 0) return toInt64(unscaled);
    if (dif < 0) return toInt64(toInt64(unscaled) * pow10(-dif));
    const divisor = pow10(dif);
    if (unscaled < MAX_INT64 && dif < 19) {
      const u = toInt64(unscaled);
      const q = u / divisor;
      return u % divisor !== 0n ? toInt64(q + 1n) : q;
    }
    // big.Int DivMod is Euclidean (remainder >= 0).
    let q = unscaled / divisor;
    let r = unscaled % divisor;
    if (r < 0n) {
      q -= 1n;
      r += divisor;
    }
    return r !== 0n ? toInt64(toInt64(q) + 1n) : toInt64(q);
  }

  /** @internal */
  scaleForArithmetic(): number {
    return this.decScale;
  }
}

// The printed forms work on the decimal digits of the value (one BigInt-to-string conversion)
// rather than on BigInt division loops: exact, and several times cheaper.

/** Number of trailing '0' characters of a digit string (not counting a lone "0"). */
function trailingZeros(digits: string): number {
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return digits.length - end;
}

// "1.5", "2147483648", "-0.001": |nanos| as digits, a point 9 digits from the right, trailing
// zeros of the fraction dropped.
function decimalText(nanos: bigint): string {
  const sign = nanos < 0n ? '-' : '';
  const digits = (nanos < 0n ? -nanos : nanos).toString();
  const cut = digits.length - NANO_SCALE;
  const whole = cut > 0 ? digits.slice(0, cut) : '0';
  const fraction = cut > 0 ? digits.slice(cut) : digits.padStart(NANO_SCALE, '0');
  const keep = fraction.length - trailingZeros(fraction);
  const zeroFraction = keep === 1 && fraction.charCodeAt(0) === 48;
  return zeroFraction ? `${sign}${whole}` : `${sign}${whole}.${fraction.slice(0, keep)}`;
}

// BinarySI canonical form of a whole, non-zero value of at least 1Ki: divide by 1024 while exact
// (h.3). Values within 2^53 divide as plain numbers.
function binaryCanonical(whole: bigint): string {
  let times = 0;
  let mantissa: string;
  if (whole <= MAX_SAFE && whole >= -MAX_SAFE) {
    let m = Number(whole);
    while (m % 1024 === 0) {
      m /= 1024;
      times += 1;
    }
    mantissa = String(m);
  } else {
    let m = whole;
    while (m % 1024n === 0n) {
      m /= 1024n;
      times += 1;
    }
    mantissa = m.toString();
  }
  // No suffix above Ei: Go ignores the failed lookup and prints bare digits.
  return `${mantissa}${BINARY_SUFFIX_BY_EXPONENT.get(times * 10) ?? ''}`;
}

// DecimalSI / DecimalExponent canonical form of a non-zero value: strip trailing zeros into the
// exponent, then lower the exponent to a multiple of 3 (h.3).
function decimalCanonical(nanos: bigint, format: 'DecimalSI' | 'DecimalExponent'): string {
  const digits = nanos.toString();
  const zeros = trailingZeros(digits);
  let exponent = zeros - NANO_SCALE;
  const rest = ((exponent % 3) + 3) % 3;
  // Dropping `zeros` digits and multiplying back by 10^rest keeps zeros - rest of them.
  const mantissa = digits.slice(0, digits.length - zeros + rest);
  exponent -= rest;
  if (format === 'DecimalExponent') {
    return exponent === 0 ? mantissa : `${mantissa}e${exponent}`;
  }
  // Exponents above 18 have no suffix; Go ignores the failed lookup (h.4.2).
  return `${mantissa}${DECIMAL_SUFFIX_BY_EXPONENT.get(exponent) ?? ''}`;
}

interface ScannedQuantity {
  positive: boolean;
  /** Sign, leading zeros, digits, point and fraction as written (Go's `value`). */
  value: string;
  /** Integer digits without leading zeros ("0" when none). */
  num: string;
  /** Fraction digits. */
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const SUFFIX_CHARS = 'eEinumkKMGTP';

// Go's parseQuantityString: a hand-written scanner equivalent to the regular expression in the
// error text, with its quirks ("-" and "Ki" alone scan as zero).
function scanQuantity(str: string): ScannedQuantity | null {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  const numStart = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos >= end) return { positive, value: str, num: str.slice(numStart), denom: '', suffix: '' };
  const num = str.slice(numStart, pos) || '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(denomStart, pos);
    if (pos >= end) return { positive, value: str, num, denom, suffix: '' };
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos] ?? '')) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return null;
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

interface SuffixMeaning {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

// Go's suffixHandler.interpret: table lookups, then e/E with a signed int64 exponent that is
// truncated to int32.
function interpretSuffix(suffix: string): SuffixMeaning | null {
  const decimal = DECIMAL_SUFFIXES.get(suffix);
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES.get(suffix);
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return null;
    const parsed = BigInt(digits);
    if (parsed > MAX_INT64 || parsed < -MAX_INT64 - 1n) return null;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return null;
}

/** Go's ParseQuantity, exactly (h.1–h.4). Leading/trailing spaces are rejected, as in Go. */
// Parsed quantities by text (the same few values recur in every manifest and across a fleet);
// a quantity never changes, so one result serves every reader. Bounded: emptied when full.
const PARSED = new Map<string, ParseQuantityResult>();
const PARSED_MAX = 4096;

export function parseQuantity(text: string): ParseQuantityResult {
  let result = PARSED.get(text);
  if (result === undefined) {
    result = parseQuantityText(text);
    if (PARSED.size >= PARSED_MAX) PARSED.clear();
    PARSED.set(text, result);
  }
  return result;
}

function parseQuantityText(text: string): ParseQuantityResult {
  if (text.length === 0) return { ok: false, message: QUANTITY_FORMAT_ERROR };
  if (text === '0') return { ok: true, quantity: Quantity.create(0n, 'DecimalSI', '0', 0) };
  const scanned = scanQuantity(text);
  if (scanned === null) return { ok: false, message: QUANTITY_FORMAT_ERROR };
  const meaning = interpretSuffix(scanned.suffix);
  if (meaning === null) return { ok: false, message: QUANTITY_SUFFIX_ERROR };
  const { num, denom, positive } = scanned;
  const { base, exponent } = meaning;

  // Fast path (Go's int64Amount): a short mantissa and a scale not below nano.
  let precision: number;
  let scale = 0;
  let multiplier = 1n;
  if (meaning.format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      multiplier = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    // int32 arithmetic, as in Go.
    scale = Number(BigInt.asIntN(32, BigInt(scale - denom.length)));
    if (scale >= -NANO_SCALE) {
      const shifted = num + denom;
      const digits = BigInt(shifted);
      const product = digits * multiplier;
      if (product <= MAX_INT64) {
        // Zero at any exponent is zero ("0e1024", "e99999"): Go accepts it, so the guard only
        // refuses a non-zero value too large to hold.
        if (product !== 0n && scale > MAX_DECIMAL_EXPONENT) {
          return { ok: false, message: QUANTITY_TOO_LARGE_ERROR };
        }
        const signed = positive ? product : -product;
        const nanos = product === 0n ? 0n : signed * pow10(scale + NANO_SCALE);
        // The "already canonical" heuristic keeps the input text (h.4.1).
        const keep =
          meaning.format === 'BinarySI'
            ? exponent % 10 === 0 && (digits & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return {
          ok: true,
          quantity: Quantity.create(nanos, meaning.format, keep ? text : null, -scale),
        };
      }
    }
  }

  // Slow path (Go's inf.Dec): exact value, rounded up in magnitude to 1e-9, BinarySI capped.
  const match = /^[+-]?([0-9]*)(?:\.([0-9]*))?$/.exec(scanned.value);
  const intDigits = match?.[1] ?? '';
  const fracDigits = match?.[2] ?? '';
  if (intDigits.length + fracDigits.length === 0) {
    return { ok: false, message: QUANTITY_NUMERIC_ERROR };
  }
  let unscaled = BigInt(intDigits + fracDigits);
  let decScale = fracDigits.length;
  if (base === 10) {
    decScale = Number(BigInt.asIntN(32, BigInt(decScale - exponent)));
  } else {
    unscaled *= 1n << BigInt(exponent);
  }
  let nanos: bigint;
  if (unscaled === 0n) {
    nanos = 0n;
  } else if (decScale <= NANO_SCALE) {
    if (-decScale > MAX_DECIMAL_EXPONENT) return { ok: false, message: QUANTITY_TOO_LARGE_ERROR };
    nanos = unscaled * pow10(NANO_SCALE - decScale);
    decScale = NANO_SCALE;
  } else {
    const drop = decScale - NANO_SCALE;
    if (drop > unscaled.toString().length) {
      nanos = 1n;
    } else {
      const divisor = pow10(drop);
      nanos = unscaled / divisor + (unscaled % divisor === 0n ? 0n : 1n);
    }
    decScale = NANO_SCALE;
  }
  let format = meaning.format;
  if (format === 'BinarySI') {
    if (nanos > MAX_INT64 * 1_000_000_000n) {
      nanos = MAX_INT64 * 1_000_000_000n;
      decScale = 0;
    }
    // A BinarySI value in (0, 1) becomes DecimalSI (h.2).
    if (nanos > 0n && nanos < 1_000_000_000n) format = 'DecimalSI';
  }
  return { ok: true, quantity: Quantity.create(positive ? nanos : -nanos, format, null, decScale) };
}

/**
 * A quantity as a manifest carries it: a string (trimmed, as JSON decoding does) or a bare number
 * (`cpu: 2`, `cpu: 0.5`), which the API server's JSON decoder parses from its text (h.1).
 */
export function parseQuantityValue(value: unknown): ParseQuantityResult {
  if (typeof value === 'string') return parseQuantity(value.trim());
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, message: QUANTITY_NUMERIC_ERROR };
    return parseQuantity(String(value));
  }
  if (typeof value === 'bigint') return parseQuantity(value.toString());
  return {
    ok: false,
    message: `a quantity must be a string or a number, not ${describeType(value)}`,
  };
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A quantity with an exact value and no kept text (prints canonically). */
export function fromNanos(nanos: bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return Quantity.create(nanos, format, null, NANO_SCALE);
}

// The scale of a sum: as Go's int64Amount.Add, a zero operand leaves the other's scale alone (so
// a zero written with a huge exponent never inflates it).
function sumScale(a: Quantity, b: Quantity): number {
  if (a.nanos === 0n) return b.scaleForArithmetic();
  if (b.nanos === 0n) return a.scaleForArithmetic();
  return Math.max(a.scaleForArithmetic(), b.scaleForArithmetic());
}

/** Go's Quantity.Add: exact sum; keeps the left operand's format unless the left is zero (a.8). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const format = a.nanos === 0n ? b.format : a.format;
  return Quantity.create(a.nanos + b.nanos, format, null, sumScale(a, b));
}

/** Go's Quantity.Sub: exact difference; format rule as for Add. */
export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  const format = a.nanos === 0n ? b.format : a.format;
  return Quantity.create(a.nanos - b.nanos, format, null, sumScale(a, b));
}

/** Multiplies by a whole number (replica totals); keeps the format. */
export function multiplyQuantity(q: Quantity, factor: bigint): Quantity {
  return Quantity.create(q.nanos * factor, q.format, null, q.scaleForArithmetic());
}

/** -1, 0 or 1, numerically. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  if (a.nanos < b.nanos) return -1;
  return a.nanos > b.nanos ? 1 : 0;
}

/** The larger value; on a tie the first (Go's maxResourceList replaces only when strictly greater). */
export function maxQuantity(a: Quantity, b: Quantity): Quantity {
  return b.nanos > a.nanos ? b : a;
}

export function isZero(q: Quantity): boolean {
  return q.nanos === 0n;
}
