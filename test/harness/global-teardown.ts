/** Jest globalTeardown for the `integration` project: stops what global-setup started. */
import { rm } from 'node:fs/promises';
import { harnessState } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const state = harnessState();
  if (state.mongo) {
    await state.mongo.handle.stop();
    await rm(state.mongo.dataDir, { recursive: true, force: true });
    state.mongo = undefined;
    // In watch mode the next run's setup must not mistake our URL for a user-provided one.
    delete process.env.TEST_MONGO_URL;
    delete process.env.TEST_MONGO_STORE;
  }
}
