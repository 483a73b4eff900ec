import {
  ACCEPTS_REPLIES,
  acceptsReply,
  replyMovesFrom,
  BLOCKS_NEW_REQUEST,
  CHECKED_WITH_MICROSOFT,
  FINAL_STATUSES,
  LIVE_STATUSES,
  MICROSOFT_STEP_UNDER_WAY,
  REQUEST_STATUSES,
  RESENDABLE_STATUSES,
  canTransition,
  mcaStatusFor,
  statusesLeadingTo,
} from '@mca/core';

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
      'pending',
      'pending',
      'needs-review',
      'needs-review',
      'needs-review',
      'accepted',
      'declined',
      'expired',
      'not-requested',
    ]);
  });
});

describe('status groups', () => {
  test('live and final split the statuses: a final one has no way out, a live one can still be cancelled', () => {
    expect([...LIVE_STATUSES, ...FINAL_STATUSES].sort()).toEqual([...REQUEST_STATUSES].sort());
    for (const s of LIVE_STATUSES) expect(canTransition(s, 'cancelled')).toBe(true);
    for (const s of FINAL_STATUSES) expect(REQUEST_STATUSES.some((to) => canTransition(s, to))).toBe(false);
  });
  test('a request that accepts replies can be accepted or declined by one; a failed one never reached anybody', () => {
    for (const s of ACCEPTS_REPLIES) {
      expect(canTransition(s, 'accepted')).toBe(true);
      expect(canTransition(s, 'declined') || s === 'queued').toBe(true);
    }
    expect(ACCEPTS_REPLIES).not.toContain('failed');
  });
  test('the narrower groups are live ones', () => {
    for (const group of [ACCEPTS_REPLIES, BLOCKS_NEW_REQUEST, CHECKED_WITH_MICROSOFT, MICROSOFT_STEP_UNDER_WAY, RESENDABLE_STATUSES]) {
      for (const s of group) expect(LIVE_STATUSES).toContain(s);
    }
  });
  test('a resend starts from wherever the machine allows queued', () => {
    expect([...RESENDABLE_STATUSES].sort()).toEqual(['bounced', 'failed', 'needs-review', 'sent']);
  });
});

describe('a reply received in time', () => {
  const expiresAt = new Date('2026-12-01T12:00:00Z');
  const before = { receivedAt: new Date('2026-12-01T11:59:59Z') };
  const after = { receivedAt: new Date('2026-12-01T12:00:01Z') };
  test('may act on an expired request only when it arrived before the expiry', () => {
    expect(acceptsReply({ status: 'expired', expiresAt }, before)).toBe(true);
    expect(acceptsReply({ status: 'expired', expiresAt }, after)).toBe(false);
    expect(acceptsReply({ status: 'cancelled', expiresAt }, before)).toBe(false);
    expect(acceptsReply({ status: 'sent', expiresAt }, after)).toBe(true);
  });
  test('moves the request from expired too, and only then', () => {
    expect(replyMovesFrom('accepted', { expiresAt }, before)).toContain('expired');
    expect(replyMovesFrom('accepted', { expiresAt }, after)).not.toContain('expired');
    expect(replyMovesFrom('declined', {}, before)).not.toContain('expired');
  });
});
