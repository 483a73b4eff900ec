import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { currentRequestId } from '@mca/platform';
import { QUEUES, QUEUE_NAMES, type Payload, type QueueName } from './definitions';

export interface QueueSettings {
  prefix: string;
  attempts: number;
  backoffMs: number;
}

/** A job that should not run before this time (a BullMQ delayed job). */
export interface AddOptions {
  runAt?: Date;
}

export type Producers = {
  add<Q extends QueueName>(name: Q, payload: Payload<Q>, opts?: AddOptions): Promise<void>;
  /**
   * Many jobs of one queue in one round trip (deterministic ids: the ones that exist are left as
   * they are). `reqIds`, by payload, when the jobs come from different requests (a group commit).
   */
  addBulk<Q extends QueueName>(name: Q, payloads: Payload<Q>[], reqIds?: ReadonlyArray<string | undefined>): Promise<void>;
  /** Like add, but revives a job that exhausted its attempts (the sweeper's way to retry). */
  ensure<Q extends QueueName>(name: Q, payload: Payload<Q>, opts?: AddOptions): Promise<'added' | 'exists' | 'retried'>;
  queue(name: QueueName): Queue;
  close(): Promise<void>;
};

export function jobOptions(settings: QueueSettings): JobsOptions {
  return {
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs, jitter: 0.5 },
    // Completed ids stay a week so a late duplicate enqueue still dedups (Mongo dedups anyway).
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export function createProducers(connection: Redis, settings: QueueSettings): Producers {
  const queues = new Map<QueueName, Queue>(
    QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix: settings.prefix, defaultJobOptions: jobOptions(settings) })]),
  );
  const queue = (name: QueueName) => queues.get(name)!;

  const add = async <Q extends QueueName>(name: Q, payload: Payload<Q>, opts: AddOptions = {}) => {
    const def = QUEUES[name];
    // The request (or the job) that caused this one: its id is logged by the worker that runs it.
    const reqId = currentRequestId();
    const data = { ...def.payload.parse(payload), ...(reqId ? { reqId } : {}) };
    const delay = opts.runAt ? Math.max(0, opts.runAt.getTime() - Date.now()) : 0;
    await queue(name).add(name, data, { jobId: (def.jobId as (p: Payload<Q>) => string)(data as Payload<Q>), ...(delay > 0 ? { delay } : {}) });
  };

  return {
    add,
    queue,
    async addBulk(name, payloads, reqIds) {
      if (payloads.length === 0) return;
      const def = QUEUES[name];
      const current = currentRequestId();
      await queue(name).addBulk(
        payloads.map((p, i) => {
          const reqId = reqIds ? reqIds[i] : current;
          const data = { ...def.payload.parse(p), ...(reqId ? { reqId } : {}) };
          return { name, data, opts: { jobId: (def.jobId as (x: typeof p) => string)(data as typeof p) } };
        }),
      );
    },
    async ensure(name, payload, opts) {
      const jobId = (QUEUES[name].jobId as (p: typeof payload) => string)(payload);
      const existing = await queue(name).getJob(jobId);
      if (!existing) {
        await add(name, payload, opts);
        return 'added';
      }
      if (await existing.isFailed()) {
        await existing.retry('failed');
        return 'retried';
      }
      // Completed but the outbox marker is still set: the job's work did not stick. Run it again.
      if (await existing.isCompleted()) {
        await existing.remove();
        await add(name, payload, opts);
        return 'added';
      }
      return 'exists';
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
