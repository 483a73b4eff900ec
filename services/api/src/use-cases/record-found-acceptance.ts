import {
  agreementRef,
  findAgreementFor,
  recordMicrosoftAcceptance,
  type AgreementRef,
  type Context,
  type Customer,
  type MicrosoftAcceptance,
  type Representative,
} from '@mca/core';

/**
 * The agreement a Microsoft-side acceptance found by Partner Center (no request of ours
 * presented one) is recorded under: the catalogue's current MCA document for the customer's
 * country and language, which is what Microsoft presents in the admin center and on its
 * acceptance page. Left out when Microsoft names another template (an older confirmation), or
 * when the catalogue cannot say now: Microsoft's acceptance is recorded either way, and a
 * hash of some other document would be worse than none.
 */
async function agreementForAcceptance(ctx: Context, customer: Customer, acceptance: MicrosoftAcceptance): Promise<AgreementRef | undefined> {
  try {
    const agreement = await findAgreementFor(ctx, { country: customer.country, language: customer.language });
    if (acceptance.templateId && acceptance.templateId !== agreement.templateId) return undefined;
    return agreementRef(agreement);
  } catch (err) {
    ctx.logger.warn({ err, customerId: customer._id.toString() }, 'agreement catalogue unavailable; Microsoft acceptance recorded without the document hash');
    return undefined;
  }
}

/**
 * Records an acceptance Partner Center reported (no request of ours asked for it), under the
 * catalogue's agreement. `suppliedRepresentative` is whom the partner just typed in: not who
 * accepted, only contact data the partner may see again.
 */
export async function recordFoundAcceptance(ctx: Context, customer: Customer, acceptance: MicrosoftAcceptance, suppliedRepresentative?: Representative) {
  const agreement = await agreementForAcceptance(ctx, customer, acceptance);
  return recordMicrosoftAcceptance(ctx, {
    customer,
    acceptance,
    ...(suppliedRepresentative ? { suppliedRepresentative } : {}),
    ...(agreement ? { agreement } : {}),
  });
}
