import type { Types } from 'mongoose';
import type { Representative, ReportedSignatory } from '../db/models/customer';
import { isSealed, type Sealed, type Vault } from './vault';

/**
 * A person as stored: sealed under the customer's data key, with the keyed hash of their email
 * for "is this the same address?" checks. Rows written before sealing still hold the plain
 * person until the migration seals them; both read through openRepresentative, the only way in.
 */
export type StoredPerson<T extends Representative | ReportedSignatory = Representative> = Sealed | T;

/** One field name for every copy of a representative (customer, request, record): a sealed value can move between them. */
const FIELD = 'representative';

export async function sealRepresentative<T extends Representative | ReportedSignatory>(
  vault: Vault,
  owner: { customerId: Types.ObjectId; partnerId?: Types.ObjectId },
  person: T | StoredPerson<T>,
): Promise<Sealed> {
  if (isSealed(person)) return person;
  return vault.sealJson(owner, FIELD, person, person.email);
}

/** The person, or undefined when none is stored or the customer's personal data was erased. */
export async function openRepresentative<T extends Representative | ReportedSignatory = Representative>(
  vault: Vault,
  customerId: Types.ObjectId,
  stored: StoredPerson<T> | undefined,
): Promise<T | undefined> {
  if (!stored) return undefined;
  if (!isSealed(stored)) return stored;
  try {
    return await vault.openJson<T>({ customerId }, FIELD, stored);
  } catch (err) {
    if ((err as { code?: string }).code === 'PERSONAL_DATA_ERASED') return undefined;
    throw err;
  }
}

/**
 * Whether `email` is the stored person's address, by its keyed hash: the check a reply's
 * sender or a DocuSign signer passes, without opening the person. Plain rows compare as text.
 */
export async function isEmailOf(vault: Vault, stored: StoredPerson<Representative | ReportedSignatory>, email: string | undefined): Promise<boolean> {
  if (!email) return false;
  if (!isSealed(stored)) return stored.email?.trim().toLowerCase() === email.trim().toLowerCase();
  return stored.emailHash !== undefined && stored.emailHash === (await vault.emailHash(email));
}
