import { FINAL_STATUSES, REQUEST_STATUSES, canTransition, mcaStatusFor, statusesLeadingTo } from '@mca/shared';

describe('consent request state machine', () => {
  test('nothing leaves a final status', () => {
    for (const from of FINAL_STATUSES) for (const to of REQUEST_STATUSES) expect(canTransition(from, to)).toBe(false);
  });
  test('a reply can accept a request that is sent, queued, under review or bounced', () => {
    expect(statusesLeadingTo('accepted').sort()).toEqual(['bounced', 'needs-review', 'queued', 'sent']);
  });
  // A bounce is one report of one delivery: the representative's genuine reply after it
  // proves the email arrived, and a forged bounce must not lock the genuine reply out.
  test('a bounced request can be resent and still takes a late reply; a failed one can only be resent', () => {
    expect(canTransition('bounced', 'queued')).toBe(true);
    expect(canTransition('failed', 'queued')).toBe(true);
    expect(canTransition('bounced', 'accepted')).toBe(true);
    expect(canTransition('bounced', 'declined')).toBe(true);
    expect(canTransition('bounced', 'needs-review')).toBe(true);
    expect(canTransition('failed', 'accepted')).toBe(false);
  });
  test('every request status maps to a customer MCA status', () => {
    expect(REQUEST_STATUSES.map(mcaStatusFor)).toEqual([
      'pending', 'pending', 'needs-review', 'needs-review', 'needs-review', 'accepted', 'declined', 'expired', 'not-requested',
    ]);
  });
});
