import type { AuthVerdict, ReplyClassification } from '@mca/inbound-email';
import { decideReply } from '../../../workers/inbound-email/decide-reply';

const accept: ReplyClassification = { verdict: 'accept', reason: 'matched "I accept"' };
const decline: ReplyClassification = { verdict: 'decline', reason: 'matched "I do not accept"' };
const auth = (over: Partial<AuthVerdict>): AuthVerdict => ({
  source: 'authentication-results',
  dkim: 'pass',
  spf: 'pass',
  dmarc: 'pass',
  authentic: true,
  alignedDkimPass: true,
  alignedSpfPass: true,
  detail: 'test',
  ...over,
});
const base = { senderIsRepresentative: true, sender: 'kari@fabrikam.example', quoteLeak: false, crossCheck: 'agrees' as const };
const spfOnly = auth({ dkim: 'none', alignedDkimPass: false });

describe('decideReply and AUTO_ACCEPT_AUTH', () => {
  test('dkim (default): a DMARC pass through aligned SPF alone is not enough, for an accept or a decline', () => {
    for (const classification of [accept, decline]) {
      const decision = decideReply({ ...base, auth: spfOnly, classification, autoAcceptAuth: 'dkim' });
      expect(decision).toMatchObject({ outcome: 'needs-review' });
      expect(decision.outcome === 'needs-review' && decision.reasons.join()).toMatch(
        /no DMARC-aligned DKIM signature \(this service accepts automatically only on DKIM\)/,
      );
    }
  });

  test('dkim: an aligned DKIM pass accepts', () => {
    expect(decideReply({ ...base, auth: auth({ spf: 'none', alignedSpfPass: false }), classification: accept, autoAcceptAuth: 'dkim' })).toEqual({
      outcome: 'accepted',
    });
  });

  test('dmarc: aligned SPF counts too', () => {
    expect(decideReply({ ...base, auth: spfOnly, classification: accept, autoAcceptAuth: 'dmarc' })).toEqual({ outcome: 'accepted' });
  });

  test('neither mode accepts what is not authentic', () => {
    for (const autoAcceptAuth of ['dkim', 'dmarc'] as const) {
      expect(decideReply({ ...base, auth: auth({ authentic: false, dmarc: 'fail' }), classification: accept, autoAcceptAuth }).outcome).toBe('needs-review');
    }
  });

  test('a clear accept read whole is accepted; one read from a body that was cut goes to review, with the reason', () => {
    const whole = { ...base, auth: auth({}), classification: accept, autoAcceptAuth: 'dkim' as const };
    expect(decideReply(whole)).toEqual({ outcome: 'accepted' });
    for (const classification of [accept, decline]) {
      expect(decideReply({ ...whole, classification, cut: { totalChars: 90_000, totalLines: 4_000 } })).toEqual({
        outcome: 'needs-review',
        reasons: [expect.stringMatching(/^the reply is longer than can be read automatically \(90000 characters, 4000 lines/)],
      });
    }
  });
});
