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

export const FINAL_STATUSES: readonly RequestStatus[] = ['accepted', 'declined', 'expired', 'cancelled'];
/** A request in one of these blocks a new request for the same customer. */
export const ACTIVE_STATUSES: readonly RequestStatus[] = ['queued', 'sent'];

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

/** Reply outcomes act on requests that are waiting for one. */
export const AWAITING_REPLY: readonly RequestStatus[] = ['queued', 'sent', 'needs-review', 'bounced'];
