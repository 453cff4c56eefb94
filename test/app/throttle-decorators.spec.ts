import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// AppThrottlerGuard (src/modules/auth/app-throttler.guard.ts) checks the module's one per-key
// budget without reading route metadata: no route sets its own limit. A route given
// @SkipThrottle or @Throttle would be silently throttled at the default budget, so this test
// refuses them until the guard reads that metadata again.
const SRC = path.resolve(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return sources(file);
    return e.name.endsWith('.ts') ? [file] : [];
  });
}

describe('route-level throttler decorators', () => {
  it('are not used: the guard applies one budget to every route', () => {
    const used = sources(SRC).filter((file) =>
      /@(SkipThrottle|Throttle)\s*\(/.test(readFileSync(file, 'utf8')),
    );
    expect(used.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});
