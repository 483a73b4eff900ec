import { UnrecoverableError } from 'bullmq';
import { ConnectMessageError, parseConnectMessage } from '@mca/integrations';
import { openRaw, sealRawFor, type ConnectMessage, type ConnectOutcome, type Context, type Payload } from '@mca/core';
import { metrics } from '@mca/platform';
import { applyEnvelopeState } from '../docusign/apply-envelope-state';

/** A Connect message may overtake the job that stores its envelope id; wait this long for it. */
const UNKNOWN_ENVELOPE_GRACE_MS = 2 * 60_000;

/**
 * Applies one stored Connect message. With an envelope summary, the state it carries is
 * applied here; without one (or on completion, which needs the signed documents) a sync job
 * reads the envelope through the API, on the rate-limited DocuSign queue. Out-of-order and
 * repeated messages are harmless: every transition is a compare-and-set.
 */
export async function processConnectMessage(ctx: Context, p: Payload<'inbound-docusign'>): Promise<void> {
  const msg = await ctx.models.connectMessages.findById(p.connectMessageId).lean();
  if (!msg) throw new UnrecoverableError(`Connect message ${p.connectMessageId} does not exist`);
  if (msg.status === 'processed') return;

  let event;
  try {
    event = parseConnectMessage(await openRaw(ctx.vault, 'connect-message', msg), msg.contentType);
  } catch (err) {
    if (err instanceof ConnectMessageError) return finish(ctx, msg, 'ignored', err.message);
    throw err;
  }
  const request = await ctx.models.consentRequests.findOne({ envelopeId: event.envelopeId }).lean();
  if (!request) {
    if (ctx.now().getTime() - msg.receivedAt.getTime() < UNKNOWN_ENVELOPE_GRACE_MS) {
      throw new Error(`no request has envelope ${event.envelopeId} yet`);
    }
    return finish(ctx, msg, 'unknown-envelope', `no consent request has envelope ${event.envelopeId}`);
  }
  await sealRawFor(ctx.vault, 'connect-message', ctx.models.connectMessages, msg, { customerId: request.customerId, partnerId: request.partnerId });

  // ensure, not add: a message reopened after its sync gave up must revive that failed job.
  const sync = () => ctx.queues.ensure('docusign', { op: 'sync', requestId: request._id.toString(), connectMessageId: msg._id.toString() });
  if (event.event === 'recipient-autoresponded') {
    await applyEnvelopeState(ctx, request, event.envelope ?? { envelopeId: event.envelopeId, status: 'sent', signers: [] }, event.event);
    return finish(ctx, msg, 'applied', event.event);
  }
  if (!event.envelope) {
    await sync();
    return finish(ctx, msg, 'synced', `${event.event} without envelope summary: envelope read through the API`);
  }
  const effect = await applyEnvelopeState(ctx, request, event.envelope, event.event);
  if (effect === 'needs-documents') {
    await sync();
    return finish(ctx, msg, 'synced', 'completed: fetching the signed documents');
  }
  return finish(ctx, msg, 'applied', `${event.event}: ${effect}`);
}

async function finish(ctx: Context, msg: ConnectMessage, outcome: ConnectOutcome, detail: string): Promise<void> {
  const res = await ctx.models.connectMessages.updateOne(
    { _id: msg._id, status: 'received' },
    { $set: { status: 'processed', outcome, detail, processedAt: ctx.now() } },
  );
  if (res.modifiedCount === 1) {
    metrics.connectMessages.inc({ outcome });
    ctx.logger[outcome === 'unknown-envelope' ? 'warn' : 'info']({ connectMessageId: msg._id.toString(), outcome, detail }, 'Connect message processed');
  }
}
