import { replayFailedJobs } from '@mca/core';
import { oneOf, requiredString } from '../args';
import type { Command } from '../command';
import { UsageError } from '../usage-error';
import { QUEUE_LIST, queueOption } from './queue-option';

export const jobsReplay: Command = {
  path: ['jobs', 'replay'],
  summary: 'retry failed jobs of a queue (one by id, or all of them)',
  options: {
    queue: { type: 'string', required: true, valueName: 'QUEUE', description: `the queue (required: ${QUEUE_LIST})` },
    id: { type: 'string', valueName: 'ID', description: 'the job id (from `mca jobs failed`)' },
    all: { type: 'boolean', description: 'every failed job of the queue' },
  },
  details: [
    'A replayed job gets a full retry budget (JOB_ATTEMPTS). Every processor re-reads MongoDB, so',
    'a job whose work is done meanwhile, or whose failure was already recorded (a consent request',
    'shown `failed`: the partner resends it), completes without sending or recording anything twice.',
  ].join('\n'),
  async run(operator, { values }) {
    const queue = queueOption(values, true);
    const which = oneOf(values, ['id', 'all'] as const) === 'id' ? { id: requiredString(values, 'id') } : ({ all: true } as const);
    const outcomes = await replayFailedJobs(operator.queues(), queue, which);
    if ('id' in which) {
      const only = outcomes[0]!;
      if (only.result === 'not-found') throw new UsageError(`no job ${which.id} in queue ${queue}`);
      if (only.result === 'not-failed') throw new UsageError(`job ${which.id} in queue ${queue} is not failed (nothing replayed)`);
    }
    const retried = outcomes.filter((o) => o.result === 'retried').length;
    const skipped = outcomes.length - retried;
    const text = [
      ...outcomes.map((o) => `${o.result === 'retried' ? 'retried' : `skipped (${o.result})`}: ${queue} ${o.id}`),
      `${retried} job${retried === 1 ? '' : 's'} replayed${skipped ? `, ${skipped} skipped` : ''}`,
    ].join('\n');
    return { json: { queue, retried, skipped, jobs: outcomes }, text };
  },
};
