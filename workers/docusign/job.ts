import { z } from 'zod';
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/**
 * Reads the envelope of a request because Connect message `connectMessageId` asked for it.
 * Jobs queued before the field had its name carry it as `reason`: still read.
 */
const sync = z
  .object({ op: z.literal('sync'), requestId: objectId, connectMessageId: objectId.optional(), reason: z.string().max(100).optional() })
  .refine((p) => (p.connectMessageId ?? p.reason) !== undefined, { message: 'connectMessageId is required', path: ['connectMessageId'] })
  .transform(({ reason, connectMessageId, ...p }) => ({ ...p, connectMessageId: (connectMessageId ?? reason) as string }));

/** Every DocuSign API call goes through this one queue: its limiter is the account's budget. */
export const docusignJob = defineJob({
  name: 'docusign',
  payload: z.discriminatedUnion('op', [
    z.object({ op: z.literal('send'), requestId: objectId, sendCount: z.number().int().positive() }),
    z.object({ op: z.literal('void'), requestId: objectId }),
    sync,
  ]),
  jobId: (p) =>
    p.op === 'send'
      ? `docusign-send-${p.requestId}-${p.sendCount}`
      : p.op === 'void'
        ? `docusign-void-${p.requestId}`
        : `docusign-sync-${p.requestId}-${p.connectMessageId}`,
});
