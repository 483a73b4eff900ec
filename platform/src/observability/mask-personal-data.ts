import { createHash } from 'node:crypto';

/**
 * Email addresses and international phone numbers in free text (messages, error messages and
 * stacks from SMTP servers, details that quote a sender) become a short hash: lines about the
 * same person still group together (an operator can hash an address to find them), but the
 * address itself is not in the log. The domain stays: which provider bounced is operations data.
 *
 * Runs on the serialized JSON line, so it must never break an escape sequence: a match never
 * starts right after an escaping backslash, and the replacements hold no JSON-special characters.
 */
const EMAIL = /(?<!(?:^|[^\\])(?:\\\\)*\\)[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+@((?:[\p{L}\p{N}-]+\.)+\p{L}{2,})/gu;
// Not glued to a word (an id), unless that letter ends an escape: "\n+47 ..." is a line that starts with a number.
const PHONE = /(?<!(?<!\\)[\w+])\+\d[\d ().-]{6,18}\d(?!\d)/g;

const shortHash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 8);

export const maskedEmail = (address: string) => {
  const at = address.lastIndexOf('@');
  return `email#${shortHash(address.toLowerCase())}${address.slice(at).toLowerCase()}`;
};
export const maskedPhone = (phone: string) => `phone#${shortHash(phone.replace(/\D/g, ''))}`;

export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, (address) => maskedEmail(address)).replace(PHONE, (phone) => maskedPhone(phone));
}
