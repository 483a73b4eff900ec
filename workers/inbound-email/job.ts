import { z } from 'zod';
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/** One received email (stored first by the API or the SMTP listener): a reply, a bounce or noise. */
export const inboundEmailJob = defineJob({
  name: 'inbound-email',
  payload: z.object({ inboundEmailId: objectId }),
  jobId: (p) => `inbound-${p.inboundEmailId}`,
});
