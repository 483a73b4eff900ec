import type { Context } from '../context';
import { sha256Hex } from '@mca/platform';
import type { AgreementRef, ConsentRecord, ConsentRequest, Customer, Representative } from '../db';
import type { MicrosoftAcceptanceVia } from '../domain';
import type { AgreementContact, McaAcceptance } from '@mca/integrations';
import { asSuppliedAllows, withoutUnsuppliedContactData, type SuppliedContact } from './minimize-contact-data';
import { recordConsent } from './record-consent';
import { moveRequest } from './move-request';

export interface MicrosoftAcceptance {
  via: MicrosoftAcceptanceVia;
  checkedAt: Date;
  /** Partner Center's answers as received: they are the evidence. */
  partnerCenter: Record<string, unknown>;
  attestationId?: string;
  /** When Microsoft says it was accepted; absent for a direct acceptance (Partner Center gives no date). */
  dateAgreed?: Date;
  /** The person Microsoft names (a partner confirmation's contact, the created agreement's signatory), when it names one. */
  representative?: Representative;
  /** The template of the partner confirmation Microsoft holds, when it names one. */
  templateId?: string;
}

const VIA_TEXT: Record<MicrosoftAcceptanceVia, string> = {
  direct: 'the customer accepted in the Microsoft 365 admin center',
  'partner-attestation': 'Partner Center holds a partner confirmation',
  'enhanced-attestation': "the customer accepted on Microsoft's acceptance page",
};

export const describeMicrosoftAcceptance = (via: MicrosoftAcceptanceVia) => VIA_TEXT[via];

/**
 * Records Microsoft-side acceptance as the customer's `microsoft` consent (evidence: Partner
 * Center's answers and their hash) and, when a request asked for it, ends that request
 * accepted. Idempotent like recordConsent: a repeat finds the record and changes nothing.
 * Who accepted is who Microsoft names, or nobody: never the representative the partner typed
 * in, which only decides which emails and phone numbers the partner may see (it supplied them).
 * The caller has confirmed the partner is the customer's reseller (partnerCenterAccess).
 */
export async function recordMicrosoftAcceptance(
  ctx: Pick<Context, 'models' | 'queues' | 'now' | 'config' | 'orderingFeed' | 'logger' | 'vault'>,
  input: { customer: Customer; request?: ConsentRequest; suppliedRepresentative?: Representative; agreement?: AgreementRef; acceptance: MicrosoftAcceptance },
): Promise<{ record: ConsentRecord; created: boolean }> {
  const { customer, request, acceptance } = input;
  const supplied: SuppliedContact[] = [input.suppliedRepresentative, request?.representative, customer.mca.representative].filter((c) => c !== undefined);
  const signatory = acceptance.representative ? asSuppliedAllows(acceptance.representative, supplied) : 'not reported';
  const partnerCenter = withoutUnsuppliedContactData(acceptance.partnerCenter, supplied) as Record<string, unknown>;
  // The request's when one presented it; else the catalogue's the caller looked up.
  const agreement = request?.agreement ?? input.agreement;
  const result = await recordConsent(ctx, {
    partnerId: customer.partnerId,
    customerId: customer._id,
    tenantId: customer.tenantId,
    ...(request ? { requestId: request._id } : {}),
    method: 'microsoft',
    ...(acceptance.representative ? { representative: acceptance.representative } : {}),
    dateAgreed: acceptance.dateAgreed ?? acceptance.checkedAt,
    ...(agreement ? { agreement } : {}),
    evidence: {
      kind: 'microsoft',
      via: acceptance.via,
      checkedAt: acceptance.checkedAt,
      partnerCenter,
      ...(acceptance.attestationId ? { attestationId: acceptance.attestationId } : {}),
      signatory,
      sha256: sha256Hex(JSON.stringify(partnerCenter)),
    },
    via: 'partner-center',
  });
  if (request) {
    await moveRequest(ctx, {
      requestId: request._id,
      to: 'accepted',
      detail: `Microsoft-side acceptance confirmed: ${VIA_TEXT[acceptance.via]}`,
      unset: ['lastError'],
    });
  }
  return result;
}

/** Partner Center's "has this tenant accepted?" answer, as the acceptance to record (when it says yes). */
export function acceptanceFromCheck(check: McaAcceptance): MicrosoftAcceptance | null {
  if (!check.accepted || !check.via) return null;
  const checkedAt = new Date(check.evidence.checkedAt);
  const partnerCenter = { agreements: check.evidence.agreements, directSignedStatus: check.evidence.directSignedStatus };
  if (check.via === 'direct') return { via: 'direct', checkedAt, partnerCenter };
  const latest = [...check.agreements].sort((a, b) => b.dateAgreed.getTime() - a.dateAgreed.getTime())[0];
  const contact = latest?.primaryContact;
  return {
    via: 'partner-attestation',
    checkedAt,
    partnerCenter,
    ...(latest ? { dateAgreed: latest.dateAgreed, templateId: latest.templateId } : {}),
    ...(contact ? { representative: personOf(contact) } : {}),
  };
}

/** A Partner Center agreement's primaryContact as the person who accepted. */
export function personOf(contact: AgreementContact): Representative {
  return { firstName: contact.firstName, lastName: contact.lastName, email: contact.email, ...(contact.phoneNumber ? { phone: contact.phoneNumber } : {}) };
}
