import { DelayedError, UnrecoverableError, Worker, type Job, type Processor } from 'bullmq';
import { QUEUES, createRedis, type Context, type Payload, type QueueName } from '@mca/core';
import { RateLimitedError, RetryLaterError, isWellFormedRequestId, metrics, withRequestId } from '@mca/platform';
import { docusignLimiter } from './docusign/limiter';
import { noteDocuSignError, onDocuSignJobExhausted, runDocuSignJob } from './docusign/processor';
import { processConnectMessage } from './inbound-docusign/processor';
import { dispatchConsentEmail, markDispatchFailed, noteDispatchError } from './dispatch-email/processor';
import { sendReminder } from './dispatch-email/send-reminder';
import { expireRequest } from './expiry/expire-request';
import { appendReads } from './audit-reads/append-reads';
import { processInboundEmail } from './inbound-email/processor';
import { unlockTenant } from './unlock/processor';
import { deliverNotification, noteNotificationJobExhausted } from './notify/processor';
import { sweepOutbox } from './scheduler/sweep-outbox';
import { deleteExpiredInboundEmails } from './scheduler/delete-expired-inbound-emails';
import { checkMicrosoftAcceptance } from './microsoft/check-acceptance';
import { enqueueDueMicrosoftChecks } from './microsoft/enqueue-due-checks';
import { runCampaignJob } from './campaigns/processor';
import { signAuditCheckpoint } from './scheduler/sign-audit-checkpoint';

interface Handler<Q extends QueueName> {
  run(ctx: Context, payload: Payload<Q>): Promise<unknown>;
  /** Called once a job has used its last attempt, so the failure shows where users look. */
  exhausted?(ctx: Context, payload: Payload<Q>, error: string): Promise<void>;
  /** Called after each failed attempt that will be retried. */
  retrying?(ctx: Context, payload: Payload<Q>, error: string): Promise<void>;
  /** Jobs side by side; `'io'` for a queue that waits only on Mongo and HTTP: WORKER_CONCURRENCY. */
  concurrency?: number | 'io';
}

const HANDLERS: { [Q in QueueName]: Handler<Q> } = {
  'dispatch-email': {
    run: (ctx, p) => (p.reminder === undefined ? dispatchConsentEmail(ctx, p) : sendReminder(ctx, { ...p, reminder: p.reminder })),
    exhausted: markDispatchFailed,
    retrying: noteDispatchError,
    concurrency: 4,
  },
  expiry: { run: expireRequest, concurrency: 2 },
  'inbound-email': { run: processInboundEmail, concurrency: 'io' },
  docusign: { run: runDocuSignJob, exhausted: onDocuSignJobExhausted, retrying: noteDocuSignError, concurrency: 2 },
  'inbound-docusign': { run: processConnectMessage, concurrency: 'io' },
  unlock: { run: unlockTenant, concurrency: 'io' },
  notify: { run: deliverNotification, exhausted: noteNotificationJobExhausted, concurrency: 'io' },
  microsoft: { run: checkMicrosoftAcceptance, concurrency: 4 },
  // A fan-out creates requests and enqueues their sends; the sends are paced by their own queues' limiters.
  campaigns: { run: runCampaignJob, concurrency: 2 },
  // Bulk reads (lists, the consent report): appended here so a 100,000-row report is not held up by 100,000 appends.
  'audit-reads': { run: appendReads, concurrency: 2 },
  scheduler: {
    run: (ctx, p) =>
      p.task === 'sweep'
        ? Promise.all([sweepOutbox(ctx), deleteExpiredInboundEmails(ctx)])
        : p.task === 'audit-checkpoint'
          ? signAuditCheckpoint(ctx)
          : enqueueDueMicrosoftChecks(ctx),
    concurrency: 1,
  },
};

export interface WorkerHost {
  workers: Worker[];
  close(): Promise<void>;
}

