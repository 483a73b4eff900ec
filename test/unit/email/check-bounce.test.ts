import { checkBounce } from '../../../workers/inbound-email/check-bounce';

const OUR_ID = 'consent-0123456789abcdef0123456789abcdef@reply.contoso.example';
const request = { messageIds: [OUR_ID], representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'Kari@Fabrikam.example' } };
const bounce = (failedRecipients: string[]) => ({ kind: 'bounce' as const, reason: 'test', failedRecipients });

describe('checkBounce: who may close a request as bounced', () => {
  test("anything that looks like a bounce, on the request's own bounce address", () => {
    expect(checkBounce({ via: 'bounce-address', bounce: bounce([]), request })).toMatchObject({ verified: true });
  });

  test('a delivery report returning our message and naming the representative as failed, wherever it arrived', () => {
    for (const via of ['reply-address', 'thread', 'returned-message'] as const) {
      expect(checkBounce({ via, bounce: bounce(['kari@fabrikam.example']), reportedMessageId: OUR_ID, request })).toMatchObject({ verified: true });
    }
  });

  test.each([
    ['a MAILER-DAEMON message on the reply address', { via: 'reply-address' as const, bounce: bounce([]) }, /not sent to the request's bounce address/],
    [
      'a report naming someone else',
      { via: 'returned-message' as const, bounce: bounce(['boss@fabrikam.example']), reportedMessageId: OUR_ID },
      /names boss@fabrikam\.example, not the representative/,
    ],
    [
      'a report returning a message that is not ours',
      { via: 'reply-address' as const, bounce: bounce(['kari@fabrikam.example']), reportedMessageId: 'other@x.example' },
      /is not a delivery report that returns a message we sent/,
    ],
  ])('not: %s', (_label, input, reason) => {
    const check = checkBounce({ ...input, request });
    expect(check.verified).toBe(false);
    expect(!check.verified && check.reason).toMatch(reason);
  });

  test("a server's diagnostic quoting the refused address is kept with the address masked (it goes to history, the chain and the partner)", () => {
    const quoting = { kind: 'bounce' as const, reason: '550 5.1.1 <Kari@Fabrikam.example>: Recipient address rejected', failedRecipients: [] };
    const check = checkBounce({ via: 'bounce-address', bounce: quoting, request });
    expect(check).toMatchObject({ verified: true, detail: expect.stringContaining('550 5.1.1') });
    expect(check.verified && check.detail).not.toMatch(/kari@fabrikam/i);
    expect(check.verified && check.detail).toMatch(/email#[0-9a-f]{8}@/);
  });
});
