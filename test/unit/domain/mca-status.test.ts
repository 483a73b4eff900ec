import { MAY_START_REQUEST, MCA_STATUSES, REQUEST_STATUSES, canMcaTransition, mcaStatusFollowing, mcaStatusesLeadingTo } from '@mca/core';

describe('customer MCA status state machine', () => {
  test('nothing moves an accepted customer; consent accepts a customer from any other status', () => {
    for (const to of MCA_STATUSES) expect(canMcaTransition('accepted', to)).toBe(false);
    expect(mcaStatusesLeadingTo('accepted').sort()).toEqual(['declined', 'expired', 'needs-review', 'not-requested', 'pending']);
  });
  test('a new request claims a customer that is neither accepted nor pending on another one', () => {
    expect([...MAY_START_REQUEST].sort()).toEqual(['declined', 'expired', 'needs-review', 'not-requested']);
    // Written consent under consent+microsoft, or the Microsoft step, re-points a pending customer.
    expect(canMcaTransition('pending', 'pending')).toBe(true);
  });
  test('a decided customer changes only with a new request or a consent (or, once expired, a reply received in time)', () => {
    expect(MCA_STATUSES.filter((to) => canMcaTransition('declined', to)).sort()).toEqual(['accepted', 'pending']);
    expect(MCA_STATUSES.filter((to) => canMcaTransition('expired', to)).sort()).toEqual(['accepted', 'declined', 'needs-review', 'pending']);
  });
  test('the customer follows every request status but accepted, and each such move is allowed from pending', () => {
    expect(mcaStatusFollowing('accepted')).toBeUndefined();
    for (const s of REQUEST_STATUSES.filter((s) => s !== 'accepted')) {
      const to = mcaStatusFollowing(s)!;
      expect(to).toBeDefined();
      expect(canMcaTransition('pending', to)).toBe(true);
    }
  });
  test('a request in review can still move its customer on (resent, decided, expired, cancelled)', () => {
    for (const to of ['pending', 'declined', 'expired', 'not-requested', 'needs-review'] as const) expect(canMcaTransition('needs-review', to)).toBe(true);
  });
});
