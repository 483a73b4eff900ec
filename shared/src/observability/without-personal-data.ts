import { maskedEmail, maskedPhone } from './mask-personal-data';

export interface KnownPerson {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
}

/**
 * An error from a system we gave a person's details to (an SMTP server answering about the
 * recipient) may quote them, names included, which no pattern can recognise. Where the person
 * is known, their values are taken out of the error's text before it is thrown on (and so
 * logged, or stored as the request's last error). Mutates and returns `err`.
 *
 * Only for a remote system's own words about the person (an SMTP answer): a name is a word,
 * and our own messages are made of words too (a representative named "Consent" must not
 * blank out "has not granted consent" in DocuSign's consent-required error).
 */
export function withoutPersonalData<E>(err: E, person: KnownPerson): E {
  if (!(err instanceof Error)) return err;
  const replacements: Array<[string, string]> = [];
  if (person.email) replacements.push([person.email, maskedEmail(person.email)]);
  if (person.phone) replacements.push([person.phone, maskedPhone(person.phone)]);
  for (const name of [person.firstName, person.lastName]) if (name && name.length > 1) replacements.push([name, '[name]']);
  // Whole words only: a first name "Ann" must not turn "channel" into "ch[name]el".
  const patterns = replacements.map(([value, by]) => [new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'giu'), by] as const);
  const scrub = (text: string) => patterns.reduce((t, [pattern, by]) => t.replace(pattern, by), text);
  const fields = err as unknown as Record<string, unknown>;
  for (const key of [...Object.keys(err), 'message', 'stack']) {
    const value = fields[key];
    if (typeof value === 'string') fields[key] = scrub(value);
    else if (Array.isArray(value)) fields[key] = value.map((v) => (typeof v === 'string' ? scrub(v) : v));
  }
  return err;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
