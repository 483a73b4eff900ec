import { parseDeliveryStatus } from '@mca/inbound-email';

describe('parseDeliveryStatus', () => {
  test('keeps the Original-Recipient next to a rewritten Final-Recipient', () => {
    const text = [
      'Reporting-MTA: dns; mx.fabrikam.example',
      '',
      'Original-Recipient: rfc822; Kari@Fabrikam.example',
      'Final-Recipient: rfc822; mbox-4711@internal.fabrikam.example',
      'Action: failed',
      'Status: 5.1.1',
      '',
      'Final-Recipient: rfc822; ola@fabrikam.example',
      'Action: delayed',
    ].join('\r\n');
    expect(parseDeliveryStatus(text)).toEqual([
      { recipient: 'mbox-4711@internal.fabrikam.example', originalRecipient: 'kari@fabrikam.example', action: 'failed', status: '5.1.1' },
      { recipient: 'ola@fabrikam.example', action: 'delayed' },
    ]);
  });
});
