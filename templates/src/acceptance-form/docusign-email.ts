import type { Locale } from '../locales';
import { oneLine } from '../render-blocks';
import { clip } from './clip';
import { ACCEPTANCE_FORM_COPY } from './copies';
import { MAX_VALUE_LENGTH } from './pdf-text';
import type { FormValues } from './types';

/** DocuSign rejects an envelope whose email subject is longer than this. */
export const DOCUSIGN_SUBJECT_MAX_LENGTH = 100;

/** Control characters have no place in a subject line; names are cut as on the form. */
function plain(value: string): string {
  return clip(oneLine(value.replace(/\p{Cc}/gu, ' ')), MAX_VALUE_LENGTH);
}

/** The subject with the customer's name shortened until it fits DocuSign's limit (UTF-16 units, the stricter count). */
function fitSubject(subject: (v: FormValues) => string, v: FormValues): string {
  let chars = Array.from(v.customer);
  let text = subject(v);
  while (text.length > DOCUSIGN_SUBJECT_MAX_LENGTH && chars.length > 0) {
    chars = chars.slice(0, -1);
    text = subject({ ...v, customer: `${chars.join('').trimEnd()}…` });
  }
  return text;
}

/**
 * Subject and message of the email DocuSign sends with the envelope, in the locale. Plain
 * text: DocuSign escapes it. The blurb stays far below DocuSign's 10,000 characters because
 * the names in it are cut to MAX_VALUE_LENGTH.
 */
export function renderDocuSignEmail(locale: Locale, input: { customerName: string; partnerName: string }): { subject: string; blurb: string } {
  const copy = ACCEPTANCE_FORM_COPY[locale];
  const v: FormValues = { customer: plain(input.customerName), partner: plain(input.partnerName) };
  return { subject: fitSubject(copy.emailSubject, v), blurb: copy.emailBlurb(v) };
}
