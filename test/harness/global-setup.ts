/**
 * Jest globalSetup for the `integration` project: gives the tests a MongoDB-protocol server.
 * A TEST_MONGO_URL set by the user (a real MongoDB) wins; otherwise an embedded FerretDB is
 * started on a free port with a throwaway data dir (and PostgreSQL cluster, or database of
 * EMBEDDED_POSTGRES_URL's server). Env set here reaches the test workers.
 */
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../tools/child-process-lifetime';
import { startFerretDb, type MongoServerHandle } from '../../tools/mongo-server';

export interface HarnessState {
  mongo?: { handle: MongoServerHandle; dataDir: string };
}

/** globalSetup and globalTeardown share the jest parent process, not module state. */
export function harnessState(): HarnessState {
  const g = globalThis as typeof globalThis & { __mcaHarness?: HarnessState };
  g.__mcaHarness ??= {};
  return g.__mcaHarness;
}

export { freePort };

/** The free port can be taken between probing and binding; another port fixes that. */
async function startWithRetry(dataDir: string, log: (line: string) => void): Promise<MongoServerHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startFerretDb({ port: await freePort(), dataDir, throwaway: true, log });
    } catch (err) {
      if (attempt >= 3 || !String(err).includes('address already in use')) throw err;
    }
  }
}

export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_MONGO_URL) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mca-ferretdb-'));
    // mkdtemp's 0700 would keep out the postgres user our own PostgreSQL cluster runs as.
    await chmod(dataDir, 0o755);
    // Only build progress is worth showing; FerretDB's own warnings stay in the error tail.
    const log = (line: string): void => {
      if (!line.startsWith('ferretdb: ')) process.stderr.write(`[harness] ${line}\n`);
    };
    const handle = await startWithRetry(dataDir, log);
    harnessState().mongo = { handle, dataDir };
    process.env.TEST_MONGO_URL = handle.url;
    // Which backend the bundled server keeps its data in: its known gaps differ.
    process.env.TEST_MONGO_STORE = handle.store;
  }
}
