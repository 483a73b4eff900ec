/**
 * What Partner Center says about a tenant may name people the partner never heard of (a
 * confirmation another reseller made, its contact's email and phone). Kept for the partner, as
 * evidence it can download or as who accepted, is only what it already had: names stay (who
 * accepted is the point of the record), an email or phone number stays only where it is one the
 * partner supplied itself.
 */
export interface SuppliedContact {
  email?: string;
  phone?: string;
}

const EMAIL_KEY = /e-?mail/i;
const PHONE_KEY = /phone/i;

const normalEmail = (v: string) => v.trim().toLowerCase();
const normalPhone = (v: string) => v.replace(/[^0-9+]/g, '').replace(/^00/, '+');

function supplier(supplied: readonly SuppliedContact[]) {
  const emails = new Set(supplied.flatMap((c) => (c.email ? [normalEmail(c.email)] : [])));
  const phones = new Set(supplied.flatMap((c) => (c.phone ? [normalPhone(c.phone)] : [])));
  return {
    hasEmail: (v: string) => emails.has(normalEmail(v)),
    hasPhone: (v: string) => phones.has(normalPhone(v)),
  };
}

/** A copy of Partner Center's JSON with every email and phone field the partner did not supply left out, at any depth. */
export function withoutUnsuppliedContactData(value: unknown, supplied: readonly SuppliedContact[]): unknown {
  const known = supplier(supplied);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(v)) {
      if (EMAIL_KEY.test(key) && !(typeof inner === 'string' && known.hasEmail(inner))) continue;
      if (PHONE_KEY.test(key) && !(typeof inner === 'string' && known.hasPhone(inner))) continue;
      out[key] = walk(inner);
    }
    return out;
  };
  return walk(value);
}

/** The person as the partner may see them: the name, and the email and phone only where the partner supplied them. */
export function asSuppliedAllows<T extends { firstName: string; lastName: string; email?: string; phone?: string }>(
  person: T,
  supplied: readonly SuppliedContact[],
): { firstName: string; lastName: string; email?: string; phone?: string } {
  const known = supplier(supplied);
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    ...(person.email && known.hasEmail(person.email) ? { email: person.email } : {}),
    ...(person.phone && known.hasPhone(person.phone) ? { phone: person.phone } : {}),
  };
}
