import { followUpsAfterSend, type Channel, type Config } from '@mca/core';
import { followUpSettings } from './follow-up-settings';

/**
 * What a request's move to `sent` records besides its status: the send's clock, its expiry and
 * its first reminder (each send, a resend too, starts both afresh).
 */
export function followUpsOfSend(config: Config, channel: Channel, now: Date) {
  const { nextReminderAt, ...schedule } = followUpsAfterSend(followUpSettings(config), channel, now);
  return {
    set: { ...schedule, ...(nextReminderAt ? { nextReminderAt } : {}) },
    unset: nextReminderAt ? [] : (['nextReminderAt'] as const),
  };
}
