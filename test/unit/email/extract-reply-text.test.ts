import { classifyReply, extractReplyText, MAX_REPLY_CHARS, MAX_REPLY_LINES } from '@mca/inbound-email';
import { isOriginalMessageMarker } from '../../../inbound-email/src/reply-header-lines';
import { sentText } from './email-fixtures';

const NB = sentText('nb');
const EN = sentText('en');
const quoted = (text: string) =>
  text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
// What Outlook puts under its header block: the original, unquoted, emphasis indent lost.
const unquoted = (text: string) => text.replace(/^ {4}/gm, '');

describe('extractReplyText: reply headers in every supported language', () => {
  const REPLY = 'Nei takk.';
  test.each([
    ['en Gmail', 'On Tue, 12 Mar 2019 at 10:00, Contoso Cloud AS <consent@contoso.example> wrote:\n\n> Reply "I accept" to accept'],
    ['en Gmail, wrapped address', 'On Tue, 12 Mar 2019 at 10:00 Contoso Cloud AS <\nconsent@contoso.example> wrote:\n\n> Reply "I accept" to accept'],
    ['en Apple, attribution quoted', 'Sent from my iPhone\n\n> On 12 Mar 2019, at 10:00, Contoso <consent@contoso.example> wrote:\n> \n> I accept'],
    ['nb Gmail', 'tir. 12. mars 2019 kl. 10:00 skrev Contoso Cloud AS <consent@contoso.example>:\n\n> Svar «Jeg godtar»'],
    ['nb Gmail, wrapped over two lines', 'tir. 12. mars 2019 kl. 10:00 skrev Contoso Cloud AS <consent@contoso.example\n>:\n\n> Svar «Jeg godtar»'],
    ['nb Apple unquoted', 'Den 12. mars 2019 kl. 10.00 skrev Contoso Cloud AS <consent@contoso.example>:\n\nSvar «Jeg godtar» for å godta'],
    ['nb Thunderbird', 'Den 12.03.2019 10:00, skrev Contoso Cloud AS:\n> Svar «Jeg godtar»'],
    ['da Outlook', `Fra: Contoso Cloud AS <consent@contoso.example>\nSendt: 12. marts 2019 10:00\nTil: Mette\nEmne: Anmodning\n\nJeg godtar`],
    [
      'nb Outlook',
      `Fra: Contoso Cloud AS <consent@contoso.example>\nSendt: tirsdag 12. mars 2019 10:00\nTil: Kari Nordmann <kari@fabrikam.example>\nEmne: Forespørsel\n\n${unquoted(NB)}`,
    ],
    ['nb Outlook, bold and separator', `________________________________\n*Fra:* Contoso Cloud AS\n*Sendt:* tirsdag 12. mars 2019 10:00\n\n${unquoted(NB)}`],
    ['nb Opprinnelig melding', `-----Opprinnelig melding-----\nFra: Contoso\nSendt: 12. mars\n\n${unquoted(NB)}`],
    ['de Gmail', 'Am Di., 12. März 2019 um 10:00 Uhr schrieb Contoso Cloud AS <consent@contoso.example>:\n\n> Ich stimme zu'],
    ['de Inbox, "schrieb am" wrapped', 'Contoso Cloud AS <consent@contoso.example> schrieb am Di., 12.\nMärz 2019 um 10:00 Uhr:\n\n> Ich stimme zu'],
    [
      'de Outlook',
      'Von: Contoso Cloud AS <consent@contoso.example>\nGesendet: Dienstag, 12. März 2019 10:00\nAn: Hans\nBetreff: Bitte um Zustimmung\n\nIch stimme zu',
    ],
    ['de Ursprüngliche Nachricht', '-----Ursprüngliche Nachricht-----\nVon: Contoso\n\nIch stimme zu'],
    ['sv Apple', 'Den 12 mars 2019 kl. 10:00 skrev Contoso Cloud AS <consent@contoso.example>:\n\n> Jag godkänner'],
    ['sv Outlook', 'Från: Contoso Cloud AS <consent@contoso.example>\nSkickat: den 12 mars 2019 10:00\nTill: Anna\nÄmne: Begäran\n\nJag godkänner'],
    ['sv Ursprungligt meddelande', '-------- Ursprungligt meddelande --------\nJag godkänner'],
    ['da Oprindelig meddelelse', 'Oprindelig meddelelse\nJeg accepterer'],
    ['nl Gmail', 'Op di 12 mrt. 2019 om 10:00 schreef Contoso Cloud AS <consent@contoso.example>:\n\n> Ik ga akkoord'],
    ['nl Outlook', 'Van: Contoso Cloud AS <consent@contoso.example>\nVerzonden: dinsdag 12 maart 2019 10:00\nAan: Jan\nOnderwerp: Verzoek\n\nIk ga akkoord'],
    ['nl Oorspronkelijk bericht', '----- Oorspronkelijk bericht -----\nIk ga akkoord'],
    ['fi Gmail', 'ti 12. maalisk. 2019 klo 10.00 Contoso Cloud AS (<consent@contoso.example>) kirjoitti:\n\n> Hyväksyn'],
    [
      'fi Outlook',
      'Lähettäjä: Contoso Cloud AS <consent@contoso.example>\nLähetetty: tiistai 12. maaliskuuta 2019 10.00\nVastaanottaja: Matti\nAihe: Pyyntö\n\nHyväksyn',
    ],
    ['fi Alkuperäinen viesti', '-----Alkuperäinen viesti-----\nHyväksyn'],
  ])('%s: keeps only the reply above the quote', async (_client, quote) => {
    // The quote says "accept" in some form; the reply does not.
    const result = await extractReplyText(`${REPLY}\n\n${quote}`);
    expect(result.text).toBe(REPLY);
    expect(result.strippedBy.length).toBeGreaterThan(0);
  });

  test('a reply line right above an attribution is not mistaken for part of it', async () => {
    const text = 'I accept\nOn Tue, 12 Mar 2019 at 10:00 Contoso <\nconsent@contoso.example> wrote:\n> quoted';
    expect((await extractReplyText(text)).text).toBe('I accept');
  });

  test('a sentence ending in a colon is not an attribution', async () => {
    const text = 'As I wrote before:\nJeg godtar ikke\n';
    expect(await extractReplyText(text)).toMatchObject({ text: 'As I wrote before:\nJeg godtar ikke', strippedBy: [] });
  });
});

