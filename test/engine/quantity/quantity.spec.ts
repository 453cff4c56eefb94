// Behaviour beyond the golden table: JSON numbers, arithmetic formats (a.8), odd input.
import {
  addQuantities,
  compareQuantities,
  fromNanos,
  isZero,
  maxQuantity,
  multiplyQuantity,
  parseQuantity,
  parseQuantityValue,
  type Quantity,
} from '../../../src/engine/quantity';

function q(text: string): Quantity {
  const parsed = parseQuantity(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.quantity;
}

describe('parseQuantityValue (JSON decoding of a manifest value)', () => {
  it('accepts bare JSON numbers as their text', () => {
    const two = parseQuantityValue(2);
    const half = parseQuantityValue(0.5);
    expect(two.ok && [two.quantity.decimalValue(), two.quantity.toString()]).toEqual(['2', '2']);
    expect(half.ok && [half.quantity.decimalValue(), half.quantity.toString()]).toEqual([
      '0.5',
      '500m',
    ]);
  });

  it('trims whitespace like UnmarshalJSON, while ParseQuantity itself rejects it', () => {
    const padded = parseQuantityValue(' 250m ');
    expect(padded.ok && padded.quantity.canonical()).toBe('250m');
    expect(parseQuantity(' 250m').ok).toBe(false);
  });

  it.each([[{ cpu: 1 }], [['1']], [null], [true], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    'rejects %p without throwing',
    (value) => {
      expect(parseQuantityValue(value).ok).toBe(false);
    },
  );
});

describe('arithmetic', () => {
  it('keeps the left operand format: 1G + 1Gi prints as plain digits, 1Gi + 1G stays BinarySI (a.8)', () => {
    const decimalFirst = addQuantities(q('1G'), q('1Gi'));
    const binaryFirst = addQuantities(q('1Gi'), q('1G'));
    expect([decimalFirst.toString(), decimalFirst.format]).toEqual(['2073741824', 'DecimalSI']);
    expect(binaryFirst.format).toBe('BinarySI');
    expect(compareQuantities(decimalFirst, binaryFirst)).toBe(0);
  });

  it('takes the right operand format when the left is zero (Go Quantity.Add)', () => {
    expect(addQuantities(q('0'), q('1Gi')).toString()).toBe('1Gi');
  });

  it('drops the kept input text after arithmetic (h.4.1)', () => {
    expect(q('1.500k').toString()).toBe('1.500k');
    expect(addQuantities(q('1.500k'), q('500')).toString()).toBe('2k');
  });

  it('multiplies exactly, beyond int64', () => {
    const total = multiplyQuantity(q('8Ei'), 4n);
    expect(total.decimalValue()).toBe('36893488147419103228');
  });

  it('keeps the first of two equal values in maxQuantity (maxResourceList replaces only when greater)', () => {
    const a = q('1Gi');
    const b = q('1073741824');
    expect(maxQuantity(a, b)).toBe(a);
    expect(maxQuantity(a, q('2Gi')).toString()).toBe('2Gi');
  });

  it('compares and tests zero numerically', () => {
    expect(compareQuantities(q('1500m'), q('1.5'))).toBe(0);
    expect(compareQuantities(q('1'), q('1001m'))).toBe(-1);
    expect(isZero(q('-0m'))).toBe(true);
    expect(isZero(fromNanos(1n))).toBe(false);
  });
});

describe('parser quirks read from Go parseQuantityString', () => {
  it('scans a lone sign or a lone suffix as zero', () => {
    expect(q('-').decimalValue()).toBe('0');
    expect(q('Ki').format).toBe('BinarySI');
    expect(q('Ki').toString()).toBe('0');
  });

  it('keeps huge decimal values exact (no cap below BinarySI, h.2)', () => {
    expect(q('123456789012345678901234567890').decimalValue()).toBe(
      '123456789012345678901234567890',
    );
    expect(q('1000E').toString()).toBe('1');
  });

  it('refuses exponents it cannot hold exactly instead of guessing', () => {
    expect(parseQuantity('1e5000').ok).toBe(false);
    expect(q('1e-5000').decimalValue()).toBe('0.000000001');
  });
});
