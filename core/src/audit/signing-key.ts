import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { keyFileText } from '@mca/platform';

/** The DER prefix of an Ed25519 PKCS#8 private key (RFC 8410); the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The 32 raw bytes of the public key. */
  publicRaw: Buffer;
}

export function signingKeyFrom(text: string, source: string): AuditSigningKey {
  const trimmed = text.trim();
  let privateKey: KeyObject;
  if (trimmed.startsWith('-----BEGIN')) {
    privateKey = createPrivateKey(trimmed.replace(/\\n/g, '\n'));
  } else {
    const seed = Buffer.from(trimmed, 'base64');
    if (seed.length !== 32) throw new Error(`${source} is neither a PKCS#8 PEM nor the base64 of a 32-byte Ed25519 seed`);
    privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${source} is not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicRaw: rawPublicKey(publicKey) };
}

export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** C2SP signed-note key hash for Ed25519: SHA-256(name || 0x0A || 0x01 || public key), first 4 bytes. */
export function noteKeyHash(name: string, publicRaw: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([1]), publicRaw]))
    .digest()
    .subarray(0, 4);
}

/** The C2SP verifier key text `<name>+<hex key hash>+<base64(0x01 || public key)>`: what a third party pins. */
export function verifierKey(name: string, publicRaw: Buffer): string {
  return `${name}+${noteKeyHash(name, publicRaw).toString('hex')}+${Buffer.concat([Buffer.from([1]), publicRaw]).toString('base64')}`;
}

/**
 * AUDIT_SIGNING_KEY, or the key generated on first use into AUDIT_SIGNING_KEY_FILE (mode 0600,
 * written aside and linked into place, as for SECRETS_KEY_FILE, so processes starting at once agree).
 */
export function auditSigningKeyFor(config: { AUDIT_SIGNING_KEY?: string; AUDIT_SIGNING_KEY_FILE: string }): { key: AuditSigningKey; generated?: string } {
  if (config.AUDIT_SIGNING_KEY) return { key: signingKeyFrom(config.AUDIT_SIGNING_KEY, 'AUDIT_SIGNING_KEY') };
  const file = config.AUDIT_SIGNING_KEY_FILE;
  const { text, generated } = keyFileText(file);
  return { key: signingKeyFrom(text, file), generated };
}
