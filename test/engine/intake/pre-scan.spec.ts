// The pre-scan (limits.ts scanText) at its limits on small texts: a small manifest skips the
// character-by-character scan when a few counts prove it cannot report anything, so the
// boundary cases (exactly MAX_NESTING_DEPTH levels, one more, on one line or a few) must still
// be decided as the scan decides them.
import { MAX_NESTING_DEPTH, scanText } from '../../../src/engine/intake/limits';

const reasons = (text: string) =>
  scanText(text).diagnostics.map((d) => [d.reason, d.line, d.column]);

describe('scanText at the nesting limit, on small texts', () => {
  it.each([
    // n levels: n - 1 sequences opened by `- ` on the line, the line's own level; reported at the line
    ['`- ` entries on one line', (n: number) => `${'- '.repeat(n - 1)}x\n`, 1],
    // n flow sequences; reported at the bracket that opens level n + 1
    ['flow sequences', (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`, MAX_NESTING_DEPTH + 1],
    // the root mapping and n - 1 flow mappings
    [
      'flow mappings under a key',
      (n: number) => `a: ${'{b: '.repeat(n - 1)}1${'}'.repeat(n - 1)}\n`,
      3 + 4 * (MAX_NESTING_DEPTH - 1) + 1,
    ],
  ])('%s: the limit is read, one more is refused', (_, make, column) => {
    expect(reasons(make(MAX_NESTING_DEPTH))).toEqual([]);
    const over = reasons(make(MAX_NESTING_DEPTH + 1));
    expect(over).toHaveLength(1);
    expect(over[0]![0]).toBe('TooLarge');
    expect(over[0]![2]).toBe(column);
  });

  it('indentation: a level per line', () => {
    const lines = (n: number) =>
      Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(reasons(lines(MAX_NESTING_DEPTH))).toEqual([]);
    expect(reasons(lines(MAX_NESTING_DEPTH + 1))).toEqual([
      ['TooLarge', MAX_NESTING_DEPTH + 1, MAX_NESTING_DEPTH + 1],
    ]);
  });

  it('a character that cannot be stored, in a one-line text', () => {
    expect(reasons('a: "x\u0000"')).toEqual([['SyntaxError', 1, 6]]);
    expect(reasons('a: "\ud800"')).toEqual([['SyntaxError', 1, 5]]);
    expect(reasons('a: "😀"')).toEqual([]);
  });
});
