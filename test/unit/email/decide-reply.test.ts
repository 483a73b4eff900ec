import { decideReply } from '../../../workers/inbound-email/decide-reply';
import type { AuthVerdict } from '../../../shared/src/email';

const authentic: AuthVerdict = { source: 'authentication-results', authentic: true, dkim: 'pass', spf: 'pass', dmarc: 'pass', detail: 'test' };
const base = {
  senderIsRepresentative: true,
  sender: 'kari@fabrikam.example',
  auth: authentic,
  classification: { verdict: 'accept' as const, reason: 'accept phrase "jeg godtar"' },
  quoteLeak: false,
  crossCheck: 'agrees' as const,
};

describe('decideReply and the reading limits', () => {
  test('a clear accept read whole is accepted', () => {
    expect(decideReply(base)).toEqual({ outcome: 'accepted' });
  });

  test.each(['accept', 'decline'] as const)('a %s read from a body that was cut goes to review, with the reason', (verdict) => {
    const decision = decideReply({ ...base, classification: { verdict, reason: 'x' }, cut: { totalChars: 90_000, totalLines: 4_000 } });
    expect(decision).toEqual({
      outcome: 'needs-review',
      reasons: [expect.stringMatching(/^the reply is longer than can be read automatically \(90000 characters, 4000 lines/)],
    });
  });
});
