import { existsSync, readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { bindModels, createVault, dataMasterKeysFor, loadConfig, signingKeyFrom, type Config, type Models, type Vault } from '@mca/core';

/** What tools/verify.ts and tools/checkpoint.ts share: the config, a read connection, the public keys. */
export async function openStore(config: Config): Promise<{ models: Models; close(): Promise<void> }> {
  // No connectDb: it would migrate and build indexes, and a verifier writes nothing.
  const conn = mongoose.createConnection(config.MONGO_URL, { serverSelectionTimeoutMS: 10_000, autoIndex: false });
  await conn.asPromise();
  return { models: bindModels(conn), close: () => conn.close() };
}

/** The vault that opens the evidence for checking: a verifier that made up a master key would open nothing, so only a configured or kept one. */
export function vaultFor(config: Config, models: Models): Vault {
  if (!config.DATA_KEYS && !existsSync(config.DATA_KEYS_FILE)) {
    throw new Error(`no master key to open the evidence with: set DATA_KEYS or keep ${config.DATA_KEYS_FILE}`);
  }
  return createVault(models, dataMasterKeysFor(config).keys);
}

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}

/**
 * The public keys whose checkpoint signatures count: the configured signing key (never
 * generated here: a verifier that made up a key would accept nothing, silently) and every
 * `--key <C2SP verifier key>` given.
 */
export function verifyingKeys(config: Config, given: string[]): Buffer[] {
  const keys: Buffer[] = [];
  if (config.AUDIT_SIGNING_KEY) keys.push(signingKeyFrom(config.AUDIT_SIGNING_KEY, 'AUDIT_SIGNING_KEY').publicRaw);
  else if (existsSync(config.AUDIT_SIGNING_KEY_FILE))
    keys.push(signingKeyFrom(readFileSync(config.AUDIT_SIGNING_KEY_FILE, 'utf8'), config.AUDIT_SIGNING_KEY_FILE).publicRaw);
  for (const vkey of given) {
    const b64 = vkey.split('+').slice(2).join('+'); // base64 may hold '+' itself
    const raw = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (raw.length !== 33 || raw[0] !== 1) throw new Error(`--key ${vkey}: not a C2SP Ed25519 verifier key (name+hash+base64 of 0x01 || key)`);
    keys.push(raw.subarray(1));
  }
  return keys;
}
