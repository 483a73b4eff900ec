import { detectAutomatedMessage, parseInboundMessage, type InboundMessage } from '@mca/inbound-email';
import { listEml, readEml } from './email-fixtures';

function message(
  headers: Array<[string, string]>,
  subject = 'SV: Forespørsel om å godta Microsoft-kundeavtalen',
  from = 'kari@fabrikam.example',
): InboundMessage {
  return {
    isMultipartReport: false,
    references: [],
    recipients: [],
    addressees: [],
    repeatedHeaders: [],
    from: { address: from },
    subject,
    text: 'Jeg godtar',
    headers: headers.map(([key, value]) => ({ key: key.toLowerCase(), value })),
  };
}

describe('detectAutomatedMessage on fixtures', () => {
  test.each([
    ['nb-exchange-oof.eml', 'auto-reply', /subject starts with "automatisk svar"/],
    ['de-exchange-oof.eml', 'auto-reply', /Auto-Submitted: auto-generated/],
    ['en-rfc3834-auto-replied.eml', 'auto-reply', /Auto-Submitted: auto-replied/],
    ['dsn-bounce.eml', 'bounce', /delivery-status: kari@fabrikam\.example failed 5\.1\.1/],
  ] as const)('%s is %s', async (file, kind, reason) => {
    const result = detectAutomatedMessage(await parseInboundMessage(readEml('automated', file)));
    expect(result.kind).toBe(kind);
    expect(result.reason).toMatch(reason);
  });

  test('the DSN names the failed recipient', async () => {
    const result = detectAutomatedMessage(await parseInboundMessage(readEml('automated', 'dsn-bounce.eml')));
    expect(result).toMatchObject({ kind: 'bounce', failedRecipients: ['kari@fabrikam.example'] });
  });

  // Outlook replies in the fixtures carry "X-Auto-Response-Suppress: All", as real ones do.
  test.each(listEml('replies'))('human reply %s is not automated', async (file) => {
    expect(detectAutomatedMessage(await parseInboundMessage(readEml('replies', file)))).toEqual({ kind: 'none' });
  });
});

