import { z } from 'zod';
import { defineJob } from '@mca/core/src/queues/define-job';

/** The repeating tasks: the outbox sweep, the look for due Partner Center checks, the audit checkpoint. */
export const schedulerJob = defineJob({
  name: 'scheduler',
  payload: z.object({ task: z.enum(['sweep', 'poll-microsoft', 'audit-checkpoint']) }),
  jobId: (p) => p.task,
});
