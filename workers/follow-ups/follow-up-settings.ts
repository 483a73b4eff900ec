import type { Config } from '@mca/core';

/** The reminder cadence and expiry of this deployment, as the domain rules take them. */
export const followUpSettings = (config: Pick<Config, 'REMINDER_AFTER' | 'REQUEST_EXPIRES_AFTER'>) => ({
  reminderAfter: config.REMINDER_AFTER,
  expiresAfter: config.REQUEST_EXPIRES_AFTER,
});
