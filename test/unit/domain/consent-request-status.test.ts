import { FINAL_STATUSES, REQUEST_STATUSES, canTransition, mcaStatusFor, statusesLeadingTo } from '@mca/shared';

describe('consent request state machine', () => {
  test('nothing leaves a final status', () => {
    for (const from of FINAL_STATUSES) for (const to of REQUEST_STATUSES) expect(canTransition(from, to)).toBe(false);
  });
  test('a reply can accept a request that is sent, queued or under review', () => {
    expect(statusesLeadingTo('accepted').sort()).toEqual(['needs-review', 'queued', 'sent']);
  });
  test('a bounced or failed request can be resent but not accepted by a late reply', () => {
    expect(canTransition('bounced', 'queued')).toBe(true);
    expect(canTransition('failed', 'queued')).toBe(true);
    expect(canTransition('bounced', 'accepted')).toBe(false);
  });
  test('every request status maps to a customer MCA status', () => {
    expect(REQUEST_STATUSES.map(mcaStatusFor)).toEqual([
      'pending', 'pending', 'needs-review', 'needs-review', 'needs-review', 'accepted', 'declined', 'expired', 'not-requested',
    ]);
  });
});
