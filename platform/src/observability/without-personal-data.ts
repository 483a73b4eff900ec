import { maskedEmail, maskedPhone } from './mask-personal-data';

export interface KnownPerson {
  /** Display name or its parts; each word counts on its own too. */
  names?: string[];
  email?: string;
  phone?: string;
}

/**
 * A remote system's answer about a person we gave it (an SMTP server on the recipient) may
 * quote their details, names included, which no pattern can recognise. Their known values are
 * taken out of that text: the address and phone masked as in the log, names as "[name]".
 *
 * Only for the remote system's own words: a name is a word, and our own messages are made of
 * words too (a representative named "Consent" must not blank out "has not granted consent").
 */
export function scrubKnownPerson(text: string, person: KnownPerson): string {
  const names = (person.names ?? []).flatMap((n) => [n, ...n.split(/\s+/)]).filter((n) => n.length > 1);
  const replacements: Array<[string, string]> = [
    ...(person.email ? [[person.email, maskedEmail(person.email)] as [string, string]] : []),
    ...(person.phone ? [[person.phone, maskedPhone(person.phone)] as [string, string]] : []),
    // Longest first: the full name goes as one, before its parts.
    ...[...new Set(names)].sort((x, y) => y.length - x.length).map((n) => [n, '[name]'] as [string, string]),
  ];
  // Whole words only: a first name "Ann" must not turn "channel" into "ch[name]el".
  return replacements.reduce((t, [value, by]) => t.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'giu'), by), text);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
