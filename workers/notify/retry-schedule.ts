/** However long a partner is away, it is tried at least this often. */
export const MAX_DELAY_MS = 3_600_000;

/**
 * When to try a notification again after its `tries`-th failure: exponential from `baseMs`
 * (JOB_BACKOFF_MS), with ±25 % jitter so a partner coming back is not hit by every queued
 * notification at once, capped at an hour, and never later than the deadline, where the
 * last try is made.
 */
export function nextTryAt(input: { now: Date; tries: number; giveUpAt: Date; baseMs: number; random?: () => number }): Date {
  const exponential = input.baseMs * 2 ** Math.min(input.tries - 1, 40);
  const jittered = exponential * (0.75 + 0.5 * (input.random ?? Math.random)());
  const delay = Math.min(jittered, MAX_DELAY_MS);
  return new Date(Math.min(input.now.getTime() + delay, input.giveUpAt.getTime()));
}
