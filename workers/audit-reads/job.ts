import { createHash } from 'node:crypto';
import { z } from 'zod';
// By its deep path: the package's index loads the registry, which loads this file.
import { defineJob, objectId } from '@mca/core/src/queues/define-job';

/** Customers per job: a list page or a report page. */
export const AUDIT_READS_PER_JOB = 500;

/**
 * One page of a bulk read (a customer list, the consent report): an `evidence.read` to append
 * on each customer's chain. The id is the page's content, minute included, as the events' keys
 * are: the same page read again within the minute is one job.
 */
export const auditReadsJob = defineJob({
  name: 'audit-reads',
  payload: z.object({
    partnerId: objectId,
    customerIds: z.array(objectId).min(1).max(AUDIT_READS_PER_JOB),
    by: z.string().min(1),
    what: z.string().min(1),
    at: z.string().datetime(),
  }),
  jobId: (p) =>
    `reads-${createHash('sha256')
      .update(JSON.stringify([p.partnerId, p.by, p.what, p.at.slice(0, 16), p.customerIds]))
      .digest('hex')
      .slice(0, 32)}`,
});
