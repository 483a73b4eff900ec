import { UnrecoverableError } from 'bullmq';
import { DocuSignError, RateLimitedError, transitionRequest, type Context, type Payload } from '@mca/shared';
import { sendEnvelope } from './send-envelope';
import { syncEnvelope } from './sync-envelope';
import { voidEnvelope } from './void-envelope';

/**
 * The one queue that talks to DocuSign. DocuSign's errors become the queue's vocabulary:
 * a rate limit pauses the queue, a permanent error (no consent, bad credentials, bad
 * request) stops retrying, everything else is retried with backoff.
 */
export async function runDocuSignJob(ctx: Context, p: Payload<'docusign'>): Promise<void> {
  try {
    if (p.op === 'send') return await sendEnvelope(ctx, p);
    if (p.op === 'void') return await voidEnvelope(ctx, p);
    return await syncEnvelope(ctx, p);
  } catch (err) {
    if (!(err instanceof DocuSignError)) throw err;
    if (err.kind === 'rate-limited') throw new RateLimitedError(err.message, err.retryAfterMs ?? 30_000);
    if (err.kind === 'consent-required') ctx.logger.error({ err: err.message }, 'DocuSign configuration error');
    if (err.permanent) throw new UnrecoverableError(err.message);
    throw err;
  }
}

/** While a send is retried, and once it gave up, the request shows why. */
export async function noteDocuSignError(ctx: Context, p: Payload<'docusign'>, error: string): Promise<void> {
  if (p.op !== 'send') return;
  await ctx.models.consentRequests.updateOne(
    { _id: p.requestId, status: 'queued', sendCount: p.sendCount },
    { $set: { lastError: `${error} (retrying)` } },
  );
}

export async function markDocuSignSendFailed(ctx: Context, p: Payload<'docusign'>, error: string): Promise<void> {
  if (p.op !== 'send') return;
  await transitionRequest(ctx, {
    requestId: p.requestId,
    to: 'failed',
    from: ['queued'],
    detail: `DocuSign envelope could not be sent: ${error}`,
    set: { lastError: error },
  });
}
