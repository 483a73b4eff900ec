import { UnrecoverableError } from 'bullmq';
import { Types } from 'mongoose';
import { DocuSignError } from '@mca/integrations';
import { RateLimitedError } from '@mca/platform';
import { moveRequest, type Context, type Payload } from '@mca/core';
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
  await ctx.models.consentRequests.updateOne({ _id: p.requestId, status: 'queued', sendCount: p.sendCount }, { $set: { lastError: `${error} (retrying)` } });
}

/** A job that used its last attempt: a send fails its request; a sync hands its Connect message back. */
export async function onDocuSignJobExhausted(ctx: Context, p: Payload<'docusign'>, error: string): Promise<void> {
  if (p.op === 'send') return markSendFailed(ctx, p, error);
  if (p.op === 'sync') return reopenConnectMessage(ctx, p.connectMessageId, error);
}

async function markSendFailed(ctx: Context, p: { requestId: string }, error: string): Promise<void> {
  await moveRequest(ctx, {
    requestId: p.requestId,
    to: 'failed',
    from: ['queued'],
    detail: `DocuSign envelope could not be sent: ${error}`,
    set: { lastError: error },
  });
}

/**
 * The message was acknowledged to DocuSign, which will not send it again: if the sync it asked
 * for gives up (DocuSign down longer than the retries last, or a configuration error), the
 * event would be lost. Back to `received`, the sweeper processes it again, until it sticks.
 */
async function reopenConnectMessage(ctx: Context, connectMessageId: string, error: string): Promise<void> {
  if (!Types.ObjectId.isValid(connectMessageId)) return;
  await ctx.models.connectMessages.updateOne(
    { _id: connectMessageId, status: 'processed', outcome: 'synced' },
    { $set: { status: 'received', detail: `reading the envelope failed, retried by the sweeper: ${error}` }, $unset: { outcome: 1, processedAt: 1 } },
  );
}
