import { UnrecoverableError } from 'bullmq';
import {
  CHECKED_WITH_MICROSOFT,
  notifyPartnerAboutRequest,
  recordMicrosoftAcceptance,
  moveRequest,
  openCustomer,
  openRequest,
  type ConsentRequest,
  type Context,
  type Payload,
} from '@mca/core';
import { metrics } from '@mca/platform';
import { readMicrosoftOutcome } from './read-microsoft-outcome';

/** Failed checks double the interval, up to this factor. */
const MAX_BACKOFF_FACTOR = 16;

/**
 * One Partner Center check of a `microsoft` request. A job for an older check (the request
 * moved on) does nothing; each check schedules the next, at the poll interval, doubled per
 * consecutive failure. Failures show on the request (`lastError`), in the log and in metrics;
 * the next check is the retry.
 */
export async function checkMicrosoftAcceptance(ctx: Context, payload: Payload<'microsoft'>): Promise<void> {
  const { models } = ctx;
  const stored = await models.consentRequests.findById(payload.requestId).lean();
  if (!stored || stored.channel !== 'microsoft' || !CHECKED_WITH_MICROSOFT.includes(stored.status)) return;
  if ((stored.checkCount ?? 0) !== payload.check) return;
  const storedCustomer = await models.customers.findById(stored.customerId).lean();
  if (!storedCustomer) return;
  const [request, customer] = await Promise.all([openRequest(ctx.vault, stored), openCustomer(ctx.vault, storedCustomer)]);
  const pc = ctx.partnerCenter;
  if (!pc) throw new UnrecoverableError('the microsoft channel needs Partner Center, which this deployment has not configured');

  let outcome;
  try {
    outcome = await readMicrosoftOutcome(ctx, pc, request, customer);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    metrics.partnerCenterChecks.inc({ result: 'error' });
    ctx.logger.warn({ err, requestId: request._id.toString() }, 'Partner Center check failed; checking again later');
    await scheduleNextCheck(ctx, request, payload.check, message);
    return;
  }
  metrics.partnerCenterChecks.inc({ result: outcome.kind });
  switch (outcome.kind) {
    case 'accepted':
      await recordMicrosoftAcceptance(ctx, { customer, request, acceptance: outcome.acceptance });
      return;
    case 'expired': {
      const moved = await moveRequest(ctx, { requestId: request._id, to: 'expired', from: CHECKED_WITH_MICROSOFT, detail: outcome.detail });
      if (moved) await notifyPartnerAboutRequest(ctx, moved, 'consent.expired', `${request._id}:expired`, outcome.detail);
      return;
    }
    case 'pending':
      await scheduleNextCheck(ctx, request, payload.check);
      return;
    case 'unconfirmed':
      // Shown on the request like a failed check, and checked again later (the relationship may come back).
      await scheduleNextCheck(ctx, request, payload.check, outcome.detail);
  }
}

async function scheduleNextCheck(ctx: Context, request: ConsentRequest, check: number, error?: string): Promise<void> {
  const failures = error ? (request.checkFailures ?? 0) + 1 : 0;
  const pollMs = (ctx.config.partnerCenter?.pollSeconds ?? ctx.config.PARTNER_CENTER_POLL_SECONDS) * 1000;
  const nextCheckAt = new Date(ctx.now().getTime() + pollMs * Math.min(2 ** failures, MAX_BACKOFF_FACTOR));
  await ctx.models.consentRequests.updateOne(
    { _id: request._id, checkCount: request.checkCount ?? { $exists: false } },
    error
      ? { $set: { nextCheckAt, checkCount: check + 1, checkFailures: failures, lastError: `${error} (checking again at ${nextCheckAt.toISOString()})` } }
      : { $set: { nextCheckAt, checkCount: check + 1, checkFailures: 0 }, $unset: { lastError: 1 } },
  );
}
