import type { Channel } from '../db/models/consent-request';
import type { Payload, QueueName } from './definitions';
import type { Producers } from './producer';

/** A request as far as its send is concerned. */
export interface RequestToSend {
  _id: { toString(): string };
  channel: Channel;
  sendCount: number;
}

/**
 * Enqueues send `sendCount` of a request on its channel's queue: a DocuSign envelope, or the
 * consent email (the email channel, and the microsoft channel's link email). The one place that
 * picks it, for the API (a new request, a resend) and the sweeper (a queued request whose job was
 * lost). `ensure` is the sweeper's way: it also revives a job that exhausted its attempts.
 */
export function enqueueSend(queues: Producers, request: RequestToSend, how: 'add' | 'ensure' = 'add'): Promise<'added' | 'exists' | 'retried'> {
  const requestId = request._id.toString();
  const { sendCount } = request;
  return request.channel === 'docusign'
    ? put(queues, how, 'docusign', { op: 'send', requestId, sendCount })
    : put(queues, how, 'dispatch-email', { requestId, sendCount });
}

async function put<Q extends QueueName>(queues: Producers, how: 'add' | 'ensure', name: Q, payload: Payload<Q>) {
  if (how === 'ensure') return queues.ensure(name, payload);
  await queues.add(name, payload);
  return 'added' as const;
}