describe('detectAutomatedMessage header and subject rules', () => {
  test.each([
    [[['Auto-Submitted', 'auto-generated']], 'Auto-Submitted: auto-generated'],
    [[['Auto-Submitted', 'Auto-Replied; owner-email="x@y.example"']], 'Auto-Submitted: auto-replied'],
    [[['Auto-Submitted', 'auto-notified (vacation)']], 'Auto-Submitted: auto-notified'],
    [[['X-Autoreply', 'yes']], 'x-autoreply: yes'],
    [[['X-Autorespond', 'Out of office']], 'x-autorespond: Out of office'],
    [[['Precedence', 'auto_reply']], 'Precedence: auto_reply'],
    [[['Precedence', 'bulk']], 'Precedence: bulk'],
    [[['Precedence', 'junk']], 'Precedence: junk'],
    [[['Precedence', 'list']], 'Precedence: list'],
    [[['X-Auto-Response-Suppress', 'DR, OOF, AutoReply']], 'X-Auto-Response-Suppress: DR, OOF, AutoReply'],
    [[['X-Auto-Response-Suppress', 'OOF']], 'X-Auto-Response-Suppress: OOF'],
    [[['X-MS-Exchange-Inbox-Rules-Loop', 'kari@fabrikam.example']], 'X-MS-Exchange-Inbox-Rules-Loop present'],
    [[['Return-Path', '<>']], 'null Return-Path <>'],
  ] as Array<[Array<[string, string]>, string]>)('%j is an auto-reply', (headers, reason) => {
    expect(detectAutomatedMessage(message(headers))).toEqual({ kind: 'auto-reply', reason });
  });

  test.each([
    [[['Auto-Submitted', 'no']]],
    [[['Auto-Submitted', 'No (sent by a person)']]],
    [[['X-Auto-Response-Suppress', 'All']]],
    [[['X-Auto-Response-Suppress', 'DR, RN, NRN']]],
    [[['X-Autoreply', 'no']]],
    [[['Precedence', 'first-class']]],
    [[['Return-Path', '<kari@fabrikam.example>']]],
  ] as Array<[Array<[string, string]>]>)('%j alone is a human reply', (headers) => {
    expect(detectAutomatedMessage(message(headers))).toEqual({ kind: 'none' });
  });

  test.each([
    'Automatic reply: Please accept the Microsoft Customer Agreement',
    'Auto: Please accept',
    'Out of Office: Please accept',
    'Automatisk svar: Forespørsel om å godta',
    'Fraværsmelding: Forespørsel',
    'Abwesenheitsnotiz: Bitte um Zustimmung',
    'Automatische Antwort: Bitte um Zustimmung',
    'Automatiskt svar: Begäran om godkännande',
    'Automatisch antwoord: Verzoek om akkoord',
    'Automaattinen vastaus: Microsoftin asiakassopimuksen hyväksyminen',
    '  OOO: back Monday',
  ])('subject %j is an auto-reply', (subject) => {
    expect(detectAutomatedMessage(message([], subject)).kind).toBe('auto-reply');
  });

  test.each([
    'SV: Forespørsel om å godta Microsoft-kundeavtalen',
    'AW: Automatische Antworten sind lästig', // the phrase is not at the start
    'Re: Autoriseret forhandler',
    'Automobile fleet licences', // "Auto" without a colon
    'Outofoffice',
  ])('subject %j is not an auto-reply', (subject) => {
    expect(detectAutomatedMessage(message([], subject)).kind).toBe('none');
  });

  test.each([
    ['MAILER-DAEMON@mx.fabrikam.example', 'Whatever', []],
    ['postmaster@fabrikam.example', 'Undeliverable: Forespørsel om å godta', []],
    ['mail-delivery-system@fabrikam.example', 'Returned mail', []],
  ] as Array<[string, string, Array<[string, string]>]>)('sender %s with subject %j is a bounce', (from, subject, headers) => {
    expect(detectAutomatedMessage(message(headers, subject, from)).kind).toBe('bounce');
  });

  test('a failure subject from an ordinary sender with a null Return-Path is a bounce', () => {
    expect(detectAutomatedMessage(message([['Return-Path', '<>']], 'Nicht zustellbar: Bitte um Zustimmung', 'system@fabrikam.example')).kind).toBe('bounce');
  });

  test('a postmaster writing without a failure subject is not classified as a bounce', () => {
    expect(detectAutomatedMessage(message([], 'SV: Forespørsel', 'postmaster@fabrikam.example')).kind).toBe('none');
  });

  // Gmail's "Delivery Status Notification (Delay)", Postfix's delay_warning_time: still being retried.
  test.each(['delayed', 'delivered', 'relayed'])('a DSN whose only recipient is %s is automatic, not a bounce', (action) => {
    const msg: InboundMessage = {
      ...message([], 'Delivery Status Notification (Delay)', 'mailer-daemon@googlemail.com'),
      isMultipartReport: true,
      reportType: 'delivery-status',
      deliveryStatus: `Reporting-MTA: dns; mx.google.com\r\n\r\nFinal-Recipient: rfc822; kari@fabrikam.example\r\nAction: ${action}\r\nStatus: 4.2.2\r\n`,
    };
    expect(detectAutomatedMessage(msg)).toEqual({
      kind: 'auto-reply',
      reason: `multipart/report delivery-status: kari@fabrikam.example ${action} 4.2.2 (not a failure)`,
    });
  });

  test('a DSN with one failed recipient among delayed ones is a bounce', () => {
    const msg: InboundMessage = {
      ...message([]),
      isMultipartReport: true,
      reportType: 'delivery-status',
      deliveryStatus:
        'Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@x.example\nAction: delayed\n\nFinal-Recipient: rfc822; kari@fabrikam.example\nAction: failed\nStatus: 5.1.1\n',
    };
    expect(detectAutomatedMessage(msg)).toMatchObject({ kind: 'bounce', failedRecipients: ['kari@fabrikam.example'] });
  });

  test('a multipart/report that is not a DSN (read receipt) is automatic, not a bounce', () => {
    const msg: InboundMessage = { ...message([]), isMultipartReport: true, reportType: 'disposition-notification' };
    expect(detectAutomatedMessage(msg)).toEqual({ kind: 'auto-reply', reason: 'multipart/report; report-type=disposition-notification' });
  });
});
