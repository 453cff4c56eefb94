// A replica's fleet worker that takes a chunk and never finishes it: the test SIGKILLs this process
// mid-chunk and checks that pg-boss hands the chunk to another worker once its job expires.
import { FleetQueue } from '../../src/modules/fleet/fleet-queue';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const queue = new FleetQueue(url, {
  bossSchema: process.env.FLEET_BOSS_SCHEMA,
  runChunk: (units) => {
    process.stdout.write(`taken ${units.length}\n`);
    return new Promise(() => undefined);
  },
});
void queue.work().then(() => process.stdout.write('working\n'));
