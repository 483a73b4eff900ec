import { classifyReply, detectAutomatedMessage, extractReplyText, parseInboundMessage, type ReplyVerdict } from '@mca/inbound-email';
import { listEml, readEml, sentText, type FixtureLanguage } from './email-fixtures';

/** The whole reading of a reply, as the inbound worker chains it. */
async function readReply(file: string) {
  const msg = await parseInboundMessage(readEml('replies', file));
  const language = file.slice(0, 2) as FixtureLanguage;
  const reply = await extractReplyText(msg.text, { sentText: sentText(language) });
  return { msg, reply, classification: classifyReply(reply.text), automated: detectAutomatedMessage(msg) };
}

const EXPECTED: Record<string, { verdict: ReplyVerdict; text: string }> = {
  'nb-outlook-accept.eml': { verdict: 'accept', text: 'Jeg godtar\n\nMed vennlig hilsen\nKari Nordmann\nDaglig leder | Fabrikam AS\nTlf. +47 22 00 00 00' },
  'nb-outlook-decline.eml': { verdict: 'decline', text: 'Jeg godtar ikke.\n\nKari' },
  'nb-outlook-question.eml': { verdict: 'unclear', text: 'Hei,\n\nHva betyr dette for lisensene vi allerede har?\n\nMvh\nKari' },
  'nb-outlook-no-reply-text.eml': { verdict: 'unclear', text: '' },
  'nb-outlook-original-message-decline.eml': { verdict: 'decline', text: 'Vi godtar ikke avtalen nå.' },
  'nb-outlook-html-accept.eml': { verdict: 'accept', text: 'Jeg godtar\nMed vennlig hilsen\nKari Nordmann' },
  'nb-gmail-accept.eml': { verdict: 'accept', text: 'Ja, jeg godtar.\n\nKari' },
  'nb-iphone-hedge.eml': { verdict: 'unclear', text: 'Jeg godtar, men bare hvis prisene ikke endres.' },
  'nb-iphone-nei.eml': { verdict: 'decline', text: 'Nei' },
  'nb-apple-unquoted-accept.eml': { verdict: 'accept', text: 'Vi godtar.\n\nKari Nordmann' },
  'nb-unknown-header-accept.eml': { verdict: 'accept', text: 'Jeg godtar\n\n2019年3月12日(火) 10:00 Contoso Cloud AS <consent@contoso.example>:' },
  'nb-unknown-header-no-reply-text.eml': { verdict: 'unclear', text: '2019年3月12日(火) 10:00 Contoso Cloud AS <consent@contoso.example>:' },
  'en-gmail-accept.eml': { verdict: 'accept', text: 'I accept' },
  'en-outlook-decline.eml': { verdict: 'decline', text: 'I do not accept.\n\nRegards,\nKari' },
  'en-thunderbird-bottom-accept.eml': { verdict: 'accept', text: 'I accept on behalf of Fabrikam AS.' },
  'en-iphone-hedge.eml': { verdict: 'unclear', text: 'I accept if our current discount is kept.' },
  'de-gmail-accept.eml': { verdict: 'accept', text: 'Ich stimme zu.\n\nViele Grüße\nHans Müller' },
  'de-outlook-decline.eml': { verdict: 'decline', text: 'Ich stimme dem nicht zu.\n\nMit freundlichen Grüßen\nHans Müller' },
  'de-outlook-original-einverstanden.eml': { verdict: 'accept', text: 'Einverstanden.' },
  'de-inbox-hedge.eml': { verdict: 'unclear', text: 'Ich stimme zu, aber erst nach Rücksprache mit unserer Rechtsabteilung.' },
  'sv-outlook-accept.eml': { verdict: 'accept', text: 'Jag godkänner\n\nMed vänliga hälsningar\nAnna Svensson' },
  'sv-outlook-decline.eml': { verdict: 'decline', text: 'Jag godkänner inte.' },
  'sv-apple-accept.eml': { verdict: 'accept', text: 'Vi godkänner.' },
  'da-outlook-accept.eml': { verdict: 'accept', text: 'Jeg accepterer\n\nMed venlig hilsen\nMette Jensen' },
  'da-outlook-decline.eml': { verdict: 'decline', text: 'Jeg accepterer ikke.' },
  'nl-outlook-accept.eml': { verdict: 'accept', text: 'Ik ga akkoord\n\nMet vriendelijke groet,\nJan de Vries' },
  'nl-gmail-decline.eml': { verdict: 'decline', text: 'Ik ga niet akkoord.' },
  'nl-iphone-hedge.eml': { verdict: 'unclear', text: 'Ik ga akkoord als de prijs gelijk blijft.' },
  'fi-outlook-accept.eml': { verdict: 'accept', text: 'Hyväksyn\n\nYstävällisin terveisin\nMatti Virtanen' },
  'fi-gmail-decline.eml': { verdict: 'decline', text: 'En hyväksy.' },
  'fi-outlook-hedge.eml': { verdict: 'unclear', text: 'Hyväksymme, kunhan hinnat pysyvät ennallaan.' },
};

describe('replies to the consent email, end to end', () => {
  test('every reply fixture has an expectation', () => {
    expect(listEml('replies').sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.entries(EXPECTED))('%s -> %o', async (file, expected) => {
    const { reply, classification, automated } = await readReply(file);
    expect(automated.kind).toBe('none');
    expect(reply.text).toBe(expected.text);
    expect(reply.quoteLeak).toBe(false);
    expect(classification.verdict).toBe(expected.verdict);
    // a library stopping earlier than us would mean we kept a quote header we do not know
    expect(reply.crossCheck).not.toBe('library-cut-more');
  });

  test.each(['nb-outlook-no-reply-text.eml', 'nb-unknown-header-no-reply-text.eml', 'nb-outlook-question.eml'])(
    '%s quotes our request with "Jeg godtar" and must not read as consent',
    async (file) => {
      const { msg, reply, classification } = await readReply(file);
      expect(msg.text).toMatch(/^\s*Jeg godtar$/m);
      expect(reply.text).not.toMatch(/Jeg godtar/);
      expect(classification.verdict).toBe('unclear');
    },
  );

  test.each([
    ['no sent text', undefined],
    ['the sent text of another language', sentText('en')],
  ])('with %s, an unquoted copy under an unknown header stays in, and is still not consent', async (_label, sent) => {
    const msg = await parseInboundMessage(readEml('replies', 'nb-unknown-header-no-reply-text.eml'));
    const reply = await extractReplyText(msg.text, sent === undefined ? {} : { sentText: sent });
    expect(reply.text).toMatch(/^ {4}Jeg godtar$/m);
    expect(classifyReply(reply.text)).toMatchObject({ verdict: 'unclear', reason: expect.stringMatching(/^too long/) });
  });
});
