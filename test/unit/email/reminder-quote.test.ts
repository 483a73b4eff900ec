import { extractReplyText } from '@mca/inbound-email';
import { ACCEPT_PHRASES, renderConsentEmail, SUPPORTED_LOCALES, type ConsentEmailInput } from '@mca/templates';

const input: Omit<ConsentEmailInput, 'kind'> = {
  customerName: 'Fjordkraft AS',
  partnerName: 'Nordic Cloud Partner AS',
  representative: { firstName: 'Kari', lastName: 'Nordmann' },
  agreement: { url: 'https://aka.ms/customeragreement', title: 'Microsoft Customer Agreement', attached: false },
};

/**
 * A reply to a reminder quotes the reminder, whose text is the consent email plus one line.
 * The reminder's text is added to the request's `sentText` (reminder-message-id.ts), so a
 * reminder pasted back without any quote marker is still subtracted, in every language.
 */
describe('a quoted reminder is stripped from the reply', () => {
  test.each(SUPPORTED_LOCALES)('%s', async (locale) => {
    const request = renderConsentEmail(locale, { ...input, kind: 'request' });
    const reminder = renderConsentEmail(locale, { ...input, kind: 'reminder' });
    const sentText = `${request.text}\n\n${reminder.text}`;
    const body = `${ACCEPT_PHRASES[locale]}\n\n${reminder.text}`;

    const reply = await extractReplyText(body, { sentText });
    expect(reply.text).toBe(ACCEPT_PHRASES[locale]);
    expect(reply.quoteLeak).toBe(false);
    // The original request's text alone would leave the reminder's own line behind.
    expect((await extractReplyText(body, { sentText: request.text })).text).toContain(reminder.text.split('\n\n')[1]!.trim());
  });
});
