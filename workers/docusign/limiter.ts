import type { Config } from '@mca/core';

/** The most DocuSign calls one job makes: a sync reads the envelope, the signed PDF and the certificate; a retried send looks up, creates and may void. */
export const MAX_CALLS_PER_JOB = 3;
/** DocuSign's burst window. */
const WINDOW_MS = 30_000;
const WINDOWS_PER_HOUR = 3_600_000 / WINDOW_MS;

/**
 * DocuSign allows N calls an hour and a burst per 30 s, account-wide. One BullMQ limiter can
 * hold one window, so the queue runs at the hourly budget spread over 30-second windows (never
 * above the burst either): a full queue can never spend the hour's budget early and then sit
 * out the rest of the hour on *_LIMIT_EXCEEDED. It counts jobs, not calls, so jobs get a third.
 */
export function docusignLimiter(config: Pick<Config, 'DOCUSIGN_CALLS_PER_HOUR' | 'DOCUSIGN_BURST_PER_30S'>): { max: number; duration: number } {
  const callsPerWindow = Math.min(config.DOCUSIGN_CALLS_PER_HOUR / WINDOWS_PER_HOUR, config.DOCUSIGN_BURST_PER_30S);
  return { max: Math.max(1, Math.floor(callsPerWindow / MAX_CALLS_PER_JOB)), duration: WINDOW_MS };
}
