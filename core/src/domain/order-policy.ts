/**
 * May this tenant order now? The whole rule, from the seeds: consent is needed for CSP new
 * orders and quantity changes from the enforcement date on; SPLA is never blocked.
 * Pure and allocation-light: it runs on every order the marketplace takes.
 */
export const ORDER_ACTIONS = ['new-order', 'quantity-change'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];
export const PROGRAMS = ['CSP', 'SPLA'] as const;
export type Program = (typeof PROGRAMS)[number];

export type OrderDecision = { allowed: true } | { allowed: false; code: 'MCA_NOT_ACCEPTED'; detail: string };

/**
 * Why a locked tenant may not order, which the refusal says: no consent yet (and, when
 * Partner Center was not asked, why not), written consent waiting for Microsoft's side
 * (domain/unlock-policy.ts), or Microsoft refused the order itself (13605) in these words.
 */
export type LockReason =
  { kind: 'no-consent'; notChecked?: string } | { kind: 'awaiting-microsoft' } | { kind: 'microsoft-refused'; code: string; text: string };

const ALLOWED: OrderDecision = Object.freeze({ allowed: true });
const NO_CONSENT =
  "The customer's authorized representative has not accepted the Microsoft Customer Agreement; new orders and quantity changes are blocked until they do.";
const refused = (detail: string): Extract<OrderDecision, { allowed: false }> => ({ allowed: false, code: 'MCA_NOT_ACCEPTED', detail });
// The hot path's answers, built once.
const REFUSED = Object.freeze(refused(NO_CONSENT));
const AWAITING_MICROSOFT = Object.freeze(
  refused(
    "The customer's written consent is recorded, but Microsoft has not yet confirmed the customer's acceptance of the Microsoft Customer Agreement, which this service also needs; new orders and quantity changes are blocked until it does.",
  ),
);

/** The refusal a locked tenant gets, in the words its lock reason calls for. */
export function orderRefusal(reason: LockReason | undefined): Extract<OrderDecision, { allowed: false }> {
  if (!reason) return REFUSED;
  switch (reason.kind) {
    case 'no-consent':
      return reason.notChecked ? refused(`${NO_CONSENT} ${reason.notChecked}.`) : REFUSED;
    case 'awaiting-microsoft':
      return AWAITING_MICROSOFT;
    case 'microsoft-refused':
      return refused(
        `Microsoft does not record this customer's acceptance of the Microsoft Customer Agreement (${reason.code}: ${reason.text}). Ask the customer to accept on Microsoft's side: a consent request with channel 'microsoft'.`,
      );
  }
}

export function decideOrder(input: {
  program: Program;
  action: OrderAction;
  orderingUnlocked: boolean;
  now: number;
  enforcementDate: Date;
  /** Why it is locked, for the refusal's words; the plain "no consent" when absent. */
  locked?: LockReason;
}): OrderDecision {
  if (input.program === 'SPLA') return ALLOWED;
  if (input.now < input.enforcementDate.getTime()) return ALLOWED;
  return input.orderingUnlocked ? ALLOWED : orderRefusal(input.locked);
}
