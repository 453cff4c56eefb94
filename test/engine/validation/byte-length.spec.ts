// Go's len() of a string is its UTF-8 size; byteLength counts it from the UTF-16 code units
// without encoding. Checked against TextEncoder (which also turns a lone surrogate into U+FFFD).
import { byteLength } from '../../../src/engine/validation/object-meta';

const utf8 = (s: string): number => new TextEncoder().encode(s).length;

describe('byteLength (UTF-8 size of a name, label or annotation)', () => {
  it.each([
    ['', 0],
    ['my-app', 6],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['a😀b', 6],
    ['\ud800', 3],
    ['\udc00', 3],
    ['\ud800x', 4],
    ['\udc00\ud800', 6],
    ['\ud83d\ude00\ud83d', 7],
  ])('%j is %i bytes', (text, bytes) => {
    expect(byteLength(text)).toBe(bytes);
    expect(utf8(text)).toBe(bytes);
  });

  it('agrees with TextEncoder on every code unit boundary', () => {
    const units = [
      0, 0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xffff,
    ];
    const mismatches: string[] = [];
    for (const a of units) {
      for (const b of units) {
        for (const c of units) {
          const text = String.fromCharCode(a, b, c);
          if (byteLength(text) !== utf8(text)) {
            mismatches.push([a, b, c].map((u) => u.toString(16)).join(' '));
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
