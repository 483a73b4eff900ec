import type { Context } from '@mca/core';
import { requireDocuSign } from './current-request';

const REASONS: Readonly<Record<string, string>> = {
  cancelled: 'The consent request was cancelled by the partner',
  expired: 'The consent request expired without an answer',
};
/** Envelopes DocuSign will not void again: already ended on its side (its own expiry voids). */
const ENDED = new Set(['voided', 'completed', 'declined']);

/** A cancelled or expired docusign request voids its envelope, so the representative cannot sign it any more. */
export async function voidEnvelope(ctx: Context, p: { requestId: string }): Promise<void> {
  const request = await ctx.models.consentRequests.findById(p.requestId, { status: 1, envelopeId: 1 }).lean();
  const reason = request ? REASONS[request.status] : undefined;
  if (!request?.envelopeId || !reason) return;
  const docusign = requireDocuSign(ctx);
  if (request.status === 'expired' && ENDED.has((await docusign.getEnvelope(request.envelopeId)).status)) return;
  await docusign.voidEnvelope(request.envelopeId, reason);
}
