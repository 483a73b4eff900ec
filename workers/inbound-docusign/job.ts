import { z } from 'zod';
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/** One stored DocuSign Connect message (the API acknowledged it to DocuSign first). */
export const inboundDocuSignJob = defineJob({
  name: 'inbound-docusign',
  payload: z.object({ connectMessageId: objectId }),
  jobId: (p) => `connect-${p.connectMessageId}`,
});
