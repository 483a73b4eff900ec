import type { Context } from '@mca/shared';
import { requireDocuSign } from './current-request';

/** A cancelled docusign request voids its envelope, so the representative cannot sign it any more. */
export async function voidEnvelope(ctx: Context, p: { requestId: string }): Promise<void> {
  const request = await ctx.models.consentRequests.findById(p.requestId, { status: 1, envelopeId: 1 }).lean();
  if (!request?.envelopeId || request.status !== 'cancelled') return;
  await requireDocuSign(ctx).voidEnvelope(request.envelopeId, 'The consent request was cancelled by the partner');
}
