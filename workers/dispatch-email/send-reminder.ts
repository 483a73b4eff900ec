import { UnrecoverableError } from 'bullmq';
import {
  appendAuditEvent,
  currentSendMessageId,
  partnerSettings,
  reminderSent,
  REMINDABLE_STATUSES,
  findAgreementFor,
  historyEntry,
  reminderDueAt,
  remindsByEmail,
  updateWithHistory,
  type Context,
  openCustomer,
  openRequest,
} from '@mca/core';
import { RetryLaterError, failpoint, metrics } from '@mca/platform';
import { followUpSettings } from '../follow-ups/follow-up-settings';
import { bounceAddress, replyAddress } from './addresses';
import { renderReminderEmail } from './reminder-email';
import { reminderMessageId } from './reminder-message-id';

export interface ReminderJob {
  requestId: string;
  sendCount: number;
  reminder: number;
}

/**
 * Sends reminder number `reminder` of a request's current send (the consent email, or a
 * `microsoft` request's acceptance link again): in the representative's language, from the
 * same reply+<token> address, threaded under the consent email, with its own
 * Message-ID. Sent once: only while the request is `sent` and the previous reminder was
 * recorded; the send is recorded with a compare-and-set on the count, and the next reminder is
 * enqueued (delayed) from there. A request that ended, changed, or was resent does nothing.
 */
export async function sendReminder(ctx: Context, job: ReminderJob): Promise<void> {
  const { models, config } = ctx;
  const n = job.reminder;
  const stored = await models.consentRequests.findById(job.requestId).lean();
  if (!stored) throw new UnrecoverableError(`consent request ${job.requestId} does not exist`);
  const request = await openRequest(ctx.vault, stored);
  const waiting =
    request.sendCount === job.sendCount &&
    REMINDABLE_STATUSES.includes(request.status) &&
    remindsByEmail(request.channel) &&
    (request.remindersSent ?? 0) === n - 1 &&
    request.sentAt !== undefined;
  if (!waiting) return;
  const settings = followUpSettings(config);
  const due = reminderDueAt(settings, request.sentAt!, n);
  if (!due) return; // the schedule changed since: no such reminder any more
  const now = ctx.now();
  if (request.expiresAt && now.getTime() >= request.expiresAt.getTime()) return; // the expiry ends it
  if (now.getTime() < due.getTime()) throw new RetryLaterError(`reminder ${n} is not due yet`, due);

  const [storedCustomer, partner] = await Promise.all([models.customers.findById(request.customerId).lean(), partnerSettings(models, request.partnerId)]);
  if (!storedCustomer || !partner) throw new UnrecoverableError(`customer or partner of request ${request._id} is gone`);
  const customer = await openCustomer(ctx.vault, storedCustomer);
  if (!customer.mca.requestId?.equals(request._id) || customer.mca.status === 'accepted') return;

  const agreement = await findAgreementFor(ctx, { country: customer.country, language: request.locale });
  const email = await renderReminderEmail(ctx, request, customer, partner.name, agreement);
  if (!email) return; // accepted on Microsoft's side since the last poll (now recorded), or the request ended
  const messageId = await reminderMessageId(ctx, request, n, email.text);
  if (!messageId) return;
  const original = currentSendMessageId(request) ?? request.messageIds[0];

  await ctx.mailer.send({
    messageId: `<${messageId}>`,
    to: { name: `${request.representative.firstName} ${request.representative.lastName}`, address: request.representative.email },
    replyTo: replyAddress(request.replyToken, config.REPLY_DOMAIN),
    envelope: { from: bounceAddress(request.replyToken, config.REPLY_DOMAIN), to: request.representative.email },
    ...(original ? { inReplyTo: `<${original}>`, references: [`<${original}>`] } : {}),
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: { 'X-MCA-Request-Id': request._id.toString(), 'X-MCA-Reminder': String(n) },
    attachments: agreement.file ? [{ filename: agreement.file.fileName, content: agreement.file.content, contentType: agreement.file.contentType }] : [],
  });
  failpoint('after-reminder-sent');

  const next = reminderDueAt(settings, request.sentAt!, n + 1);
  const detail = `reminder ${n} sent to the representative`;
  const recorded = await updateWithHistory(
    ctx,
    { _id: request._id, status: 'sent', sendCount: request.sendCount, remindersSent: n - 1 },
    {
      $set: { remindersSent: n, ...(next ? { nextReminderAt: next } : {}) },
      ...(next ? {} : { $unset: { nextReminderAt: 1 } }),
    },
    historyEntry(ctx.now(), 'sent', detail),
  );
  if (!recorded) return;
  await appendAuditEvent(ctx, reminderSent(request, job.sendCount, n, detail));
  metrics.reminders.inc({ result: 'sent' });
  if (next) await ctx.queues.add('dispatch-email', { requestId: job.requestId, sendCount: job.sendCount, reminder: n + 1 }, { runAt: next });
}

/** A reminder that failed every attempt: the request says so (it stays `sent`; the expiry still comes). */
export async function noteReminderFailed(ctx: Context, job: ReminderJob, error: string): Promise<void> {
  metrics.reminders.inc({ result: 'failed' });
  await ctx.models.consentRequests.updateOne(
    { _id: job.requestId, status: 'sent', sendCount: job.sendCount },
    { $set: { lastError: `reminder ${job.reminder} could not be sent: ${error}` } },
  );
}
