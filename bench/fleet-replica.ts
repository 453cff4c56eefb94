// One replica's fleet workers for bench/fleet-service.ts: takes chunks of every job until killed.
import { FleetQueue } from '../src/modules/fleet/fleet-queue';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const queue = new FleetQueue(url, {
  expireInSeconds: Number(process.env.FLEET_EXPIRE_SECONDS ?? 15),
  superviseIntervalSeconds: 2,
  concurrency: 1,
});
void queue.work().then(() => process.stdout.write('working\n'));
process.on('SIGTERM', () => void queue.stop().then(() => process.exit(0)));
