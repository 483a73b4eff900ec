import { randomBytes } from 'node:crypto';

// 128 random bits: a thread header (In-Reply-To, References, a bounce's returned message) that
// names one proves the sender saw our email, as the reply+<token> address does.
const CONSENT_MESSAGE_ID = /^consent-[0-9a-f]{32}@[^@\s]+$/;

/** A new Message-ID (without angle brackets) for one send of a consent email. */
export function newConsentMessageId(domain: string): string {
  return `consent-${randomBytes(16).toString('hex')}@${domain}`;
}

/**
 * Whether an id has the form of ours. Earlier versions sent `consent-<request id>-<n>@…`,
 * which anyone can enumerate: those are not trusted for correlation any more.
 */
export function isConsentMessageId(id: string): boolean {
  return CONSENT_MESSAGE_ID.test(id.toLowerCase());
}
