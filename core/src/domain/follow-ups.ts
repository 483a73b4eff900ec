import type { RequestStatus } from './consent-request-status';

export type FollowUpChannel = 'email' | 'docusign' | 'microsoft';

/**
 * Reminders go to a representative who has not answered: `sent` only. A request in
 * `needs-review` has an answer the partner must look at, `bounced` has an address that does not
 * take mail, `queued` is about to be sent (again): none of them is reminded.
 */
export const REMINDABLE_STATUSES: readonly RequestStatus[] = ['sent'];

/**
 * An unanswered request expires: `sent`, or `bounced` (nobody got it). `needs-review` waits for
 * the partner's decision on a reply that came, so it never expires on its own.
 */
export const EXPIRABLE_STATUSES: readonly RequestStatus[] = ['sent', 'bounced'];

/**
 * The channels the service reminds itself, by email: the consent email, and the `microsoft`
 * channel's email with Microsoft's acceptance link (re-sent in each reminder). DocuSign reminds
 * (and expires) its own envelopes from the envelope's notification settings.
 */
export const EMAIL_REMINDED_CHANNELS: readonly FollowUpChannel[] = ['email', 'microsoft'];
export const remindsByEmail = (channel: FollowUpChannel) => EMAIL_REMINDED_CHANNELS.includes(channel);

/** What a send records on the request: the clock of its reminders and its expiry. */
export interface FollowUpSchedule {
  sentAt: Date;
  expiresAt: Date;
  remindersSent: number;
  /** Unset when no reminder is due for this send (none configured, or all after the expiry). */
  nextReminderAt?: Date;
}

export function followUpsAfterSend(
  settings: { reminderAfter: readonly number[]; expiresAfter: number },
  channel: FollowUpChannel,
  sentAt: Date,
): FollowUpSchedule {
  const expiresAt = new Date(sentAt.getTime() + settings.expiresAfter);
  const first = remindsByEmail(channel) ? reminderDueAt(settings, sentAt, 1) : undefined;
  return { sentAt, expiresAt, remindersSent: 0, ...(first ? { nextReminderAt: first } : {}) };
}

/**
 * When reminder `number` (1-based) of a send is due, or undefined when there is no such
 * reminder: past the configured list, or not before the request expires (a reminder for a
 * request that ends at the same moment would only confuse).
 */
export function reminderDueAt(settings: { reminderAfter: readonly number[]; expiresAfter: number }, sentAt: Date, number: number): Date | undefined {
  const after = settings.reminderAfter[number - 1];
  if (after === undefined || after >= settings.expiresAfter) return undefined;
  return new Date(sentAt.getTime() + after);
}

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
];

/** "30 days", "6 seconds", "1.5 hours": a duration as people read it. */
export function describeDuration(ms: number): string {
  const [size, unit] = UNITS.find(([size]) => ms >= size) ?? [1, 'millisecond'];
  const n = Math.round((ms / size) * 10) / 10;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The history detail of an expired request. */
export const noAnswerWithin = (ms: number, what = 'no answer from the representative') => `${what} within ${describeDuration(ms)}; the request expired`;
