import { z } from 'zod';
import { defineJob, objectId } from '@mca/shared/src/queues/define-job';

/** Every DocuSign API call goes through this one queue: its limiter is the account's budget. */
export const docusignJob = defineJob({
  name: 'docusign',
  payload: z.discriminatedUnion('op', [
    z.object({ op: z.literal('send'), requestId: objectId, sendCount: z.number().int().positive() }),
    z.object({ op: z.literal('void'), requestId: objectId }),
    z.object({ op: z.literal('sync'), requestId: objectId, reason: z.string().max(100) }),
  ]),
  jobId: (p) =>
    p.op === 'send' ? `docusign-send-${p.requestId}-${p.sendCount}` : p.op === 'void' ? `docusign-void-${p.requestId}` : `docusign-sync-${p.requestId}-${p.reason}`,
});
