import { z } from 'zod';
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/**
 * The consent email of send `sendCount`, or its reminder number `reminder`: one queue, so
 * reminders share EMAIL_RATE_PER_SECOND with first sends.
 */
export const dispatchEmailJob = defineJob({
  name: 'dispatch-email',
  payload: z.object({ requestId: objectId, sendCount: z.number().int().positive(), reminder: z.number().int().positive().optional() }),
  jobId: (p) => (p.reminder === undefined ? `send-${p.requestId}-${p.sendCount}` : `remind-${p.requestId}-${p.sendCount}-${p.reminder}`),
});
