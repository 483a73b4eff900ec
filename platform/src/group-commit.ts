import { AsyncResource } from 'node:async_hooks';

export interface GroupCommitOptions<I> {
  /** Items per flush at most. */
  maxItems: number;
  /** Flushes running side by side at most: what arrives meanwhile waits and goes in the next one. */
  maxInFlight: number;
  /** An item's share of `maxWeight` (its bytes, say); a single heavier item still goes, alone. */
  weigh?: (item: I) => number;
  maxWeight?: number;
}

/**
 * Group commit: calls that arrive while the store is busy are handed to `flush` together, so N
 * concurrent callers cost one round trip instead of N, and a lone caller waits for nothing but
 * the end of the current event-loop turn. Each caller's promise settles with its own entry of
 * what `flush` returns (a rejected entry fails that caller only); if `flush` itself throws,
 * every caller of that flush gets the error, as each alone would have.
 */
export function groupCommit<I, O>(flush: (items: I[]) => Promise<PromiseSettledResult<O>[]>, opts: GroupCommitOptions<I>): (item: I) => Promise<O> {
  const weigh = opts.weigh ?? (() => 1);
  const maxWeight = opts.maxWeight ?? Infinity;
  const waiting: Array<{ item: I; resolve: (o: O) => void; reject: (err: unknown) => void }> = [];
  let inFlight = 0;
  let scheduled = false;

  const take = () => {
    let n = 0;
    let weight = 0;
    while (n < waiting.length && n < opts.maxItems) {
      weight += weigh(waiting[n]!.item);
      if (n > 0 && weight > maxWeight) break;
      n += 1;
    }
    return waiting.splice(0, n);
  };

  const run = async (batch: typeof waiting) => {
    let settled: PromiseSettledResult<O>[];
    try {
      settled = await flush(batch.map((w) => w.item));
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => {
      const s = settled[i];
      if (s?.status === 'fulfilled') w.resolve(s.value);
      else w.reject(s ? s.reason : new Error('group commit: flush returned no result for this item'));
    });
  };

  // Bound where the batcher is made (no request's scope): a flush serves many callers, and
  // what it logs must not carry the id of whichever one happened to start it.
  const pump = AsyncResource.bind(() => {
    scheduled = false;
    while (inFlight < opts.maxInFlight && waiting.length > 0) {
      inFlight += 1;
      void run(take()).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  });

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    });
}
