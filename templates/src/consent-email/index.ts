import type { Locale } from '../locales';
import { paragraph, oneLine, renderBlocks, type Block } from '../render-blocks';
import type { RenderedEmail } from '../rendered-email';
import { ACCEPT_PHRASES } from './accept-phrases';
import { da } from './da';
import { de } from './de';
import { en } from './en';
import { fi } from './fi';
import { nb } from './nb';
import { nl } from './nl';
import { sv } from './sv';
import type { ConsentEmailCopy, ConsentEmailInput, CopyValues } from './types';

export { ACCEPT_PHRASES } from './accept-phrases';
export type { ConsentEmailCopy, ConsentEmailInput } from './types';

/** Typed as a full record so adding a locale without its copy fails to compile. */
export const CONSENT_EMAIL_COPY: Readonly<Record<Locale, ConsentEmailCopy>> = { en, nb, de, sv, da, nl, fi };

/**
 * The email asking the customer's representative to accept the MCA by replying with the
 * locale's accept phrase. Pure: the caller adds headers (Reply-To token, Message-ID) and the
 * PDF attachment when `agreement.attached` is true.
 */
export function renderConsentEmail(locale: Locale, input: ConsentEmailInput): RenderedEmail {
  const copy = CONSENT_EMAIL_COPY[locale];
  const v: CopyValues = {
    customer: oneLine(input.customerName),
    partner: oneLine(input.partnerName),
    firstName: oneLine(input.representative.firstName),
    lastName: oneLine(input.representative.lastName),
  };
  const reminder = input.kind === 'reminder';
  const blocks: Block[] = [
    paragraph(copy.greeting(v)),
    ...(reminder ? [paragraph(copy.reminder)] : []),
    paragraph(copy.intro(v)),
    paragraph(copy.about(v)),
    paragraph(input.agreement.attached ? copy.readAttached : copy.readLinked),
    { kind: 'link', label: oneLine(input.agreement.title), href: input.agreement.url.trim() },
    paragraph(copy.authority(v)),
    paragraph(copy.howToAccept(v)),
    { kind: 'emphasis', text: ACCEPT_PHRASES[locale] },
    paragraph(copy.notConsent),
    paragraph(copy.record(v)),
    paragraph(copy.questions(v)),
    paragraph(`${copy.closing}\n${v.partner}`),
  ];
  const subject = reminder ? copy.reminderSubject(v) : copy.subject(v);
  return renderBlocks(locale, subject, blocks);
}
