import { awaitingMicrosoftDetail, decideOrder, effectOfConsent, lockReasonOf, orderRefusal, unlockStepFor } from '@mca/core';

const enforcementDate = new Date('2019-03-22T00:00:00Z');
const after = Date.parse('2026-01-10T12:00:00Z');
const before = Date.parse('2019-03-21T23:59:59Z');

describe('unlock policy', () => {
  test('under consent any layer accepts; under consent+microsoft written consent waits for Microsoft', () => {
    expect(effectOfConsent('consent', 'written')).toBe('accept');
    expect(effectOfConsent('consent', 'microsoft')).toBe('accept');
    expect(effectOfConsent('consent+microsoft', 'written')).toBe('await-microsoft');
    expect(effectOfConsent('consent+microsoft', 'microsoft')).toBe('accept');
  });
  test('the unlock job unlocks an accepted customer, starts Microsoft step for written-only consent, else does nothing', () => {
    expect(unlockStepFor('consent', { status: 'accepted', hasWrittenConsent: false })).toBe('unlock');
    expect(unlockStepFor('consent+microsoft', { status: 'accepted', hasWrittenConsent: true })).toBe('unlock');
    expect(unlockStepFor('consent+microsoft', { status: 'pending', hasWrittenConsent: true })).toBe('start-microsoft-step');
    expect(unlockStepFor('consent+microsoft', { status: 'pending', hasWrittenConsent: false })).toBe('none');
    // A policy switched back to consent: a written-only customer is no business of the unlock job.
    expect(unlockStepFor('consent', { status: 'pending', hasWrittenConsent: true })).toBe('none');
  });
  test('a written-only customer is refused in words that say Microsoft is pending', () => {
    expect(lockReasonOf({ writtenOnly: true })).toEqual({ kind: 'awaiting-microsoft' });
    expect(orderRefusal(lockReasonOf({ writtenOnly: true })).detail).toMatch(/Microsoft has not yet confirmed/);
    expect(orderRefusal(lockReasonOf({ writtenOnly: false })).detail).toMatch(/has not accepted the Microsoft Customer Agreement/);
    expect(awaitingMicrosoftDetail('email')).toMatch(/written consent recorded \(email\)/);
  });
});

describe('order decision with a lock reason', () => {
  const refused = { kind: 'microsoft-refused', code: '13605', text: 'no partner confirmation' } as const;
  test("Microsoft's 13605 refuses with Microsoft's words after the enforcement date, not before it", () => {
    expect(decideOrder({ program: 'CSP', action: 'new-order', orderingUnlocked: false, now: after, enforcementDate, locked: refused })).toEqual({
      allowed: false,
      code: 'MCA_NOT_ACCEPTED',
      detail: expect.stringContaining('(13605: no partner confirmation)'),
    });
    expect(decideOrder({ program: 'CSP', action: 'new-order', orderingUnlocked: false, now: before, enforcementDate, locked: refused }).allowed).toBe(true);
    expect(decideOrder({ program: 'SPLA', action: 'new-order', orderingUnlocked: false, now: after, enforcementDate, locked: refused }).allowed).toBe(true);
  });
  test('a plain refusal says why Partner Center was not asked, when it was not', () => {
    const d = decideOrder({
      program: 'CSP',
      action: 'quantity-change',
      orderingUnlocked: false,
      now: after,
      enforcementDate,
      locked: { kind: 'no-consent', notChecked: 'not the reseller' },
    });
    expect(!d.allowed && d.detail).toMatch(/blocked until they do\. not the reseller\.$/);
  });
});
