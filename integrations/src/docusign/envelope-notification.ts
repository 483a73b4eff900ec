import type { SdkNotification } from './sdk-types';

const DAY_MS = 86_400_000;

/** The envelope's own reminder and expiry, in DocuSign's terms (whole days). */
export interface EnvelopeNotificationSettings {
  /** Days after sending until the first reminder; undefined: DocuSign sends none. */
  reminderDelayDays?: number;
  /** Days between further reminders (DocuSign repeats at this interval until the envelope ends). */
  reminderFrequencyDays?: number;
  /** How many reminders at most (the SDK's `maximumReminderCount`): REMINDER_AFTER's length. */
  reminderCount?: number;
  expireAfterDays: number;
}

/** DocuSign counts whole days, at least one: 36 hours is 2 days, a test's 2 seconds is 1 day. */
export const wholeDays = (ms: number) => Math.max(1, Math.round(ms / DAY_MS));

/**
 * REMINDER_AFTER and REQUEST_EXPIRES_AFTER as DocuSign's envelope notification: the first
 * reminder after the first entry, then every (second − first) days; with one entry, the
 * frequency is the expiry, so DocuSign does not repeat it before the envelope expires. DocuSign
 * repeats at one fixed interval, so a third entry and beyond come at the first gap's interval;
 * `maximumReminderCount` stops it after as many reminders as REMINDER_AFTER lists.
 * Reminders at or after the expiry are left out, as for email.
 */
export function envelopeNotification(settings: { reminderAfter: readonly number[]; expiresAfter: number }): EnvelopeNotificationSettings {
  const expireAfterDays = wholeDays(settings.expiresAfter);
  const reminders = settings.reminderAfter.filter((ms) => ms < settings.expiresAfter);
  if (reminders.length === 0) return { expireAfterDays };
  const reminderDelayDays = wholeDays(reminders[0]!);
  const reminderFrequencyDays = reminders.length > 1 ? wholeDays(reminders[1]! - reminders[0]!) : expireAfterDays;
  return { reminderDelayDays, reminderFrequencyDays, reminderCount: reminders.length, expireAfterDays };
}

/** The SDK's `Notification` model; `useAccountDefaults: false` so the account's own settings do not override ours. */
export function sdkNotification(n: EnvelopeNotificationSettings): SdkNotification {
  return {
    useAccountDefaults: 'false',
    reminders:
      n.reminderDelayDays === undefined
        ? { reminderEnabled: 'false' }
        : {
            reminderEnabled: 'true',
            reminderDelay: String(n.reminderDelayDays),
            reminderFrequency: String(n.reminderFrequencyDays ?? n.reminderDelayDays),
            ...(n.reminderCount !== undefined ? { maximumReminderCount: String(n.reminderCount) } : {}),
          },
    expirations: { expireEnabled: 'true', expireAfter: String(n.expireAfterDays), expireWarn: '0' },
  };
}
