// Aliases are resolved in one pass with an expansion budget counted before any analysis walks the
// data, and a cheap pre-scan tells the server what must not run on its event loop (issue: a 52 KB
// alias-heavy manifest froze the process for seconds).
import { estimateCost, INLINE_LIMITS } from '../../../src/engine';
import { readDocuments } from '../../../src/engine/intake/yaml-reader';
import { MAX_ALIAS_EXPANSION } from '../../../src/engine/intake/limits';

function aliasHeavy(anchors: number, uses: number): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations:'];
  for (let a = 0; a < anchors; a++) lines.push(`    a${a}: &a${a} v${a}`);
  lines.push('spec:', '  containers:', '  - name: app', '    image: nginx', '    args:');
  for (let a = 0; a < anchors; a++) for (let u = 0; u < uses; u++) lines.push(`    - *a${a}`);
  return `${lines.join('\n')}\n`;
}

describe('aliases', () => {
  it('thousands of aliases to scalars are read (kubectl reads them too), each to its anchor', () => {
    const [doc] = readDocuments(aliasHeavy(60, 99));
    expect(doc!.readable).toBe(true);
    const args = (doc!.value as { spec: { containers: { args: string[] }[] } }).spec.containers[0]!
      .args;
    expect(args).toHaveLength(60 * 99);
    expect(args[0]).toBe('v0');
    expect(args.at(-1)).toBe('v59');
  });

  it('an anchor redefined later: each alias takes the anchor defined last before it', () => {
    // go-yaml v2 decode_test.go "Override anchor" case.
    const [doc] = readDocuments('a: &x 1\nb: *x\nc: &x 2\nd: *x\n');
    expect(doc!.value).toEqual({ a: 1, b: 1, c: 2, d: 2 });
  });

  it('an expansion beyond the budget is refused at the alias that crosses it, before analysis', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const [doc] = readDocuments(`${lines.join('\n')}\n`);
    expect(doc!.readable).toBe(false);
    expect(doc!.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        reason: 'TooLarge',
        message: expect.stringContaining(`more than ${MAX_ALIAS_EXPANSION} nodes`),
        line: expect.any(Number),
        column: expect.any(Number),
      }),
    ]);
    // b adds 10 x 11 nodes, c 10 x 111, and on line 4 each *c adds 1,111: the 8th crosses 10,000.
    expect(doc!.diagnostics[0]).toMatchObject({ line: 4, column: 8 + 7 * 4 });
  });

  it('a merge key needs a mapping (go-yaml: "map merge requires map or sequence of maps")', () => {
    // go-yaml v2 decode_test.go unmarshalErrorTests, issue #529.
    const [doc] = readDocuments('a: &x null\n<<:\n- *x\nb: &x {}\n');
    expect(doc!.readable).toBe(false);
    expect(doc!.diagnostics[0]).toMatchObject({ severity: 'ERROR', line: 3 });
  });
});

describe('estimateCost: what may run on the event loop', () => {
  it('a small Deployment runs inline', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx\n';
    expect(estimateCost(text)).toMatchObject({
      containers: 1,
      aliases: 0,
      documents: 1,
      inline: true,
    });
  });

  it('an alias-heavy manifest, a wide pod or a large text does not', () => {
    expect(estimateCost(aliasHeavy(3, 99)).inline).toBe(false); // 297 aliases in 3 KB
    const wide = Array.from(
      { length: INLINE_LIMITS.containers + 1 },
      (_, i) => `  - name: c${i}\n    image: busybox`,
    ).join('\n');
    expect(estimateCost(`spec:\n  containers:\n${wide}\n`).inline).toBe(false);
    expect(estimateCost(`# ${'x'.repeat(INLINE_LIMITS.bytes)}\n`).inline).toBe(false);
  });
});
