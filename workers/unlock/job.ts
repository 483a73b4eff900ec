import { z } from 'zod';
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/** Unlocks the tenant of a customer whose consent is recorded (`unlockPendingSince` is the outbox). */
export const unlockJob = defineJob({
  name: 'unlock',
  payload: z.object({ customerId: objectId }),
  jobId: (p) => `unlock-${p.customerId}`,
});
