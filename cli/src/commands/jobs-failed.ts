import { listFailedJobs } from '@mca/core';
import { integerOption } from '../args';
import type { Command } from '../command';
import { textTable } from '../text-table';
import { QUEUE_LIST, queueOption } from './queue-option';

export const jobsFailed: Command = {
  path: ['jobs', 'failed'],
  summary: 'list the jobs that used their last attempt (newest first, no payloads)',
  options: {
    queue: { type: 'string', valueName: 'QUEUE', description: `only this queue (${QUEUE_LIST})` },
    limit: { type: 'string', valueName: 'N', description: 'at most N jobs (default 50, up to 1000)' },
  },
  details: 'Failure reasons are shown with addresses and phone numbers masked, as in the logs; payloads are never shown.',
  async run(operator, { values }) {
    const queue = queueOption(values, false);
    const limit = integerOption(values, 'limit', { min: 1, max: 1000, default: 50 });
    const jobs = await listFailedJobs(operator.queues(), { ...(queue ? { queue } : {}), limit });
    const json = jobs.map((j) => ({ ...j, failedAt: j.failedAt?.toISOString() ?? null }));
    const text = jobs.length
      ? textTable(
          ['QUEUE', 'ID', 'NAME', 'ATTEMPTS', 'FAILED AT', 'REASON'],
          json.map((j) => [j.queue, j.id, j.name, String(j.attemptsMade), j.failedAt ?? '-', j.failedReason.replace(/\s+/g, ' ')]),
        )
      : `no failed jobs${queue ? ` in ${queue}` : ''}`;
    return { json, text };
  },
};
