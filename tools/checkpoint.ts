import { auditSignerFor, exportCheckpointNote, makeCheckpoint, verifierKey } from '@mca/core';
import { configOrExit, openStore } from './audit-cli';

/**
 * `npm run checkpoint`: signs a checkpoint now (when a chain moved since the latest) and prints
 * the latest as a C2SP signed note on stdout, to keep elsewhere; the verifier key goes to stderr.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const signer = auditSignerFor(config, (file) => console.error(`AUDIT_SIGNING_KEY is not set: generated the signing key in ${file}`));
  const store = await openStore(config);
  try {
    const { checkpoint } = await makeCheckpoint({ models: store.models, now: () => new Date() }, signer);
    process.stdout.write(exportCheckpointNote(checkpoint));
    console.error(`verifier key: ${verifierKey(signer.origin, signer.key.publicRaw)}`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(`checkpoint could not be made: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
