import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  SEMI_SPACE_FLAG,
  SEMI_SPACE_MB,
  WORKER_RESOURCE_LIMITS,
} from '../../src/common/young-generation';

// Every way the service and the bench start Node runs the engine with the same young generation
// (src/common/young-generation.ts): a start script without the flag would make the engine's cost
// grow faster than its input in production while the bench says it is linear.
const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

describe('the young generation the engine runs with', () => {
  it('is passed by every start script and by the bench', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    for (const name of ['start', 'start:dev', 'start:prod', 'bench']) {
      expect({ name, script: scripts[name] }).toEqual({
        name,
        script: expect.stringContaining(`node ${SEMI_SPACE_FLAG} `) as string,
      });
    }
  });

  it('is passed by the container image', () => {
    const cmd = /^CMD (.*)$/m.exec(read('Dockerfile'));
    expect(JSON.parse(cmd![1]!)).toEqual(['node', SEMI_SPACE_FLAG, 'dist/main.js']);
  });

  it("gives worker threads the main thread's semi-spaces (a young generation is three)", () => {
    expect(WORKER_RESOURCE_LIMITS.maxYoungGenerationSizeMb).toBe(3 * SEMI_SPACE_MB);
    for (const file of [
      'src/modules/analysis/analysis-pool.ts',
      'src/modules/fleet/fleet.service.ts',
      'src/cli/fleet.ts',
    ]) {
      const pools = read(file).match(/new Piscina/g)?.length ?? 0;
      const limited = read(file).match(/resourceLimits: WORKER_RESOURCE_LIMITS/g)?.length ?? 0;
      expect({ file, pools }).toEqual({ file, pools: limited });
    }
  });
});
