import type { Config } from '../config';
import { auditSigningKeyFor, type AuditSigningKey } from './signing-key';

export interface AuditSigner {
  key: AuditSigningKey;
  /** The checkpoints' origin line and the signing key's name: the host of PUBLIC_URL + `/mca-audit`. */
  origin: string;
}

const signers = new WeakMap<Config, AuditSigner>();

/** The checkpoint signer of this configuration, read (or generated) once per process. */
export function auditSignerFor(config: Config, onGenerated?: (file: string) => void): AuditSigner {
  let signer = signers.get(config);
  if (!signer) {
    const { key, generated } = auditSigningKeyFor(config);
    if (generated) onGenerated?.(generated);
    signer = { key, origin: `${new URL(config.PUBLIC_URL).host}/mca-audit` };
    signers.set(config, signer);
  }
  return signer;
}
