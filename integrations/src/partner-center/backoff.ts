const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/**
 * Exponential backoff with "equal jitter": half of the step is fixed so retries never bunch at
 * zero, the other half random so many clients failing together do not retry in lockstep.
 * attempt is the number of the attempt that just failed (1 = first).
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}
