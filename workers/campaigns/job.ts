import { z } from 'zod';
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/**
 * Campaign work: `fan-out` walks the customers and creates the requests (run n: its nth start,
 * a resume starts another), `release` sends what a pause held, `end` ends a cancelled
 * campaign's unsent requests and freezes its counts, `check` completes it once nothing is left
 * to wait for (one per campaign and second, run after that second: see campaign-watch.ts).
 */
export const campaignsJob = defineJob({
  name: 'campaigns',
  payload: z.discriminatedUnion('op', [
    z.object({ op: z.literal('fan-out'), campaignId: objectId, run: z.number().int().positive() }),
    z.object({ op: z.literal('release'), campaignId: objectId, run: z.number().int().positive() }),
    z.object({ op: z.literal('end'), campaignId: objectId }),
    z.object({ op: z.literal('check'), campaignId: objectId, second: z.number().int().nonnegative() }),
  ]),
  jobId: (p) =>
    p.op === 'end'
      ? `campaign-end-${p.campaignId}`
      : p.op === 'check'
        ? `campaign-check-${p.campaignId}-${p.second}`
        : `campaign-${p.op}-${p.campaignId}-${p.run}`,
});
