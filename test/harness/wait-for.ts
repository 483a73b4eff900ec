/**
 * Waits until `probe` returns a value that is not undefined, checking on a short interval:
 * the state lives in Mongo behind queues, and this is how a client would watch it.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `promise`, or `onTimeout()` once `timeoutMs` passed, whichever comes first. The timer is
 * cleared when the promise settles: a pending timer would keep jest's process alive after the
 * run (and a 30 s one outlives most test files).
 */
export async function within<T, U>(promise: Promise<T>, timeoutMs: number, onTimeout: () => U): Promise<T | U> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<U>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (err) {
        reject(err);
      }
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
