import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../tools/child-process-lifetime';
import { startFerretDb } from '../tools/mongo-server';

/**
 * Runs a bench's `fn` against TEST_MONGO_URL when set (a real MongoDB, or the store of the
 * `npm run bench` that started it), else against a throwaway bundled FerretDB started for it.
 * `fn` is told which, for the bench's table.
 */
export async function withBenchStore(fn: (store: string) => Promise<void>): Promise<void> {
  if (process.env.TEST_MONGO_URL) return fn('TEST_MONGO_URL');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mca-bench-'));
  chmodSync(dataDir, 0o755); // for the postgres user of an own PostgreSQL cluster
  const mongo = await startFerretDb({ port: await freePort(), dataDir, throwaway: true });
  process.env.TEST_MONGO_URL = mongo.url;
  try {
    await fn(`FerretDB 1.24 (${mongo.store})`);
  } finally {
    await mongo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
