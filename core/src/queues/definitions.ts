import type { z } from 'zod';
import { dispatchEmailJob } from '@mca/workers/dispatch-email/job';
import { expiryJob } from '@mca/workers/expiry/job';
import { inboundEmailJob } from '@mca/workers/inbound-email/job';
import { docusignJob } from '@mca/workers/docusign/job';
import { inboundDocuSignJob } from '@mca/workers/inbound-docusign/job';
import { unlockJob } from '@mca/workers/unlock/job';
import { notifyJob } from '@mca/workers/notify/job';
import { microsoftJob } from '@mca/workers/microsoft/job';
import { campaignsJob } from '@mca/workers/campaigns/job';
import { schedulerJob } from '@mca/workers/scheduler/job';
import { auditReadsJob } from '@mca/workers/audit-reads/job';
import type { JobDefinition } from './define-job';

export { defineJob, objectId, type JobDefinition } from './define-job';

type Registry<D extends readonly JobDefinition[]> = { [J in D[number] as J['name']]: J };

function registry<const D extends readonly JobDefinition[]>(...definitions: D): Registry<D> {
  return Object.fromEntries(definitions.map((d) => [d.name, d])) as Registry<D>;
}

/**
 * Every queue, by name. Each definition sits with its worker (`workers/<queue>/job.ts`) and
 * imports only zod and `define-job.ts`, so the API and this package's producers list them here
 * without loading any worker code.
 */
export const QUEUES = registry(
  dispatchEmailJob,
  expiryJob,
  inboundEmailJob,
  docusignJob,
  inboundDocuSignJob,
  unlockJob,
  notifyJob,
  microsoftJob,
  campaignsJob,
  schedulerJob,
  auditReadsJob,
);

export type QueueName = keyof typeof QUEUES;
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];
export type Payload<Q extends QueueName> = z.output<(typeof QUEUES)[Q]['payload']>;
