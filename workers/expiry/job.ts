import { z } from 'zod';
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/** Ends send `sendCount` of a request unanswered at its expiresAt (delayed until then). */
export const expiryJob = defineJob({
  name: 'expiry',
  payload: z.object({ requestId: objectId, sendCount: z.number().int().positive() }),
  jobId: (p) => `expire-${p.requestId}-${p.sendCount}`,
});
