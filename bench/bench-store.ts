import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../tools/child-process-lifetime';
import { startFerretDb } from '../tools/mongo-server';

/**
 * Runs a bench's `fn` against TEST_MONGO_URL when set (a real MongoDB, or the store of the
 * `npm run bench` that started it), else against a throwaway bundled FerretDB started for it.
 */
export async function withBenchStore(fn: () => Promise<void>): Promise<void> {
  if (process.env.TEST_MONGO_URL) return fn();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mca-bench-'));
  chmodSync(dataDir, 0o755); // for the postgres user of an own PostgreSQL cluster
  const mongo = await startFerretDb({ port: await freePort(), dataDir, throwaway: true });
  process.env.TEST_MONGO_URL = mongo.url;
  try {
    await fn();
  } finally {
    await mongo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
