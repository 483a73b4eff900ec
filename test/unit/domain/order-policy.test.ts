import { decideOrder } from '@mca/core';

const enforcementDate = new Date('2019-03-22T00:00:00Z');
const after = Date.parse('2026-01-10T12:00:00Z');
const before = Date.parse('2019-03-21T23:59:59Z');

describe('order policy', () => {
  test.each([
    ['SPLA', 'new-order', false, after, true],
    ['SPLA', 'quantity-change', false, after, true],
    ['CSP', 'new-order', false, after, false],
    ['CSP', 'quantity-change', false, after, false],
    ['CSP', 'new-order', true, after, true],
    ['CSP', 'quantity-change', true, after, true],
    ['CSP', 'new-order', false, before, true],
    ['CSP', 'new-order', false, enforcementDate.getTime(), false],
  ] as const)('%s %s unlocked=%s -> allowed=%s', (program, action, orderingUnlocked, now, allowed) => {
    const d = decideOrder({ program, action, orderingUnlocked, now, enforcementDate });
    expect(d.allowed).toBe(allowed);
    if (!d.allowed) expect(d).toMatchObject({ code: 'MCA_NOT_ACCEPTED', detail: expect.stringMatching(/Microsoft Customer Agreement/) });
  });
});
