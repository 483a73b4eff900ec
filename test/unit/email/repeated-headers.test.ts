import { findRepeatedHeaders, parseInboundMessage } from '@mca/inbound-email';

const raw = (lines: string[]) => Buffer.from([...lines, '', 'Jeg godtar', ''].join('\r\n'));

describe('findRepeatedHeaders (on the raw header block)', () => {
  test('names every field RFC 5322 allows once that appears more often, however spelled', () => {
    const repeated = findRepeatedHeaders(
      raw([
        'From: Kari <kari@fabrikam.example>',
        'message-id: <a@fabrikam.example>',
        'To: reply+abc@in.contoso.example',
        'MESSAGE-ID : <b@fabrikam.example>',
        'from: Boss <boss@fabrikam.example>',
        'Subject: one',
        'Subject:\r\n two (folded)',
        'Received: from a',
        'Received: from b',
      ]),
    );
    expect(repeated).toEqual([
      { name: 'From', count: 2 },
      { name: 'Message-ID', count: 2 },
      { name: 'Subject', count: 2 },
    ]);
  });

  test('stops at the end of the header block: a body or an attached message may repeat anything', () => {
    expect(findRepeatedHeaders(raw(['From: a@x.example', 'To: b@y.example', '', 'From: c@z.example', 'To: d@w.example']))).toEqual([]);
  });

  test('parseInboundMessage reports them, although the parser keeps only one value', async () => {
    const msg = await parseInboundMessage(
      raw(['From: a@x.example', 'Date: Tue, 12 Mar 2019 14:21:07 +0100', 'Date: Wed, 13 Mar 2019 14:21:07 +0100', 'In-Reply-To: <x@y>', 'In-Reply-To: <z@y>']),
    );
    expect(msg.repeatedHeaders).toEqual([
      { name: 'Date', count: 2 },
      { name: 'In-Reply-To', count: 2 },
    ]);
  });
});

describe('addressees (correlation reads only To and Cc)', () => {
  test('delivery headers any hop can write are not addressees', async () => {
    const msg = await parseInboundMessage(
      raw([
        'From: a@x.example',
        'To: Us <Reply+ABC@In.Contoso.example>',
        'Cc: c@x.example',
        'Delivered-To: reply+def@in.contoso.example',
        'X-Original-To: reply+ghi@in.contoso.example',
      ]),
    );
    expect(msg.addressees).toEqual(['reply+abc@in.contoso.example', 'c@x.example']);
  });
});
