import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_HEADER = /^x-docusign-signature-\d+$/i;

/**
 * Connect HMAC: base64(HMAC-SHA256(key, exact raw body)), one X-DocuSign-Signature-N header per
 * active key on DocuSign's side. Any configured key matching any header is enough, which is what
 * lets keys rotate (both active for a while). Compared in constant time; lengths first, since
 * timingSafeEqual throws on a length mismatch.
 */
export function verifyConnectSignature(
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
  keys: readonly string[],
): boolean {
  const signatures = Object.entries(headers)
    .filter(([name]) => SIGNATURE_HEADER.test(name))
    .flatMap(([, value]) => (Array.isArray(value) ? value : value === undefined ? [] : [value]))
    .map((value) => Buffer.from(value.trim(), 'utf8'));
  if (signatures.length === 0) return false;

  let matched = false;
  for (const key of keys) {
    if (key.length === 0) continue;
    const expected = Buffer.from(createHmac('sha256', key).update(rawBody).digest('base64'), 'utf8');
    for (const signature of signatures) {
      // No early exit: the work done does not depend on which key or header matched.
      if (signature.length === expected.length && timingSafeEqual(signature, expected)) matched = true;
    }
  }
  return matched;
}