describe('extractReplyText: replies below the quote (bottom-posting)', () => {
  test.each([
    ['Thunderbird', 'On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi\nHello', 'Hello'],
    ['Thunderbird, blank lines', 'On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi\n>\n\nHello\n', 'Hello'],
    ['interleaved answers', 'Den 12.03.2019 10:00, skrev Contoso:\n> Godtar du?\nJa, jeg godtar\n> Noe mer?\nNei', 'Ja, jeg godtar\nNei'],
    ['quote without attribution', '> Svar «Jeg godtar» for å godta\n\nJeg godtar ikke', 'Jeg godtar ikke'],
  ])('%s', async (_label, text, expected) => {
    expect((await extractReplyText(text)).text).toBe(expected);
  });
});

describe('extractReplyText: signatures', () => {
  test.each([
    ['Sent from my iPhone', 'I accept\n\nSent from my iPhone'],
    ['Sendt fra min iPhone', 'I accept\n\nSendt fra min iPhone'],
    ['Von meinem iPhone gesendet', 'I accept\n\nVon meinem iPhone gesendet'],
    ['Skickat från min iPhone', 'I accept\n\nSkickat från min iPhone'],
    ['Verzonden vanaf mijn iPhone', 'I accept\n\nVerzonden vanaf mijn iPhone'],
    ['Lähetetty iPhonesta', 'I accept\n\nLähetetty iPhonesta'],
    ['Get Outlook for iOS', 'I accept\n\nGet Outlook for iOS<https://aka.ms/o0ukef>'],
    ['Hent Outlook for Android', 'I accept\n\nHent Outlook for Android'],
    ['-- delimiter', 'I accept\n\n-- \nKari Nordmann\nFabrikam AS'],
    ['-- delimiter without the space', 'I accept\n--\nKari'],
  ])('%s is removed with what follows', async (_label, text) => {
    expect((await extractReplyText(text)).text).toBe('I accept');
  });

  test('a sentence that merely starts like a device signature but has a colon stays', async () => {
    expect((await extractReplyText('Sent from the office: I accept')).text).toBe('Sent from the office: I accept');
  });
});

