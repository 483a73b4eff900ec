import {
  FINAL_STATUSES,
  notifyPartnerAboutRequest,
  recordConsent,
  evidenceIdFor,
  storeEvidence,
  moveRequest,
  isEmailOf,
  openRequest,
  type StoredConsentRequest,
  type RequestFacts,
  type Context,
  type EvidenceFileRef,
} from '@mca/core';
import { failpoint } from '@mca/platform';
import type { DocuSignClient, EnvelopeState } from '@mca/integrations';
import { applyEnvelopeState } from './apply-envelope-state';
import { requireDocuSign } from './current-request';

/**
 * Reads the envelope from DocuSign and applies it: used when a Connect message carries no
 * envelope summary, and always on completion, whose evidence (the signed PDF and the
 * certificate of completion) must be fetched, hashed and kept before consent is recorded.
 */
export async function syncEnvelope(ctx: Context, p: { requestId: string }): Promise<void> {
  const request = await ctx.models.consentRequests.findById(p.requestId).lean();
  if (!request?.envelopeId || FINAL_STATUSES.includes(request.status)) return;
  const docusign = requireDocuSign(ctx);
  const envelope = await docusign.getEnvelope(request.envelopeId);
  const effect = await applyEnvelopeState(ctx, request, envelope);
  if (effect === 'needs-documents') await recordDocuSignConsent(ctx, docusign, request, envelope);
}

async function recordDocuSignConsent(ctx: Context, docusign: DocuSignClient, stored: StoredConsentRequest, envelope: EnvelopeState) {
  const signer = envelope.signers.find((s) => s.status === 'completed') ?? envelope.signers[0];
  if (!signer || !(await isEmailOf(ctx.vault, stored.representative, signer.email))) {
    const detail = `the envelope was signed by ${signer ? 'someone else' : 'nobody'}, not the representative`;
    const request = stored;
    if (await moveRequest(ctx, { requestId: request._id, to: 'needs-review', detail })) {
      await notifyPartnerAboutRequest(ctx, request, 'consent.needs_review', `signer:${envelope.envelopeId}`, detail);
    }
    return;
  }
  const request = await openRequest(ctx.vault, stored);
  const customer = await ctx.models.customers.findById(request.customerId, { tenantId: 1 }).lean();
  if (!customer) return;

  const signedDocument = await keepDocument(ctx, docusign, request, envelope.envelopeId, 'combined');
  const certificate = await keepDocument(ctx, docusign, request, envelope.envelopeId, 'certificate');
  const signedAt = signer.signedAt ?? envelope.completedAt ?? ctx.now();
  await recordConsent(ctx, {
    partnerId: request.partnerId,
    customerId: request.customerId,
    tenantId: customer.tenantId,
    requestId: request._id,
    method: 'docusign',
    representative: request.representative,
    dateAgreed: signedAt,
    agreement: request.agreement,
    evidence: {
      kind: 'docusign',
      envelopeId: envelope.envelopeId,
      signer: { name: signer.name, email: signer.email, recipientId: signer.recipientId, signedAt },
      signedDocument,
      certificate,
    },
    via: 'signature',
  });
  failpoint('after-docusign-consent');
  await moveRequest(ctx, { requestId: request._id, to: 'accepted', detail: 'signed in DocuSign by the representative' });
}

/**
 * Fetches one document once: a retried job finds the copy it stored before, and syncs racing
 * on the same envelope (recipient-completed and envelope-completed arrive together) keep one
 * copy, because the evidence id follows from the key and _id is unique on MongoDB and FerretDB
 * alike (a unique index on the optional `key` would need a partial index, which FerretDB lacks).
 */
async function keepDocument(
  ctx: Context,
  docusign: DocuSignClient,
  request: RequestFacts,
  envelopeId: string,
  which: 'combined' | 'certificate',
): Promise<EvidenceFileRef> {
  const key = `docusign:${envelopeId}:${which}`;
  const stored = await ctx.models.evidenceFiles.findById(evidenceIdFor(key), { sha256: 1, size: 1 }).lean();
  if (stored) return { evidenceFileId: stored._id, sha256: stored.sha256, size: stored.size };
  return storeEvidence(ctx, {
    partnerId: request.partnerId,
    customerId: request.customerId,
    key,
    fileName: which === 'combined' ? `${envelopeId}-signed.pdf` : `${envelopeId}-certificate-of-completion.pdf`,
    contentType: 'application/pdf',
    data: await docusign.getDocument(envelopeId, which),
  });
}
