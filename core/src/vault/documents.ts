import type { Types } from 'mongoose';
import type { Customer, ReportedSignatory, Representative, StoredCustomer } from '../db/models/customer';
import type { ConsentRequest, StoredConsentRequest } from '../db/models/consent-request';
import type { ConsentEvidence, ConsentRecord, StoredConsentRecord, StoredEvidence } from '../db/models/consent-record';
import { openRepresentative, sealRepresentative } from './representative';
import { isSealed, type Vault } from './vault';

/**
 * Stored documents <-> what the code works with: the one place that knows which fields of a
 * customer, a request and a consent record are sealed. Everything read from those collections
 * passes an open* function; everything written with people in it passes a seal* function.
 */
const SENT_TEXT = 'sentText';
const REPLY_TEXT = 'replyText';
/** The verdict with its reason; on review, the partner's note, which may name people. */
const CLASSIFICATION = 'classification';
const SIGNER = 'signer';
const PARTNER_CENTER = 'partnerCenter';

export async function openCustomer(vault: Vault, c: StoredCustomer): Promise<Customer> {
  if (c.personalDataErasedAt) return { ...c, representative: undefined, mca: { ...c.mca, representative: undefined } };
  const [representative, consented] = await Promise.all([
    openRepresentative(vault, c._id, c.representative),
    openRepresentative<Representative | ReportedSignatory>(vault, c._id, c.mca.representative),
  ]);
  return { ...c, representative, mca: { ...c.mca, representative: consented } };
}

/** Side by side: a page of customers each has its own key to read (one round trip each), so these overlap rather than queue. */
const OPEN_SIDE_BY_SIDE = 25;

/** A page of customers opened, in order. */
export async function openCustomers(vault: Vault, rows: readonly StoredCustomer[]): Promise<Customer[]> {
  const out: Customer[] = [];
  for (let i = 0; i < rows.length; i += OPEN_SIDE_BY_SIDE)
    out.push(...(await Promise.all(rows.slice(i, i + OPEN_SIDE_BY_SIDE).map((c) => openCustomer(vault, c)))));
  return out;
}

/** An erased customer's request keeps its facts; its person is empty (nothing sends to it: erasure ends it). */
export const ERASED_PERSON: Representative = { firstName: '', lastName: '', email: '' };

export async function openRequest(vault: Vault, r: StoredConsentRequest): Promise<ConsentRequest> {
  const representative = (await openRepresentative(vault, r.customerId, r.representative)) ?? ERASED_PERSON;
  const sentText = r.sentText === undefined ? undefined : await openTextOrEmpty(vault, r.customerId, SENT_TEXT, r.sentText);
  return { ...r, representative, ...(sentText === undefined ? {} : { sentText }) };
}

export async function openRecord(vault: Vault, r: StoredConsentRecord): Promise<ConsentRecord> {
  const representative = await openRepresentative(vault, r.customerId, r.representative);
  return { ...r, representative, evidence: await openEvidence(vault, r.customerId, r.evidence) };
}

export const sealRequestRepresentative = (vault: Vault, owner: { customerId: Types.ObjectId; partnerId: Types.ObjectId }, person: Representative) =>
  sealRepresentative(vault, owner, person);

export const sealSentText = (vault: Vault, customerId: Types.ObjectId, text: string) => vault.sealText({ customerId }, SENT_TEXT, text);

export async function sealEvidence(
  vault: Vault,
  owner: { customerId: Types.ObjectId; partnerId: Types.ObjectId },
  e: ConsentEvidence,
): Promise<StoredEvidence> {
  switch (e.kind) {
    case 'email':
      return {
        ...e,
        replyText: await vault.sealText(owner, REPLY_TEXT, e.replyText),
        classification: await vault.sealText(owner, CLASSIFICATION, e.classification),
      };
    case 'attestation':
      return e;
    case 'docusign': {
      const { name, email, ...rest } = e.signer;
      return { ...e, signer: { ...rest, ...(await vault.sealJson(owner, SIGNER, { name, email }, email)) } };
    }
    case 'microsoft':
      return {
        ...e,
        partnerCenter: await vault.sealJson(owner, PARTNER_CENTER, e.partnerCenter),
        ...(e.signatory && e.signatory !== 'not reported' ? { signatory: await sealRepresentative(vault, owner, e.signatory) } : {}),
      };
  }
}

async function openEvidence(vault: Vault, customerId: Types.ObjectId, e: StoredEvidence): Promise<ConsentEvidence> {
  switch (e.kind) {
    case 'email':
      return {
        ...e,
        replyText: await openTextOrEmpty(vault, customerId, REPLY_TEXT, e.replyText),
        classification: await openTextOrEmpty(vault, customerId, CLASSIFICATION, e.classification),
      };
    case 'attestation':
      return e;
    case 'docusign': {
      if (!isSealed(e.signer)) return { ...e, signer: e.signer };
      const { sealed: _s, emailHash: _h, ...rest } = e.signer;
      const person = await openJsonOr(vault, customerId, SIGNER, e.signer, { name: '', email: '' });
      return { ...e, signer: { ...rest, ...person } };
    }
    case 'microsoft': {
      const { signatory: storedSignatory, ...facts } = e;
      const partnerCenter = isSealed(e.partnerCenter) ? await openJsonOr(vault, customerId, PARTNER_CENTER, e.partnerCenter, {}) : e.partnerCenter;
      const signatory =
        storedSignatory === undefined || storedSignatory === 'not reported'
          ? storedSignatory
          : ((await openRepresentative<ReportedSignatory>(vault, customerId, storedSignatory)) ?? 'not reported');
      return { ...facts, partnerCenter, ...(signatory === undefined ? {} : { signatory }) };
    }
  }
}

const erased = (err: unknown) => (err as { code?: string }).code === 'PERSONAL_DATA_ERASED';

async function openTextOrEmpty(vault: Vault, customerId: Types.ObjectId, field: string, stored: string): Promise<string> {
  try {
    return await vault.openText({ customerId }, field, stored);
  } catch (err) {
    if (erased(err)) return '';
    throw err;
  }
}

async function openJsonOr<T>(vault: Vault, customerId: Types.ObjectId, field: string, stored: Parameters<Vault['openJson']>[2], fallback: T): Promise<T> {
  try {
    return await vault.openJson<T>({ customerId }, field, stored);
  } catch (err) {
    if (erased(err)) return fallback;
    throw err;
  }
}