describe('extractReplyText: subtracting the email we sent', () => {
  test('an unquoted copy of our email under an unknown header is removed, the reply stays', async () => {
    const text = `Jeg godtar\n\n2019年3月12日(火) 10:00 Contoso Cloud AS <consent@contoso.example>:\n\n${NB}`;
    const result = await extractReplyText(text, { sentText: NB });
    expect(result.text).toBe('Jeg godtar\n\n2019年3月12日(火) 10:00 Contoso Cloud AS <consent@contoso.example>:');
    expect(result.strippedBy).toContain('sent-text');
    expect(result.quoteLeak).toBe(false);
  });

  test('a reply "I accept" is kept although our email has a line "I accept"', async () => {
    expect(EN).toContain('\n    I accept\n');
    const result = await extractReplyText(`I accept\n\n${unquoted(EN)}`, { sentText: EN });
    expect(result.text).toBe('I accept');
  });

  test('the quoted "Jeg godtar" line of our email goes with the paragraph around it', async () => {
    const result = await extractReplyText(`\n\n${unquoted(NB)}`, { sentText: NB });
    expect(result.text).toBe('');
  });

  test('a quote that starts at the accept phrase is recognised from the sentence after it', async () => {
    const fromPhrase = NB.slice(NB.indexOf('    Jeg godtar'));
    expect((await extractReplyText(`\n${fromPhrase}`, { sentText: NB })).text).toBe('');
  });

  test('re-wrapped lines of our email are recognised, including a short wrapped tail', async () => {
    const rewrapped =
      'Hei Kari Nordmann,\n\nContoso Cloud AS, som leverer Microsofts skytjenester til dere, ber deg om\nå godta Microsoft-kundeavtalen (Microsoft Customer Agreement, MCA) på vegne av\nFabrikam AS.';
    const result = await extractReplyText(`Vi godtar\n\n${rewrapped}`, { sentText: NB });
    expect(result.text).toBe('Vi godtar');
  });

  test('the reply is kept when it repeats one of our short lines elsewhere', async () => {
    const result = await extractReplyText('Med vennlig hilsen\nJeg godtar', { sentText: NB });
    expect(result.text).toBe('Med vennlig hilsen\nJeg godtar');
  });

  test('quoteLeak flags a distinctive sentence of ours that survived', async () => {
    const leaked = 'Jeg godtar. Ethvert annet svar, også «Nei», regnes ikke som godkjenning av avtalen, står det.';
    const result = await extractReplyText(leaked, { sentText: NB });
    expect(result.quoteLeak).toBe(true);
  });

  test.each([
    ['naming the agreement', 'Vi godtar Microsoft Customer Agreement'],
    ['the accept phrase alone', 'Jeg godtar'],
    ['no sentText given', 'Ethvert annet svar, også «Nei», regnes ikke som godkjenning av avtalen.'],
  ])('quoteLeak stays false for %s', async (label, text) => {
    expect((await extractReplyText(text, label === 'no sentText given' ? {} : { sentText: NB })).quoteLeak).toBe(false);
  });
});

