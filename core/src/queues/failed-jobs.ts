import { maskPersonalData } from '@mca/platform';
import { QUEUE_NAMES, type QueueName } from './definitions';
import type { Producers } from './producer';

/**
 * What an operator sees of a job that used its last attempt: where it is and why it failed,
 * never its payload (ids only today, but a payload is the processor's business, not a
 * terminal's), and the reason with any address or phone number masked as in the logs.
 */
export interface FailedJob {
  queue: QueueName;
  id: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  failedAt: Date | null;
}

/** The newest failed jobs first, per queue, at most `limit` over all the queues asked. */
export async function listFailedJobs(queues: Producers, opts: { queue?: QueueName; limit: number }): Promise<FailedJob[]> {
  const names = opts.queue ? [opts.queue] : QUEUE_NAMES;
  const found: FailedJob[] = [];
  for (const name of names) {
    if (found.length >= opts.limit) break;
    const jobs = await queues.queue(name).getFailed(0, opts.limit - found.length - 1);
    for (const job of jobs) {
      if (!job?.id) continue;
      found.push({
        queue: name,
        id: job.id,
        name: job.name,
        failedReason: maskPersonalData(job.failedReason ?? ''),
        attemptsMade: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
      });
    }
  }
  return found;
}

export type ReplayOutcome = { id: string; result: 'retried' | 'not-failed' | 'not-found' };

/**
 * Moves failed jobs back to waiting with their attempts reset (a full retry budget, as a
 * fresh job). Exactly once in effect rests on the processors, as for any retry: each re-reads
 * Mongo and does nothing for work already done. A job that left the failed set meanwhile (the
 * sweeper revived it, another operator replayed it) is reported, not retried twice.
 */
export async function replayFailedJobs(queues: Producers, queueName: QueueName, which: { id: string } | { all: true }): Promise<ReplayOutcome[]> {
  const queue = queues.queue(queueName);
  const ids = 'id' in which ? [which.id] : await allFailedIds(queues, queueName);
  const outcomes: ReplayOutcome[] = [];
  for (const id of ids) {
    const job = await queue.getJob(id);
    if (!job) {
      outcomes.push({ id, result: 'not-found' });
      continue;
    }
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      outcomes.push({ id, result: 'retried' });
    } catch (err) {
      // BullMQ refuses a job no longer in the failed state: someone else moved it first.
      if (!(await job.isFailed())) outcomes.push({ id, result: 'not-failed' });
      else throw err;
    }
  }
  return outcomes;
}

const PAGE = 500;

async function allFailedIds(queues: Producers, queueName: QueueName): Promise<string[]> {
  const queue = queues.queue(queueName);
  const ids: string[] = [];
  // Ids are collected first: retrying while paging would shift the pages under the cursor.
  for (let start = 0; ; start += PAGE) {
    const jobs = await queue.getFailed(start, start + PAGE - 1);
    for (const job of jobs) if (job?.id) ids.push(job.id);
    if (jobs.length < PAGE) return ids;
  }
}
