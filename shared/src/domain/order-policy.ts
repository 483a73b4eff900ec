/**
 * May this tenant order now? The whole rule, from the seeds: consent is needed for CSP new
 * orders and quantity changes from the enforcement date on; SPLA is never blocked.
 * Pure and allocation-light: it runs on every order the marketplace takes.
 */
export const ORDER_ACTIONS = ['new-order', 'quantity-change'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];
export const PROGRAMS = ['CSP', 'SPLA'] as const;
export type Program = (typeof PROGRAMS)[number];

export type OrderDecision =
  | { allowed: true }
  | { allowed: false; code: 'MCA_NOT_ACCEPTED'; detail: string };

const ALLOWED: OrderDecision = Object.freeze({ allowed: true });
const REFUSED: OrderDecision = Object.freeze({
  allowed: false,
  code: 'MCA_NOT_ACCEPTED',
  detail: "The customer's authorized representative has not accepted the Microsoft Customer Agreement; new orders and quantity changes are blocked until they do.",
});

export function decideOrder(input: {
  program: Program;
  action: OrderAction;
  orderingUnlocked: boolean;
  now: number;
  enforcementDate: Date;
}): OrderDecision {
  if (input.program === 'SPLA') return ALLOWED;
  if (input.now < input.enforcementDate.getTime()) return ALLOWED;
  return input.orderingUnlocked ? ALLOWED : REFUSED;
}
