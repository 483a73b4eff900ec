import type { Model, Types } from 'mongoose';
import { currentRequestId, groupCommit, metrics } from '@mca/platform';
import { storeOnceMany } from '../db/store-once-many';
import type { Payload, Producers, QueueName } from '../queues';

export interface Received {
  id: string;
  duplicate: boolean;
  /** Set when the job could not be added: the message is stored, and the sweeper enqueues it. */
  enqueueError?: unknown;
}

export interface WebhookIntakeOptions<T, Q extends QueueName> {
  /** For the metric: which webhook. */
  webhook: string;
  model: Model<T>;
  alsoUniqueOn?: ReadonlyArray<keyof Omit<T, '_id'> & string>;
  queue: Q;
  job: (storedId: string) => Payload<Q>;
  /** The stored message's size, so that one flush stays a few MB however large the messages. */
  bytesOf: (doc: Omit<T, '_id'>) => number;
}

// With BENCH_INGEST_ONLY=1 (README, Consent pipeline), 1 and 2 flushes in flight cost the same
// CPU per webhook and 4 more (smaller batches); 2 lets one flush's insert run while the other's
// jobs go to Redis. 64 docs is above what 50 concurrent senders make (two batches of ~25).
const MAX_DOCS = 64;
const MAX_BYTES = 4 * 1024 * 1024;
const MAX_IN_FLIGHT = 2;

/**
 * A webhook's "store, then enqueue, then answer", for many requests at once: the webhooks that
 * arrive together are stored with one unordered insertMany and their jobs added with one
 * addBulk, and each request is answered when its own message is stored and its job added (or
 * known to be there already: a redelivery is recognised, never stored twice).
 */
export function webhookIntake<T extends { _id: Types.ObjectId; dedupKey: string; status: string }, Q extends QueueName>(
  queues: Pick<Producers, 'addBulk'>,
  opts: WebhookIntakeOptions<T, Q>,
): (doc: Omit<T, '_id'>) => Promise<Received> {
  const flush = async (items: Array<{ doc: Omit<T, '_id'>; reqId: string | undefined }>): Promise<PromiseSettledResult<Received>[]> => {
    metrics.webhookIntakeBatch.observe({ webhook: opts.webhook }, items.length);
    const stored = await storeOnceMany(
      opts.model,
      items.map((i) => i.doc),
      opts.alsoUniqueOn,
    );
    // One job per stored message, under the id of the first request that carried it.
    const toQueue = new Map<string, string | undefined>();
    stored.forEach((s, i) => {
      if (s.status === 'fulfilled' && !s.value.processed && !toQueue.has(s.value.id)) toQueue.set(s.value.id, items[i]!.reqId);
    });
    let enqueueError: unknown;
    try {
      await queues.addBulk(opts.queue, [...toQueue.keys()].map(opts.job), [...toQueue.values()]);
    } catch (err) {
      enqueueError = err ?? new Error('enqueue failed');
    }
    return stored.map((s): PromiseSettledResult<Received> => {
      if (s.status === 'rejected') {
        metrics.webhookIntake.inc({ webhook: opts.webhook, result: 'not-stored' });
        return s;
      }
      const { id, duplicate, processed } = s.value;
      const failed = !processed && enqueueError !== undefined;
      metrics.webhookIntake.inc({ webhook: opts.webhook, result: failed ? 'enqueue-failed' : duplicate ? 'duplicate' : 'stored' });
      return { status: 'fulfilled', value: { id, duplicate, ...(failed ? { enqueueError } : {}) } };
    });
  };
  const submit = groupCommit(flush, {
    maxItems: MAX_DOCS,
    maxInFlight: MAX_IN_FLIGHT,
    maxWeight: MAX_BYTES,
    weigh: (item) => opts.bytesOf(item.doc),
  });
  return (doc) => submit({ doc, reqId: currentRequestId() });
}
