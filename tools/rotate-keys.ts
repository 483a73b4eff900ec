import { createVault, dataMasterKeysFor, loadConfig, sealPlainRows } from '@mca/core';
import { openStore } from './audit-cli';

/**
 * `npm run rotate-keys`: re-wraps every data key not under DATA_KEYS' first master key (the same
 * step as `npx mca keys rotate`). The personal data stays as it is: only its keys' wrapping changes.
 * Rows from before the vault (plain people) are sealed on the way.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config);
  try {
    const vault = createVault(store.models, dataMasterKeysFor(config).keys);
    const counts = await vault.keys.rewrapAll(new Date());
    const sealed = await sealPlainRows({ models: store.models, vault });
    console.log(`${counts.rewrapped} data keys re-wrapped, ${counts.current} already under the current master key, ${counts.erased} erased`);
    console.log(`sealed rows from before the vault: ${sealed.customers} customers, ${sealed.requests} requests`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(`rotate-keys failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
