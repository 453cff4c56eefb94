import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const state = globalThis.__SIDECAR_LENS_DB__;
  if (state) {
    await state.db.stop();
    rmSync(state.dataDir, { recursive: true, force: true });
  }
}
