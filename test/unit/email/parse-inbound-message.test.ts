import { InboundMessageError, parseInboundMessage } from '@mca/inbound-email';
import { readEml } from './email-fixtures';

const OUR_ID = 'consent-6612a0b1c2d3e4f5a6b7c8d9.8f1e2d@contoso.example';
const REPLY_ADDRESS = 'reply+3f2a9c0d1e4b5a69788796a5b4c3d2e1f0a9b8c7@in.contoso.example';

describe('parseInboundMessage', () => {
  test('reads identifiers, sender, recipients, date and decoded subject of an Outlook reply', async () => {
    const msg = await parseInboundMessage(readEml('replies', 'nb-outlook-accept.eml'));

    expect(msg.messageId).toBe('nb-outlook-accept.nb@fabrikam.example');
    expect(msg.inReplyTo).toBe(OUR_ID);
    expect(msg.references).toEqual([OUR_ID]);
    expect(msg.from).toEqual({ address: 'kari@fabrikam.example', name: 'Kari Nordmann' });
    expect(msg.recipients).toEqual([REPLY_ADDRESS]);
    expect(msg.date?.toISOString()).toBe('2019-03-12T13:21:07.000Z');
    expect(msg.subject).toBe('SV: Forespørsel om å godta Microsoft-kundeavtalen for Fabrikam AS');
    expect(msg.text.startsWith('Jeg godtar\n')).toBe(true);
    expect(msg.headers).toContainEqual({ key: 'x-auto-response-suppress', value: 'All' });
    expect(msg.isMultipartReport).toBe(false);
  });

  test.each([
    ['CRLF blank lines', '\r\n\r\n'],
    ['LF blank line', '\n'],
    ['whitespace-only line', '  \t\r\n'],
    ['mbox envelope line', 'From kari@fabrikam.example Tue Mar 12 14:21:07 2019\n'],
  ])('strips leading %s before parsing', async (_label, prefix) => {
    const raw = Buffer.from(`${prefix}From: Kari <KARI@Fabrikam.example>\r\nSubject: Re: x\r\n\r\nJeg godtar\r\n`);
    const msg = await parseInboundMessage(raw);
    expect(msg.from?.address).toBe('kari@fabrikam.example');
    expect(msg.subject).toBe('Re: x');
    expect(msg.text.trim()).toBe('Jeg godtar');
  });

  test.each([
    ['empty input', 'empty', ''],
    ['only blank lines', 'empty', '\r\n\r\n  \r\n'],
    ['plain text without headers', 'no-headers', 'Jeg godtar\r\nKari\r\n'],
    ['a first line that is a sentence with a colon', 'no-headers', 'Hello there: friend\r\n'],
  ] as const)('rejects %s with InboundMessageError(%s)', async (_label, code, raw) => {
    const parsing = parseInboundMessage(Buffer.from(raw));
    await expect(parsing).rejects.toBeInstanceOf(InboundMessageError);
    await expect(parsing).rejects.toMatchObject({ code });
  });

  test('collects lowercased recipients from To, Cc, groups and delivery headers without duplicates', async () => {
    const raw = Buffer.from(
      [
        'From: Kari <kari@fabrikam.example>',
        'To: Contoso <Reply+ABC@In.Contoso.example>, Team: a@fabrikam.example, B@Fabrikam.example;',
        'Cc: c@fabrikam.example',
        'Delivered-To: reply+abc@in.contoso.example',
        'X-Original-To: orig@in.contoso.example',
        'X-Forwarded-To: fwd@in.contoso.example',
        'References: <a@x> <b@y>,\r\n\t<c@z>',
        'In-Reply-To: <a@x> (comment)',
        '',
        'hi',
      ].join('\r\n'),
    );
    const msg = await parseInboundMessage(raw);
    expect(msg.recipients).toEqual([
      'reply+abc@in.contoso.example',
      'a@fabrikam.example',
      'b@fabrikam.example',
      'c@fabrikam.example',
      'orig@in.contoso.example',
      'fwd@in.contoso.example',
    ]);
    expect(msg.references).toEqual(['a@x', 'b@y', 'c@z']);
    expect(msg.inReplyTo).toBe('a@x');
  });

  test('converts an HTML-only body to text, keeping Outlook header lines for the reply extractor', async () => {
    const msg = await parseInboundMessage(readEml('replies', 'nb-outlook-html-accept.eml'));
    const lines = msg.text.split('\n');
    expect(lines[0]).toBe('Jeg godtar');
    expect(lines).toContain('Fra: Contoso Cloud AS <consent@contoso.example>');
    expect(lines).toContain('Sendt: tirsdag 12. mars 2019 10:00');
    expect(msg.text).not.toMatch(/<p|&nbsp;|MsoNormal/);
  });

  test('renders HTML blockquotes as "> " lines so a quote stays recognisable', async () => {
    const raw = Buffer.from(
      'From: a@fabrikam.example\r\nContent-Type: text/html; charset=utf-8\r\n\r\n' +
        '<div>Hello &amp; welcome</div><blockquote><p>Jeg godtar</p><blockquote>deeper</blockquote></blockquote><p>After</p>',
    );
    const msg = await parseInboundMessage(raw);
    expect(msg.text.split('\n').filter((l) => l !== '')).toEqual(['Hello & welcome', '> Jeg godtar', '> > deeper', 'After']);
  });

  test.each([
    ['unclosed <style', '<style'.repeat(100_000)],
    ['unclosed comments', '<!--'.repeat(100_000)],
    ['tags without ">"', '<a'.repeat(100_000)],
    ['one 2 MB tag name made of dashed parts', `<${'a-'.repeat(1_000_000)}`],
  ])('converts hostile HTML (%s) in linear time', async (_label, html) => {
    const started = Date.now();
    await parseInboundMessage(Buffer.from(`From: a@x.example\r\nContent-Type: text/html\r\n\r\n<p>Hei</p>${html}`));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('decodes format=flowed without joining a quoted line to the unquoted reply below it', async () => {
    // postal-mime alone turns "> Hi \r\nHello" into the single quoted line "> Hi Hello".
    const raw = Buffer.from(
      'From: a@fabrikam.example\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n' +
        'On 12/03/2019 10:00, Contoso wrote:\r\n> Hi \r\n> there\r\nI accept \r\non behalf of Fabrikam.\r\n-- \r\nKari\r\n',
    );
    const msg = await parseInboundMessage(raw);
    expect(msg.text.split('\n')).toEqual(['On 12/03/2019 10:00, Contoso wrote:', '> Hi there', 'I accept on behalf of Fabrikam.', '-- ', 'Kari', '']);
  });

  test('keeps the soft-break space out of the text when DelSp=yes', async () => {
    const raw = Buffer.from('From: a@x.example\r\nContent-Type: text/plain; format=flowed; delsp=yes\r\n\r\nJeg god \r\ntar\r\n');
    expect((await parseInboundMessage(raw)).text.trim()).toBe('Jeg godtar');
  });

  test('exposes report type and delivery-status text of a DSN, not the bounced original as body', async () => {
    const msg = await parseInboundMessage(readEml('automated', 'dsn-bounce.eml'));
    expect(msg.isMultipartReport).toBe(true);
    expect(msg.reportType).toBe('delivery-status');
    expect(msg.deliveryStatus).toContain('Final-Recipient: rfc822; kari@fabrikam.example');
    expect(msg.text).toContain('could not');
    expect(msg.text).not.toContain('Jeg godtar');
    expect(msg.reportedMessageId).toBe('consent-6612a0b1c2d3e4f5a6b7c8d9.8f1e2d@contoso.example');
  });

  test('reads the returned Message-ID from a text/rfc822-headers part (folded field)', async () => {
    const raw = Buffer.from(
      [
        'From: MAILER-DAEMON@mx.example',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; kari@fabrikam.example',
        'Action: failed',
        '--b',
        'Content-Type: text/rfc822-headers',
        '',
        'Subject: MCA',
        'Message-ID:',
        ' <consent-1-1@reply.example>',
        '--b--',
        '',
      ].join('\r\n'),
    );
    expect((await parseInboundMessage(raw)).reportedMessageId).toBe('consent-1-1@reply.example');
  });

  test('drops an unparseable Date instead of returning an Invalid Date', async () => {
    const msg = await parseInboundMessage(Buffer.from('From: a@x.example\r\nDate: sometime last week\r\n\r\nhi'));
    expect(msg.date).toBeUndefined();
  });
});