describe('extractReplyText: email-reply-parser cross-check', () => {
  test('agrees on a plain Gmail reply and is listed as a layer that found a quote', async () => {
    const result = await extractReplyText(`I accept\n\nOn Tue, 12 Mar 2019 at 10:00, Contoso <consent@contoso.example> wrote:\n\n${quoted(EN)}`, {
      sentText: EN,
    });
    expect(result).toMatchObject({ text: 'I accept', crossCheck: 'agrees', quoteLeak: false });
    expect(result.strippedBy).toEqual(['reply-header', 'quoted-lines', 'email-reply-parser']);
  });

  test('keeps more than us on a Norwegian Outlook block it does not know', async () => {
    const result = await extractReplyText(
      `Jeg godtar\n\nFra: Contoso Cloud AS <consent@contoso.example>\nSendt: tirsdag 12. mars 2019 10:00\nTil: Kari\nEmne: Forespørsel\n\n${unquoted(NB)}`,
      { sentText: NB },
    );
    expect(result).toMatchObject({ text: 'Jeg godtar', crossCheck: 'library-kept-more' });
    expect(result.strippedBy).toEqual(['header-block']);
  });

  test('cuts more than us where it knows a quote header we do not (Chinese Gmail): a reason to look', async () => {
    const result = await extractReplyText('Nei\n\n在 2019年3月12日 10:00，Contoso <consent@contoso.example> 写道：\n\nSvar «Jeg godtar»');
    expect(result.text).toContain('Svar «Jeg godtar»');
    expect(result.crossCheck).toBe('library-cut-more');
  });

  test('agrees on a reply written between quoted parts (given correctly decoded text)', async () => {
    const result = await extractReplyText('Den 12.03.2019 10:00, skrev Contoso:\n> Hei\n> Svar «Jeg godtar»\n\nJeg godtar ikke\n\n> Mvh Contoso\n\nKari');
    expect(result).toMatchObject({ text: 'Jeg godtar ikke\n\nKari', crossCheck: 'agrees' });
  });
});

describe('extractReplyText and classifyReply on hostile input', () => {
  // Each of these once hit a regex that rescanned the rest of the input at every position.
  test.each([
    ['a 200 000 character line of dashes', `${'-'.repeat(200_000)}x`],
    ['a 200 000 character token with no address in it', 'a'.repeat(200_000)],
    ['100 000 lines ending in a colon', 'a:\n'.repeat(100_000)],
  ])('%s is handled in linear time', async (_label, text) => {
    const started = Date.now();
    const reply = await extractReplyText(text, { sentText: 'Hei\n    Jeg godtar\n' });
    expect(classifyReply(reply.text).verdict).toBe('unclear');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('an "Original Message" line followed by 200 000 spaces is checked in linear time', () => {
    const started = Date.now();
    expect(isOriginalMessageMarker(`-----Original Message${' '.repeat(200_000)}x`)).toBe(false);
    expect(isOriginalMessageMarker('-----Original Message-----  ')).toBe(true);
    expect(isOriginalMessageMarker('Begin forwarded message: ')).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('extractReplyText: only the start of a long body is read', () => {
  test('a body within the limits is read whole', async () => {
    const reply = await extractReplyText(`I accept\n${'filler line\n'.repeat(10)}`);
    expect(reply.cut).toBeUndefined();
  });

  test(`more than ${MAX_REPLY_LINES} lines: the first ones are read, and the cut is reported`, async () => {
    const body = `I accept\n\n${'> quoted line\n'.repeat(5_000)}`;
    const reply = await extractReplyText(body);
    expect(reply.text).toBe('I accept');
    expect(reply.cut).toEqual({ totalChars: body.length, totalLines: 5_003 });
  });

  test(`more than ${MAX_REPLY_CHARS} characters: cut on a line boundary`, async () => {
    const long = 'x'.repeat(MAX_REPLY_CHARS / 2);
    const reply = await extractReplyText(`I accept\n${long}\n${long}\nJeg godtar ikke`);
    expect(reply.text).toBe(`I accept\n${long}`);
    expect(reply.cut?.totalLines).toBe(4);
  });

  test('a first line longer than the limit is read up to the limit', async () => {
    const reply = await extractReplyText('a'.repeat(MAX_REPLY_CHARS * 3));
    expect(reply.text).toHaveLength(MAX_REPLY_CHARS);
    expect(reply.cut?.totalChars).toBe(MAX_REPLY_CHARS * 3);
  });
});