/** Starts one BullMQ worker per queue (or the ones named) in this process. */
export async function startWorkers(ctx: Context, only?: QueueName[]): Promise<WorkerHost> {
  const names = only ?? (Object.keys(HANDLERS) as QueueName[]);
  const connection = createRedis(ctx.config.REDIS_URL, 'worker');
  const workers = names.map((name) => startWorker(ctx, name, connection));
  if (names.includes('scheduler')) {
    await ctx.queues.queue('scheduler').upsertJobScheduler('sweep', { every: ctx.config.SWEEP_EVERY_MS }, { name: 'sweep', data: { task: 'sweep' } });
    await ctx.queues
      .queue('scheduler')
      .upsertJobScheduler('audit-checkpoint', { every: ctx.config.AUDIT_CHECKPOINT_EVERY }, { name: 'audit-checkpoint', data: { task: 'audit-checkpoint' } });
    if (ctx.config.partnerCenter) {
      // Looks for due checks at most once a minute; each request's own interval is PARTNER_CENTER_POLL_SECONDS.
      const every = Math.min(ctx.config.partnerCenter.pollSeconds * 1000, 60_000);
      await ctx.queues.queue('scheduler').upsertJobScheduler('poll-microsoft', { every }, { name: 'poll-microsoft', data: { task: 'poll-microsoft' } });
    }
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return {
    workers,
    async close() {
      // Let running jobs finish (graceful); allSettled so one failing close does not skip the rest.
      await Promise.allSettled(workers.map((w) => w.close()));
      connection.disconnect();
    },
  };
}

/** The request id the producer put beside the payload (jobs added before it existed have none). */
const requestIdOf = (job: Job): string | undefined => (isWellFormedRequestId(job.data?.reqId) ? job.data.reqId : undefined);

function startWorker<Q extends QueueName>(ctx: Context, name: Q, connection: ReturnType<typeof createRedis>): Worker {
  const handler = HANDLERS[name] as Handler<Q>;
  const processor: Processor = (job: Job, token?: string) => withRequestId(requestIdOf(job), () => runJob(job, token));
  const runJob = async (job: Job, token?: string) => {
    const parsed = QUEUES[name].payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid ${name} payload: ${parsed.error.message}`);
    try {
      return await handler.run(ctx, parsed.data as Payload<Q>);
    } catch (err) {
      if (err instanceof RetryLaterError) {
        // The processor keeps its own schedule (recorded in Mongo): wait for it, no attempt used.
        await job.moveToDelayed(err.retryAt.getTime(), token);
        throw new DelayedError(err.message);
      }
      if (!(err instanceof RateLimitedError)) throw err;
      // The limit is the upstream account's: pause the whole queue, retry this job after it.
      ctx.logger.warn({ queue: name, retryAfterMs: err.retryAfterMs }, err.message);
      await worker.rateLimit(err.retryAfterMs);
      throw Worker.RateLimitError();
    }
  };
  const worker: Worker = new Worker(name, processor, {
    connection,
    prefix: ctx.config.QUEUE_PREFIX,
    concurrency: handler.concurrency === 'io' ? ctx.config.WORKER_CONCURRENCY : (handler.concurrency ?? 1),
    lockDuration: ctx.config.QUEUE_LOCK_MS,
    stalledInterval: Math.max(1_000, Math.floor(ctx.config.QUEUE_LOCK_MS / 2)),
    ...(name === 'dispatch-email' ? { limiter: { max: ctx.config.EMAIL_RATE_PER_SECOND, duration: 1_000 } } : {}),
    ...(name === 'docusign' ? { limiter: docusignLimiter(ctx.config) } : {}),
  });
  worker.on('error', (err) => ctx.logger.error({ err, queue: name }, 'worker error'));
  worker.on('completed', (job) => {
    metrics.jobs.inc({ queue: name, result: 'completed' });
    ctx.logger.info({ queue: name, jobId: job.id, reqId: requestIdOf(job), attempt: job.attemptsMade }, 'job completed');
  });
  worker.on('failed', (job, err) => {
    metrics.jobs.inc({ queue: name, result: 'failed' });
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    ctx.logger[final ? 'error' : 'warn']({ err, queue: name, jobId: job.id, reqId: requestIdOf(job), attempt: job.attemptsMade }, 'job failed');
    const hook = final ? handler.exhausted : handler.retrying;
    const parsed = QUEUES[name].payload.safeParse(job.data);
    if (hook && parsed.success) {
      hook(ctx, parsed.data as Payload<Q>, err.message).catch((e: unknown) =>
        ctx.logger.error({ err: e, queue: name, jobId: job.id }, 'could not record the failure'),
      );
    }
  });
  return worker;
}
