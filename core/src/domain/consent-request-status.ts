/**
 * The consent request state machine, in one place. Every status change in the code goes
 * through `canTransition` in a compare-and-set filter, so an out-of-order or repeated event
 * can never move a request back out of a final state.
 */
export const REQUEST_STATUSES = [
  'queued', // stored, waiting for the dispatch worker
  'sent', // the email left us; waiting for the representative
  'needs-review', // a reply came that we will not decide alone (unclear, unauthenticated, wrong sender)
  'bounced', // the address does not take mail
  'failed', // sending failed after every retry
  'accepted', // consent recorded
  'declined',
  'expired',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Final: the request is done, nothing moves it again (the transitions below leave them empty). */
export const FINAL_STATUSES: readonly RequestStatus[] = ['accepted', 'declined', 'expired', 'cancelled'];
/** Live: every status that is not final. A consent recorded another way (a signed copy) ends such a request. */
export const LIVE_STATUSES: readonly RequestStatus[] = ['queued', 'sent', 'needs-review', 'bounced', 'failed'];
/** Accepts replies: reply outcomes act on requests that are waiting for one (failed never reached anyone). */
export const ACCEPTS_REPLIES: readonly RequestStatus[] = ['queued', 'sent', 'needs-review', 'bounced'];
/** Blocks a new request for the same customer: one is on its way to the representative or waiting for them. */
export const BLOCKS_NEW_REQUEST: readonly RequestStatus[] = ['queued', 'sent'];
/** A `microsoft` request Partner Center is asked about: sent, or a reply to its email is in review. */
export const CHECKED_WITH_MICROSOFT: readonly RequestStatus[] = ['sent', 'needs-review'];
/** A `microsoft` request still under way: the unlock policy's Microsoft step reuses it rather than start another. */
export const MICROSOFT_STEP_UNDER_WAY: readonly RequestStatus[] = ['queued', ...CHECKED_WITH_MICROSOFT];

const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  queued: ['sent', 'failed', 'cancelled', 'accepted', 'expired'],
  // A reply can beat the "sent" bookkeeping (crash after SMTP accepted it), so replies act on queued too.
  sent: ['queued', 'needs-review', 'bounced', 'accepted', 'declined', 'expired', 'cancelled'],
  'needs-review': ['queued', 'accepted', 'declined', 'needs-review', 'expired', 'cancelled', 'bounced'],
  // A bounce reports one delivery; the representative's own reply after it proves the email arrived.
  bounced: ['queued', 'needs-review', 'accepted', 'declined', 'cancelled', 'expired'],
  failed: ['queued', 'cancelled', 'expired'],
  accepted: [],
  declined: [],
  expired: [],
  cancelled: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses from which `to` may be reached: used as the `$in` of a CAS filter. */
export function statusesLeadingTo(to: RequestStatus): RequestStatus[] {
  return REQUEST_STATUSES.filter((from) => canTransition(from, to));
}

/** A resend puts the request back to `queued`: from wherever the state machine allows that. */
export const RESENDABLE_STATUSES: readonly RequestStatus[] = statusesLeadingTo('queued');

/**
 * A reply that reached us before its request expired counts, however late a backlog lets us
 * read it: the representative answered in time. Such a reply may still move an `expired`
 * request (the one exception to final statuses staying final); any other only a live one.
 */
export function replyInTime(request: { expiresAt?: Date }, reply: { receivedAt: Date }): boolean {
  return request.expiresAt !== undefined && reply.receivedAt.getTime() <= request.expiresAt.getTime();
}

/** Whether a reply received at `reply.receivedAt` may act on this request. */
export function acceptsReply(request: { status: RequestStatus; expiresAt?: Date }, reply: { receivedAt: Date }): boolean {
  return ACCEPTS_REPLIES.includes(request.status) || (request.status === 'expired' && replyInTime(request, reply));
}

/** The statuses a reply's outcome `to` may move the request from (the compare-and-set's `$in`). */
export function replyMovesFrom(to: RequestStatus, request: { expiresAt?: Date }, reply: { receivedAt: Date }): RequestStatus[] {
  const from = statusesLeadingTo(to);
  return replyInTime(request, reply) && !from.includes('expired') ? [...from, 'expired'] : from;
}
