import { z } from 'zod';

const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'must be an ObjectId');

/**
 * Every queue: its name, its payload (ids only: Mongo holds the state, so a retried job
 * re-reads it) and its deterministic job id (a re-enqueue of the same work is a no-op).
 */
export const QUEUES = {
  /**
   * The consent email of send `sendCount`, or its reminder number `reminder`: one queue, so
   * reminders share EMAIL_RATE_PER_SECOND with first sends.
   */
  'dispatch-email': {
    payload: z.object({ requestId: objectId, sendCount: z.number().int().positive(), reminder: z.number().int().positive().optional() }),
    jobId: (p: { requestId: string; sendCount: number; reminder?: number }) =>
      p.reminder === undefined ? `send-${p.requestId}-${p.sendCount}` : `remind-${p.requestId}-${p.sendCount}-${p.reminder}`,
  },
  /** Ends send `sendCount` of a request unanswered at its expiresAt (delayed until then). */
  expiry: {
    payload: z.object({ requestId: objectId, sendCount: z.number().int().positive() }),
    jobId: (p: { requestId: string; sendCount: number }) => `expire-${p.requestId}-${p.sendCount}`,
  },
  'inbound-email': {
    payload: z.object({ inboundEmailId: objectId }),
    jobId: (p: { inboundEmailId: string }) => `inbound-${p.inboundEmailId}`,
  },
  /** Every DocuSign API call goes through this one queue: its limiter is the account's budget. */
  docusign: {
    payload: z.discriminatedUnion('op', [
      z.object({ op: z.literal('send'), requestId: objectId, sendCount: z.number().int().positive() }),
      z.object({ op: z.literal('void'), requestId: objectId }),
      z.object({ op: z.literal('sync'), requestId: objectId, reason: z.string().max(100) }),
    ]),
    jobId: (p: { op: 'send'; requestId: string; sendCount: number } | { op: 'void'; requestId: string } | { op: 'sync'; requestId: string; reason: string }) =>
      p.op === 'send' ? `docusign-send-${p.requestId}-${p.sendCount}` : p.op === 'void' ? `docusign-void-${p.requestId}` : `docusign-sync-${p.requestId}-${p.reason}`,
  },
  'inbound-docusign': {
    payload: z.object({ connectMessageId: objectId }),
    jobId: (p: { connectMessageId: string }) => `connect-${p.connectMessageId}`,
  },
  unlock: {
    payload: z.object({ customerId: objectId }),
    jobId: (p: { customerId: string }) => `unlock-${p.customerId}`,
  },
  notify: {
    payload: z.object({ notificationId: objectId }),
    jobId: (p: { notificationId: string }) => `notify-${p.notificationId}`,
  },
  /** microsoft channel: one Partner Center check of a request; `check` is the request's checkCount. */
  microsoft: {
    payload: z.object({ requestId: objectId, check: z.number().int().min(0) }),
    jobId: (p: { requestId: string; check: number }) => `microsoft-check-${p.requestId}-${p.check}`,
  },
  scheduler: {
    payload: z.object({ task: z.enum(['sweep', 'poll-microsoft', 'audit-checkpoint']) }),
    jobId: (p: { task: 'sweep' | 'poll-microsoft' | 'audit-checkpoint' }) => p.task,
  },
} as const;

export type QueueName = keyof typeof QUEUES;
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];
export type Payload<Q extends QueueName> = z.infer<(typeof QUEUES)[Q]['payload']>;
