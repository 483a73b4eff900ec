import { agreementRef, campaignGate, findAgreementFor, moveRequest, partnerSettings, type Context } from '@mca/core';
import { envelopeNotification } from '@mca/integrations';
import { failpoint } from '@mca/platform';
import { ACCEPTANCE_ANCHORS, PDF_CONTENT_TYPE, renderAcceptanceForm, renderDocuSignEmail, resolveLocale } from '@mca/templates';
import { followUpSettings } from '../follow-ups/follow-up-settings';
import { followUpsOfSend } from '../follow-ups/follow-ups-of-send';
import { scheduleFollowUps } from '../follow-ups/schedule-follow-ups';
import { requestToSend, requireDocuSign } from './current-request';

/** Our clock and DocuSign's need not agree: look a little further back than the marker. */
const LOOKUP_MARGIN_MS = 10 * 60_000;

/**
 * Creates the envelope for a queued docusign request (or resends the existing one). The
 * envelope id is stored before anything else, so a Connect message that overtakes this job
 * still finds its request, and a cancel that raced the creation voids the envelope.
 */
export async function sendEnvelope(ctx: Context, p: { requestId: string; sendCount: number }): Promise<void> {
  const docusign = requireDocuSign(ctx);
  const request = await requestToSend(ctx, p.requestId, p.sendCount);
  if (!request) return;
  // A paused campaign holds its unsent requests; a cancelled one ends them.
  if ((await campaignGate(ctx, request)) !== 'go') return;

  if (request.envelopeId) {
    await docusign.resendEnvelope(request.envelopeId);
    const followUps = followUpsOfSend(ctx.config, request.channel, ctx.now());
    const resent = await moveRequest(ctx, {
      requestId: request._id,
      to: 'sent',
      from: ['queued'],
      detail: `DocuSign envelope ${request.envelopeId} resent`,
      unset: ['lastError', ...followUps.unset],
      set: followUps.set,
    });
    if (resent) await scheduleFollowUps(ctx, resent);
    return;
  }

  const { models, config } = ctx;
  const [customer, partner] = await Promise.all([
    models.customers.findById(request.customerId, { name: 1, country: 1, tenantId: 1 }).lean(),
    partnerSettings(models, request.partnerId),
  ]);
  if (!customer || !partner) return;
  const locale = resolveLocale(request.locale);
  const agreement = await findAgreementFor(ctx, { country: customer.country, language: request.locale });
  // The operator's PDF is appended to the form page for page; Microsoft's Word document (from
  // Partner Center) goes into the envelope as a document of its own, which DocuSign converts.
  const file = agreement.file;
  const pdfToAppend = file?.contentType === PDF_CONTENT_TYPE ? file.content : undefined;
  const appendices = file && file.contentType !== PDF_CONTENT_TYPE ? [{ name: file.fileName, content: file.content, contentType: file.contentType }] : [];
  const signerName = `${request.representative.firstName} ${request.representative.lastName}`;
  const source = config.DOCUSIGN_TEMPLATE_ID
    ? { kind: 'template' as const, templateId: config.DOCUSIGN_TEMPLATE_ID, roleName: config.DOCUSIGN_TEMPLATE_ROLE }
    : {
        kind: 'document' as const,
        name: `MCA acceptance - ${customer.name}.pdf`,
        content: await renderAcceptanceForm(
          locale,
          { customerName: customer.name, tenantId: customer.tenantId, partnerName: partner.name, representative: request.representative, agreement },
          pdfToAppend,
        ),
        appendices,
      };
  const email = renderDocuSignEmail(locale, { customerName: customer.name, partnerName: partner.name });

  // DocuSign has no idempotency key: an attempt that died between its create call and storing
  // the id left an envelope behind, which the retry finds by our custom field and adopts.
  const requestedBefore = request.envelopeRequestedAt;
  const adopted = requestedBefore
    ? await docusign.findEnvelopeForRequest(request._id.toString(), new Date(requestedBefore.getTime() - LOOKUP_MARGIN_MS))
    : undefined;
  let envelopeId = adopted;
  if (!envelopeId) {
    await models.consentRequests.updateOne({ _id: request._id, envelopeId: { $exists: false } }, { $set: { envelopeRequestedAt: ctx.now() } });
    ({ envelopeId } = await docusign.createEnvelope({
      emailSubject: email.subject,
      emailBlurb: email.blurb,
      source,
      signer: { name: signerName, email: request.representative.email },
      anchors: ACCEPTANCE_ANCHORS,
      webhookUrl: `${config.PUBLIC_URL}/webhooks/docusign`,
      requestId: request._id.toString(),
      notification: envelopeNotification(followUpSettings(config)),
    }));
    failpoint('before-envelope-stored');
  }
  await models.consentRequests.updateOne({ _id: request._id, envelopeId: { $exists: false } }, { $set: { envelopeId } });
  failpoint('after-envelope-created');

  // DocuSign reminds the signer itself (the envelope's notification); the expiry job voids the envelope.
  const followUps = followUpsOfSend(config, request.channel, ctx.now());
  const moved = await moveRequest(ctx, {
    requestId: request._id,
    to: 'sent',
    from: ['queued'],
    detail: `DocuSign envelope ${envelopeId} ${adopted ? '(created by an earlier attempt) ' : ''}sent to the representative`,
    unset: ['lastError', ...followUps.unset],
    set: {
      ...followUps.set,
      agreement: agreementRef(agreement),
    },
  });
  if (moved) await scheduleFollowUps(ctx, moved);
  else {
    const now = await models.consentRequests.findById(request._id, { status: 1 }).lean();
    if (now?.status === 'cancelled') await docusign.voidEnvelope(envelopeId, 'The consent request was cancelled');
  }
}
