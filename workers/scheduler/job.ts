import { z } from 'zod';
import { defineJob } from '@mca/shared/src/queues/define-job';

/** The repeating tasks: the outbox sweep, and the look for due Partner Center checks. */
export const schedulerJob = defineJob({
  name: 'scheduler',
  payload: z.object({ task: z.enum(['sweep', 'poll-microsoft']) }),
  jobId: (p) => p.task,
});
