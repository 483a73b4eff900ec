import { z } from 'zod';
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/** Delivers one stored partner notification to the partner's webhook. */
export const notifyJob = defineJob({
  name: 'notify',
  payload: z.object({ notificationId: objectId }),
  jobId: (p) => `notify-${p.notificationId}`,
});
