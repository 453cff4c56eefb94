// Every vector of test/vectors/upstream/quantity.json (Kubernetes' own ParseQuantity test tables plus
// computed rows): exact value, String(), canonical form, format and MilliValue.
import { addQuantities, fromNanos, parseQuantity } from '../../../src/engine/quantity';
import { loadGolden } from '../../support/shared';

interface QuantityVector {
  id: string;
  input: string;
  valid: boolean;
  error?: string;
  string?: string;
  canonical?: string;
  format?: string;
  value?: string;
  milliValue?: number | string;
  preservesInputString?: boolean;
}

const golden = loadGolden<QuantityVector>('quantity');
const valid = golden.vectors.filter((v) => v.valid);
const invalid = golden.vectors.filter((v) => !v.valid);

describe('quantity.json golden vectors', () => {
  it('holds the vectors its header announces', () => {
    expect(golden.vectors).toHaveLength(golden.count);
  });

  describe.each(valid.map((v) => [JSON.stringify(v.input), v] as const))('valid %s', (_name, v) => {
    const parsed = parseQuantity(v.input);

    it('parses', () => {
      expect(parsed.ok).toBe(true);
    });

    it('has the exact value, format, String() and canonical form', () => {
      if (!parsed.ok) throw new Error(parsed.message);
      const q = parsed.quantity;
      expect({
        value: q.decimalValue(),
        format: q.format,
        string: q.toString(),
        canonical: q.canonical(),
        json: JSON.stringify(q),
      }).toEqual({
        value: v.value,
        format: v.format,
        string: v.string,
        canonical: v.canonical,
        json: JSON.stringify(v.string),
      });
    });

    it('prints canonically after arithmetic (value + 0)', () => {
      if (!parsed.ok) throw new Error(parsed.message);
      expect(addQuantities(parsed.quantity, fromNanos(0n)).toString()).toBe(v.canonical);
    });

    if (v.milliValue !== undefined) {
      it('has Go MilliValue()', () => {
        if (!parsed.ok) throw new Error(parsed.message);
        const expected = v.milliValue ?? 0;
        const actual = parsed.quantity.milliValue();
        // JSON numbers beyond 2^53 arrive rounded to a double: compare them as doubles.
        if (typeof expected === 'number' && !Number.isSafeInteger(expected)) {
          expect(Number(actual)).toBe(expected);
        } else {
          expect(actual).toBe(BigInt(expected));
        }
      });
    }
  });

  it.each(invalid.map((v) => [JSON.stringify(v.input), v] as const))('rejects %s', (_name, v) => {
    expect(parseQuantity(v.input).ok).toBe(false);
  });
});
