import type { AgreementForCustomer, ConsentRequest, Context, Customer } from '@mca/core';
import { renderConsentEmail, renderMicrosoftAcceptanceEmail, resolveLocale, type RenderedEmail } from '@mca/templates';
import { prepareAcceptanceLink } from '../microsoft/prepare-acceptance-link';

/**
 * The reminder of a request, in its channel's wording: the consent email asks for a reply
 * again; a `microsoft` request's reminder re-sends Microsoft's acceptance link. For the latter
 * Partner Center is asked first, so a customer who accepted there since the last poll is
 * recorded and not reminded (null: nothing to send), and an expired attestation link is renewed.
 */
export async function renderReminderEmail(
  ctx: Context,
  request: ConsentRequest,
  customer: Customer,
  partnerName: string,
  agreement: AgreementForCustomer,
): Promise<RenderedEmail | null> {
  const locale = resolveLocale(request.locale);
  const names = { customerName: customer.name, partnerName, representative: request.representative };
  const agreementLink = { url: agreement.url, title: agreement.title, attached: Boolean(agreement.file) };
  if (request.channel !== 'microsoft') return renderConsentEmail(locale, { ...names, agreement: agreementLink, kind: 'reminder' });
  const acceptance = await prepareAcceptanceLink(ctx, request, customer);
  if (!acceptance) return null;
  return renderMicrosoftAcceptanceEmail(locale, {
    ...names,
    acceptance,
    agreement: agreementLink,
    afterWrittenConsent: Boolean(customer.mca.written),
    kind: 'reminder',
  });
}
