import { configuredOrLocalKeys, type SecretKey } from '@mca/platform';
import type { Config } from '../config';

/**
 * The master keys of the vault: DATA_KEYS when configured, else one generated once into
 * DATA_KEYS_FILE (as SECRETS_KEY does; production configures DATA_KEYS, docker-compose requires it).
 */
export function dataMasterKeysFor(config: Pick<Config, 'DATA_KEYS' | 'DATA_KEYS_FILE'>): { keys: SecretKey[]; generated?: string } {
  return configuredOrLocalKeys(config.DATA_KEYS, config.DATA_KEYS_FILE, 'DATA_KEYS');
}
