import { createHmac, timingSafeEqual, type Hmac } from 'node:crypto';

const SIGNATURE_HEADER = /^x-docusign-signature-\d+$/i;

/** The HMAC of a Connect body computed as its bytes arrive, checked once it is complete. */
export interface ConnectSignatureCheck {
  update(chunk: Buffer): void;
  matches(): boolean;
}

/**
 * Connect HMAC: base64(HMAC-SHA256(key, exact raw body)), one X-DocuSign-Signature-N header per
 * active key on DocuSign's side. Any configured key matching any header is enough, which is what
 * lets keys rotate (both active for a while). Null when there is nothing to check against (no
 * signature header, no usable key): the caller refuses before reading a byte of the body.
 */
export function connectSignatureCheck(headers: Record<string, string | string[] | undefined>, keys: readonly string[]): ConnectSignatureCheck | null {
  const signatures = Object.entries(headers)
    .filter(([name]) => SIGNATURE_HEADER.test(name))
    .flatMap(([, value]) => (Array.isArray(value) ? value : value === undefined ? [] : [value]))
    .map((value) => Buffer.from(value.trim(), 'utf8'));
  const hmacs: Hmac[] = keys.filter((key) => key.length > 0).map((key) => createHmac('sha256', key));
  if (signatures.length === 0 || hmacs.length === 0) return null;
  return {
    update(chunk) {
      for (const hmac of hmacs) hmac.update(chunk);
    },
    matches() {
      let matched = false;
      for (const hmac of hmacs) {
        const expected = Buffer.from(hmac.digest('base64'), 'utf8');
        // No early exit: the work done does not depend on which key or header matched.
        // Lengths first, since timingSafeEqual throws on a length mismatch.
        for (const signature of signatures) {
          if (signature.length === expected.length && timingSafeEqual(signature, expected)) matched = true;
        }
      }
      return matched;
    },
  };
}

/** The same check over a body already in memory. */
export function verifyConnectSignature(rawBody: Buffer, headers: Record<string, string | string[] | undefined>, keys: readonly string[]): boolean {
  const check = connectSignatureCheck(headers, keys);
  if (!check) return false;
  check.update(rawBody);
  return check.matches();
}
