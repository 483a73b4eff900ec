import type { Locale } from '../locales';
import { paragraph, oneLine, renderBlocks, type Block } from '../render-blocks';
import type { RenderedEmail } from '../rendered-email';
import { da } from './da';
import { de } from './de';
import { en } from './en';
import { fi } from './fi';
import { nb } from './nb';
import { nl } from './nl';
import { sv } from './sv';
import type { MicrosoftCopyValues, MicrosoftEmailCopy, MicrosoftEmailInput } from './types';

export type { MicrosoftCopyValues, MicrosoftEmailCopy, MicrosoftEmailInput } from './types';

/** Typed as a full record so adding a locale without its copy fails to compile. */
export const MICROSOFT_EMAIL_COPY: Readonly<Record<Locale, MicrosoftEmailCopy>> = { en, nb, de, sv, da, nl, fi };

/** The BCP 47 tag dates are formatted in: our English copy is British ("licences"), so its dates are too. */
const DATE_LOCALES: Readonly<Record<Locale, string>> = {
  en: 'en-GB',
  nb: 'nb',
  de: 'de',
  sv: 'sv',
  da: 'da',
  nl: 'nl',
  fi: 'fi',
};

/** The expiry as a long date in the locale, in UTC; undefined when absent or not a valid date. */
function formatExpiry(locale: Locale, expiresAt: Date | undefined): string | undefined {
  if (expiresAt === undefined || Number.isNaN(expiresAt.getTime())) return undefined;
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(expiresAt);
}

/**
 * The email asking the customer's authorised representative to accept the MCA on Microsoft's
 * own page: Microsoft's enhanced-attestation link (no sign-in) or the Microsoft 365 admin
 * center (Global or Billing administrator). Unlike the consent email it asks for no reply and
 * contains no accept phrase. Pure: the caller adds headers and the PDF attachment when
 * `agreement.attached` is true. Throws when a link is not http(s).
 */
export function renderMicrosoftAcceptanceEmail(locale: Locale, input: MicrosoftEmailInput): RenderedEmail {
  const copy = MICROSOFT_EMAIL_COPY[locale];
  const v: MicrosoftCopyValues = {
    customer: oneLine(input.customerName),
    partner: oneLine(input.partnerName),
    firstName: oneLine(input.representative.firstName),
    lastName: oneLine(input.representative.lastName),
  };
  const reminder = input.kind === 'reminder';
  const { acceptance } = input;
  const howToAccept = acceptance.kind === 'attestation-link' ? copy.attestationLink(v, formatExpiry(locale, acceptance.expiresAt)) : copy.adminCenter(v);
  const blocks: Block[] = [
    paragraph(copy.greeting(v)),
    ...(reminder ? [paragraph(copy.reminder)] : []),
    paragraph(copy.intro(v)),
    ...(input.afterWrittenConsent ? [paragraph(copy.afterWrittenConsent(v))] : []),
    paragraph(copy.why(v)),
    paragraph(howToAccept),
    { kind: 'link', label: copy.acceptLabel, href: acceptance.url.trim() },
    paragraph(copy.authority(v)),
    paragraph(input.agreement.attached ? copy.readAttached : copy.readLinked),
    { kind: 'link', label: oneLine(input.agreement.title), href: input.agreement.url.trim() },
    paragraph(copy.replyIsNotAcceptance),
    paragraph(copy.partnerInformed(v)),
    paragraph(copy.questions(v)),
    paragraph(`${copy.closing}\n${v.partner}`),
  ];
  const subject = reminder ? copy.reminderSubject(v) : copy.subject(v);
  return renderBlocks(locale, subject, blocks);
}
