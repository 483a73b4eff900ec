import { describeDuration, followUpsAfterSend, noAnswerWithin, reminderDueAt } from '@mca/core';

const sentAt = new Date('2026-03-01T10:00:00.000Z');
const DAY = 86_400_000;
const settings = { reminderAfter: [3 * DAY, 7 * DAY], expiresAfter: 30 * DAY };

describe('reminder and expiry schedule', () => {
  test('an email send: expiry and first reminder from the send', () => {
    expect(followUpsAfterSend(settings, 'email', sentAt)).toEqual({
      sentAt,
      expiresAt: new Date('2026-03-31T10:00:00.000Z'),
      remindersSent: 0,
      nextReminderAt: new Date('2026-03-04T10:00:00.000Z'),
    });
  });

  test('DocuSign sends expire but are not reminded by us (DocuSign reminds); microsoft link emails are, as email', () => {
    expect(followUpsAfterSend(settings, 'docusign', sentAt).nextReminderAt).toBeUndefined();
    expect(followUpsAfterSend(settings, 'docusign', sentAt).expiresAt).toEqual(new Date('2026-03-31T10:00:00.000Z'));
    expect(followUpsAfterSend(settings, 'microsoft', sentAt)).toEqual(followUpsAfterSend(settings, 'email', sentAt));
  });

  test('reminder n is the nth entry; none past the list, none at or after the expiry', () => {
    expect(reminderDueAt(settings, sentAt, 2)).toEqual(new Date('2026-03-08T10:00:00.000Z'));
    expect(reminderDueAt(settings, sentAt, 3)).toBeUndefined();
    expect(reminderDueAt({ reminderAfter: [2_000, 6_000], expiresAfter: 6_000 }, sentAt, 2)).toBeUndefined();
    expect(followUpsAfterSend({ reminderAfter: [], expiresAfter: 6_000 }, 'email', sentAt).nextReminderAt).toBeUndefined();
  });

  test('fractional seconds stay exact', () => {
    expect(reminderDueAt({ reminderAfter: [1_500], expiresAfter: 6_000 }, sentAt, 1)).toEqual(new Date(sentAt.getTime() + 1_500));
  });

  test('the expiry detail reads as people write durations', () => {
    expect(describeDuration(30 * DAY)).toBe('30 days');
    expect(describeDuration(DAY)).toBe('1 day');
    expect(describeDuration(6_000)).toBe('6 seconds');
    expect(describeDuration(5_400_000)).toBe('1.5 hours');
    expect(noAnswerWithin(30 * DAY)).toBe('no answer from the representative within 30 days; the request expired');
  });
});
