import { UnrecoverableError } from 'bullmq';
import {
  agreementRef,
  campaignGate,
  findAgreementFor,
  moveRequest,
  openCustomer,
  openRequest,
  partnerSettings,
  sealSentText,
  type Context,
  type MicrosoftAcceptanceLink,
  type Payload,
} from '@mca/core';
import { failpoint } from '@mca/platform';
import { renderConsentEmail, renderMicrosoftAcceptanceEmail, resolveLocale } from '@mca/templates';
import { prepareAcceptanceLink } from '../microsoft/prepare-acceptance-link';
import { followUpsOfSend } from '../follow-ups/follow-ups-of-send';
import { scheduleFollowUps } from '../follow-ups/schedule-follow-ups';
import { bounceAddress, replyAddress } from './addresses';
import { messageIdOfSend } from './message-id-of-send';
import { noteReminderFailed } from './send-reminder';

export { bounceAddress, replyAddress } from './addresses';

/**
 * Sends the localized consent email for one queued request. A stale job (request no longer
 * queued for this send) does nothing; the request moves to `sent` only after the SMTP server
 * took the message.
 */
export async function dispatchConsentEmail(ctx: Context, payload: Payload<'dispatch-email'>): Promise<void> {
  const { models, config } = ctx;
  const stored = await models.consentRequests.findById(payload.requestId).lean();
  if (!stored) throw new UnrecoverableError(`consent request ${payload.requestId} does not exist`);
  if (stored.status !== 'queued' || stored.sendCount !== payload.sendCount) return;
  // A paused campaign holds its unsent requests; a cancelled one ends them.
  if ((await campaignGate(ctx, stored)) !== 'go') return;
  const request = await openRequest(ctx.vault, stored);

  const [storedCustomer, partner] = await Promise.all([models.customers.findById(request.customerId).lean(), partnerSettings(models, request.partnerId)]);
  if (!storedCustomer || !partner) throw new UnrecoverableError(`customer or partner of request ${request._id} is gone`);
  const customer = await openCustomer(ctx.vault, storedCustomer);
  // An orphan from a crash or a lost race: the customer points at another request (or is accepted).
  if (!customer.mca.requestId?.equals(request._id) || customer.mca.status === 'accepted') {
    await moveRequest(ctx, { requestId: request._id, to: 'cancelled', detail: "not the customer's current request; not sent" });
    return;
  }

  const locale = resolveLocale(request.locale);
  // Partner Center's document when configured (a Word file), else the catalogue's link or the operator's PDF.
  const agreement = await findAgreementFor(ctx, { country: customer.country, language: request.locale });
  const agreementLink = { url: agreement.url, title: agreement.title, attached: Boolean(agreement.file) };
  const names = { customerName: customer.name, partnerName: partner.name, representative: request.representative };
  let email;
  let acceptance: MicrosoftAcceptanceLink | undefined;
  if (request.channel === 'microsoft') {
    // Microsoft's own acceptance page, not a reply, is what this email asks for.
    const link = await prepareAcceptanceLink(ctx, request, customer);
    if (!link) return; // Microsoft already had the acceptance (recorded), or the request ended: nothing to send.
    acceptance = link;
    email = renderMicrosoftAcceptanceEmail(locale, {
      ...names,
      acceptance: link,
      agreement: agreementLink,
      afterWrittenConsent: Boolean(customer.mca.written),
      kind: 'request',
    });
  } else {
    email = renderConsentEmail(locale, { ...names, agreement: agreementLink, kind: 'request' });
  }
  const messageId = await messageIdOfSend(ctx, request);
  if (!messageId) return;

  await ctx.mailer.send({
    messageId: `<${messageId}>`,
    to: { name: `${request.representative.firstName} ${request.representative.lastName}`, address: request.representative.email },
    replyTo: replyAddress(request.replyToken, config.REPLY_DOMAIN),
    envelope: { from: bounceAddress(request.replyToken, config.REPLY_DOMAIN), to: request.representative.email },
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: { 'X-MCA-Request-Id': request._id.toString() },
    attachments: agreement.file ? [{ filename: agreement.file.fileName, content: agreement.file.content, contentType: agreement.file.contentType }] : [],
  });
  failpoint('after-email-sent');

  const followUps = followUpsOfSend(config, request.channel, ctx.now());
  const moved = await moveRequest(ctx, {
    requestId: request._id,
    to: 'sent',
    from: ['queued'],
    detail: acceptance
      ? "Microsoft's acceptance link sent to the representative; waiting for acceptance on Microsoft's side"
      : 'email sent to the representative',
    unset: ['lastError', ...followUps.unset],
    set: {
      ...followUps.set,
      sentText: await sealSentText(ctx.vault, request.customerId, email.text),
      agreement: agreementRef(agreement),
      // microsoft channel: the first Partner Center check is one poll interval away.
      ...(acceptance
        ? { acceptance, nextCheckAt: new Date(ctx.now().getTime() + (config.partnerCenter?.pollSeconds ?? config.PARTNER_CENTER_POLL_SECONDS) * 1000) }
        : {}),
    },
  });
  if (moved) await scheduleFollowUps(ctx, moved);
}

/** After the last retry the failure shows on the request (status `failed`, with the error; a reminder only notes it). */
export async function markDispatchFailed(ctx: Context, payload: Payload<'dispatch-email'>, error: string): Promise<void> {
  if (payload.reminder !== undefined) return noteReminderFailed(ctx, { ...payload, reminder: payload.reminder }, error);
  await moveRequest(ctx, {
    requestId: payload.requestId,
    to: 'failed',
    from: ['queued'],
    detail: `sending failed after every retry: ${error}`,
    set: { lastError: error },
  });
}

/** While retries go on, the request shows the last error (status stays `queued`). */
export async function noteDispatchError(ctx: Context, payload: Payload<'dispatch-email'>, error: string): Promise<void> {
  if (payload.reminder !== undefined) return;
  await ctx.models.consentRequests.updateOne(
    { _id: payload.requestId, status: 'queued', sendCount: payload.sendCount },
    { $set: { lastError: `${error} (retrying)` } },
  );
}
