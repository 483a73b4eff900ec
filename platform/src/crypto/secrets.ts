import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API keys are 256-bit random: a plain SHA-256 is a safe, fast at-rest hash for them. */
export function newApiKey(): string {
  return `mca_${randomBytes(32).toString('base64url')}`;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The token in reply+<token>@REPLY_DOMAIN: unguessable, lowercase-safe (mail systems fold case). */
export function newReplyToken(): string {
  return randomBytes(20).toString('hex');
}

/** One-shot `hash` (Node >= 20.12): a third of createHash's cost, and every API call hashes its key. */
export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
