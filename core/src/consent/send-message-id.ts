import type { StoredConsentRequest } from '../db';

/**
 * How a request records the Message-ID of a send: `messageIdOfSend` names the send it belongs
 * to (retries of that send reuse it), and `messageIds` keeps every one drawn, which correlation
 * reads. One home, for the request's creation (send 1), the dispatch, reminders and the audit.
 */
export type SendMessageId = { sendCount: number; messageId: string };

/** The Message-ID drawn for the request's current send, if there is one yet. */
export function currentSendMessageId(request: Pick<StoredConsentRequest, 'sendCount' | 'messageIdOfSend'>): string | undefined {
  return request.messageIdOfSend?.sendCount === request.sendCount ? request.messageIdOfSend.messageId : undefined;
}

/** The fields of a new request whose send 1 has `messageId`. */
export function firstSendMessageId(messageId: string): { messageIdOfSend: SendMessageId; messageIds: string[] } {
  return { messageIdOfSend: { sendCount: 1, messageId }, messageIds: [messageId] };
}

/** The update that records `messageId` as send `sendCount`'s. */
export function recordSendMessageId(sendCount: number, messageId: string) {
  return { $set: { messageIdOfSend: { sendCount, messageId } satisfies SendMessageId }, $push: { messageIds: messageId } };
}
