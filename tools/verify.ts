import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCheckpointNote, verifyVault } from '@mca/core';
import { configOrExit, openStore, vaultFor, verifyingKeys } from './audit-cli';

/**
 * `npm run verify -- [--customer ID] [--checkpoint FILE] [--key VKEY]...`: checks the audit
 * chains, the evidence and the signed checkpoints (core/src/audit/verify-vault.ts) in the
 * database at MONGO_URL. Exit 0 when intact, 1 with the first divergence, 2 when it could not check.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { customer: { type: 'string' }, checkpoint: { type: 'string' }, key: { type: 'string', multiple: true } },
  });
  if (values.customer && !/^[a-f0-9]{24}$/.test(values.customer)) throw new Error(`--customer ${values.customer}: not a customer id`);
  const config = configOrExit();
  const publicKeys = verifyingKeys(config, values.key ?? []);
  if (publicKeys.length === 0) throw new Error(`no key to check signatures with: set AUDIT_SIGNING_KEY, keep ${config.AUDIT_SIGNING_KEY_FILE}, or pass --key`);
  const anchor = values.checkpoint ? parseCheckpointNote(readFileSync(values.checkpoint, 'utf8')) : undefined;
  const store = await openStore(config);
  try {
    const report = await verifyVault({ models: store.models, vault: vaultFor(config, store.models) }, { customerId: values.customer, publicKeys, anchor });
    const { chains, events, evidenceFiles, inboundEmails, checkpoints, erased } = report.counts;
    const summary = `${chains} chains, ${events} events, ${evidenceFiles} evidence files, ${inboundEmails} replies, ${checkpoints} checkpoints${
      erased ? ` (${erased} of erased customers: their bytes are gone, their hashes stay in the chains)` : ''
    }`;
    if (report.ok) {
      console.log(`intact: ${summary}`);
      return 0;
    }
    console.log(`DIVERGENCE: ${report.divergence}`);
    console.log(`checked before it: ${summary}`);
    return 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`verify could not run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
