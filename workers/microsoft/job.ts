import { z } from 'zod';
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/** microsoft channel: one Partner Center check of a request; `check` is the request's checkCount. */
export const microsoftJob = defineJob({
  name: 'microsoft',
  payload: z.object({ requestId: objectId, check: z.number().int().min(0) }),
  jobId: (p) => `microsoft-check-${p.requestId}-${p.check}`,
});
