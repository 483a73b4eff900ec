import { createVault, dataMasterKeysFor, loadConfig } from '@mca/core';
import { openStore } from './audit-cli';

/**
 * `npm run rotate-keys`: re-wraps every data key not under DATA_KEYS' first master key (the same
 * step as `npx mca keys rotate`). The personal data stays as it is: only its keys' wrapping changes.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config);
  try {
    const counts = await createVault(store.models, dataMasterKeysFor(config).keys).keys.rewrapAll(new Date());
    console.log(`${counts.rewrapped} data keys re-wrapped, ${counts.current} already under the current master key, ${counts.erased} erased`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(`rotate-keys failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
