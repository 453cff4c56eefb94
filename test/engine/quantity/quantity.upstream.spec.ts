// Rows from Kubernetes' own quantity tests (apimachinery pkg/api/resource/quantity_test.go, read
// at k8s.io/apimachinery eed236ce) that the shared golden vectors do not hold, written as our own
// table: input -> what Go's ParseQuantity / String() / MilliValue() give. Each row names the
// upstream test it comes from. Plus regressions found by cross-checking the parser against an
// independent reading of quantity.go (zero written with an enormous exponent).
import {
  addQuantities,
  compareQuantities,
  fromNanos,
  parseQuantity,
  subtractQuantities,
  type Quantity,
} from '../../../src/engine/quantity';

function q(text: string): Quantity {
  const parsed = parseQuantity(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.quantity;
}

interface Row {
  /** Upstream test (and how the input was built from its table). */
  upstream: string;
  input: string;
  /** Exact value, format, String() right after parsing, canonical form and MilliValue(). */
  value: string;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
  string: string;
  canonical: string;
  milli: bigint;
}

const ROWS: Row[] = [
  // Zero keeps the suffix's format but always prints "0".
  {
    upstream: 'TestQuantityParse',
    input: '0Ki',
    value: '0',
    format: 'BinarySI',
    string: '0',
    canonical: '0',
    milli: 0n,
  },
  {
    upstream: 'TestQuantityParse (negated)',
    input: '-0Gi',
    value: '0',
    format: 'BinarySI',
    string: '0',
    canonical: '0',
    milli: 0n,
  },
  // "Nonstandard but still parsable": the exponent is lowered to a multiple of 3.
  {
    upstream: 'TestQuantityParse',
    input: '1e14',
    value: '100000000000000',
    format: 'DecimalExponent',
    string: '100e12',
    canonical: '100e12',
    milli: 100000000000000000n,
  },
  {
    upstream: 'TestQuantityParse (negated)',
    input: '-1e13',
    value: '-10000000000000',
    format: 'DecimalExponent',
    string: '-10e12',
    canonical: '-10e12',
    milli: -10000000000000000n,
  },
  // "Things that saturate/round": rounded up in magnitude to a whole nano.
  {
    upstream: 'TestQuantityParse (negated)',
    input: '-1.1E-9',
    value: '-0.000000002',
    format: 'DecimalExponent',
    string: '-2e-9',
    canonical: '-2e-9',
    // Go's MilliValue on a negative fraction: truncate, then add one.
    milli: 1n,
  },
  {
    upstream: 'TestQuantityParse',
    input: '0.00000012345',
    value: '0.000000124',
    format: 'DecimalSI',
    string: '124n',
    canonical: '124n',
    milli: 1n,
  },
  // BinarySI is capped at 2^63-1 before the sign is applied.
  {
    upstream: 'TestQuantityParse (negated)',
    input: '-9Ei',
    value: '-9223372036854775807',
    format: 'BinarySI',
    string: '-9223372036854775807',
    canonical: '-9223372036854775807',
    milli: 1000n,
  },
  // "We'll accept fractional binary stuff, too": a fraction prints as DecimalSI digits.
  {
    upstream: 'TestQuantityParse',
    input: '100.035Ki',
    value: '102435.84',
    format: 'BinarySI',
    string: '102435840m',
    canonical: '102435840m',
    milli: 102435840n,
  },
  {
    upstream: 'TestQuantityParse (negated)',
    input: '-0.5Mi',
    value: '-524288',
    format: 'BinarySI',
    string: '-512Ki',
    canonical: '-512Ki',
    milli: -524288000n,
  },
  // "Things written by trolls": below 1 a binary quantity becomes DecimalSI.
  {
    upstream: 'TestQuantityParse (negated)',
    input: '-0.000000000001Ki',
    value: '-0.000000002',
    format: 'DecimalSI',
    string: '-2n',
    canonical: '-2n',
    milli: 1n,
  },
  // The parser keeps text it judges canonical, even "1.G" and "-1.".
  {
    upstream: 'TestQuantityParse',
    input: '1.G',
    value: '1000000000',
    format: 'DecimalSI',
    string: '1.G',
    canonical: '1G',
    milli: 1000000000000n,
  },
  {
    upstream: 'TestQuantityParse (negated)',
    input: '-1.',
    value: '-1',
    format: 'DecimalSI',
    string: '-1.',
    canonical: '-1',
    milli: -1000n,
  },
  // A lone point or sign scans as zero.
  {
    upstream: 'TestParseQuantityString / TestQuantityParse (negated)',
    input: '-.',
    value: '0',
    format: 'DecimalSI',
    string: '0',
    canonical: '0',
    milli: 0n,
  },
  // TestQuantityString alternates: parsed without keeping the text, printed canonically.
  {
    upstream: 'TestQuantityString (alternate of 1001Gi)',
    input: '1025024Mi',
    value: '1074815565824',
    format: 'BinarySI',
    string: '1001Gi',
    canonical: '1001Gi',
    milli: 1074815565824000n,
  },
  {
    upstream: 'TestQuantityString (alternate of 1e9)',
    input: '.001e12',
    value: '1000000000',
    format: 'DecimalExponent',
    string: '1e9',
    canonical: '1e9',
    milli: 1000000000000n,
  },
  {
    upstream: 'TestQuantityString (alternate of 1080m)',
    input: '1080000000n',
    value: '1.08',
    format: 'DecimalSI',
    string: '1080m',
    canonical: '1080m',
    milli: 1080n,
  },
  {
    upstream: 'TestQuantityString (alternate of 0)',
    input: '00',
    value: '0',
    format: 'DecimalSI',
    string: '0',
    canonical: '0',
    milli: 0n,
  },
  // TestQuantityParseEmit
  {
    upstream: 'TestQuantityParseEmit',
    input: '.001Ki',
    value: '1.024',
    format: 'BinarySI',
    string: '1024m',
    canonical: '1024m',
    milli: 1024n,
  },
  {
    upstream: 'TestQuantityParseEmit (negated)',
    input: '-1024Mi',
    value: '-1073741824',
    format: 'BinarySI',
    string: '-1Gi',
    canonical: '-1Gi',
    milli: -1073741824000n,
  },
  // TestParseQuantity: beyond int64 the exact value is kept and printed canonically.
  {
    upstream: 'TestParseQuantity',
    input: '1000000000000000000',
    value: '1000000000000000000',
    format: 'DecimalSI',
    string: '1E',
    canonical: '1E',
    milli: 3875820019684212736n,
  },
  {
    upstream: 'TestParseQuantity',
    input: '-10.0000000000000000001E',
    value: '-10000000000000000000.1',
    format: 'DecimalSI',
    string: '-10000000000000000000100m',
    canonical: '-10000000000000000000100m',
    milli: -4477988020492n,
  },
  {
    upstream: 'TestParseQuantity',
    input: '9223372036854775808.1',
    value: '9223372036854775808.1',
    format: 'DecimalSI',
    string: '9223372036854775808100m',
    canonical: '9223372036854775808100m',
    milli: 100n,
  },
];

describe('quantities: upstream quantity_test.go rows', () => {
  it.each(ROWS.map((r) => [r.input, r.upstream, r] as const))('%s (%s)', (_input, _up, r) => {
    const parsed = q(r.input);
    expect({
      value: parsed.decimalValue(),
      format: parsed.format,
      string: parsed.toString(),
      canonical: parsed.canonical(),
      milli: parsed.milliValue(),
    }).toEqual({
      value: r.value,
      format: r.format,
      string: r.string,
      canonical: r.canonical,
      milli: r.milli,
    });
  });

  it('rejects "" but reads a lone sign as zero (TestQuantityParse, its negated "" row)', () => {
    expect(parseQuantity('').ok).toBe(false);
    expect(q('-').toString()).toBe('0');
    expect(q('+').decimalValue()).toBe('0');
  });

  // TestQuantityParse's invalid list and its negated forms.
  it.each(['1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-'])(
    'rejects %p',
    (input) => {
      expect(parseQuantity(input).ok).toBe(false);
      expect(parseQuantity(`-${input}`).ok).toBe(false);
    },
  );

  it('rejects leading and trailing whitespace (TestQuantityParse: " 1", "1 ")', () => {
    expect(parseQuantity(' 1').ok).toBe(false);
    expect(parseQuantity('1 ').ok).toBe(false);
  });

  it('TestQuantityAddZeroPreservesSuffix / SubZero: a zero operand never changes the suffix', () => {
    const zero = q('0');
    expect(addQuantities(q('100m'), zero).toString()).toBe('100m');
    expect(addQuantities(zero, q('1Gi')).toString()).toBe('1Gi');
    expect(subtractQuantities(q('1Gi'), zero).toString()).toBe('1Gi');
    expect(subtractQuantities(zero, q('1Gi')).toString()).toBe('-1Gi');
  });

  it("TestAdd / TestSub: exact sums that keep the left operand's format", () => {
    const ten = fromNanos(10_000_000_000n);
    const tenBinary = fromNanos(10_000_000_000n, 'BinarySI');
    const one = fromNanos(1_000_000_000n);
    const oneBinary = fromNanos(1_000_000_000n, 'BinarySI');
    const rows = [
      addQuantities(ten, q('1e1')),
      addQuantities(ten, oneBinary),
      addQuantities(tenBinary, one),
      addQuantities(fromNanos(0n), q('50')),
      subtractQuantities(ten, q('1e1')),
      subtractQuantities(ten, oneBinary),
      subtractQuantities(tenBinary, one),
      subtractQuantities(fromNanos(0n), q('50')),
    ];
    expect(rows.map((x) => [x.decimalValue(), x.format])).toEqual([
      ['20', 'DecimalSI'],
      ['11', 'DecimalSI'],
      ['11', 'BinarySI'],
      ['50', 'DecimalSI'],
      ['0', 'DecimalSI'],
      ['9', 'DecimalSI'],
      ['9', 'BinarySI'],
      ['-50', 'DecimalSI'],
    ]);
  });

  it('TestQuantityCmp: compares across formats', () => {
    expect(compareQuantities(q('10000T'), q('100Gi'))).toBe(1);
    expect(compareQuantities(q('50m'), q('100m'))).toBe(-1);
    expect(compareQuantities(q('0'), q('0'))).toBe(0);
  });

  it('TestQuantityString: a negative value prints with a leading minus', () => {
    expect(fromNanos(-1_080_000_000n).toString()).toBe('-1080m');
    expect(fromNanos(-(300n << 20n) * 1_000_000_000n, 'BinarySI').toString()).toBe('-300Mi');
    expect(fromNanos(-80_000_000n, 'DecimalExponent').toString()).toBe('-80e-3');
  });

  it('TestMilliNewSet: printed values parse back to the same MilliValue', () => {
    expect([q('1m'), q('1'), q('1234'), q('1e3')].map((x) => x.milliValue())).toEqual([
      1n,
      1000n,
      1234000n,
      1000000n,
    ]);
  });
});

describe('quantities: zero written with an enormous exponent (Go accepts it as 0)', () => {
  // Regression: the engine refused these as too large, and MilliValue() threw a RangeError on
  // the ones it accepted. Go's scanner reads "e1024" as a zero mantissa with exponent 1024.
  it.each(['0e1024', 'e1024', 'E1024', '+00e1024', '0e10249999999999', '00E-999999999'])(
    '%s is zero',
    (input) => {
      const zero = q(input);
      expect([zero.decimalValue(), zero.toString(), zero.milliValue()]).toEqual(['0', '0', 0n]);
    },
  );

  it('a zero operand does not carry its exponent into a sum', () => {
    const sum = addQuantities(q('00E-999999999'), q('1500m'));
    expect([sum.toString(), sum.milliValue()]).toEqual(['1500m', 1500n]);
    expect(subtractQuantities(q('2'), q('0e-999999')).milliValue()).toBe(2000n);
  });

  it('still refuses a non-zero value too large to hold exactly', () => {
    expect(parseQuantity('1e1024').ok).toBe(false);
  });
});
