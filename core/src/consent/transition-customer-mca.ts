import type { Types } from 'mongoose';
import type { Context } from '../context';
import { canMcaTransition, mcaStatusesLeadingTo, type McaStatus } from '../domain';

/** Other fields written in the same update as the status: the outbox marker, or more of `mca`. */
type CustomerFields = Record<`mca.${string}` | 'unlockPendingSince', unknown>;

/**
 * Compare-and-set move of a customer's `mca.status` to `to`, legal only from the statuses the
 * customer state machine (domain/mca-status.ts) allows, or from the narrower `from`. With
 * `requestId`, only while that request is the customer's current one. Says whether a customer
 * matched (it may already have held every value) and whether it changed.
 */
export async function transitionCustomerMca(
  ctx: Pick<Context, 'models'>,
  input: {
    customerId: Types.ObjectId;
    to: McaStatus;
    from?: readonly McaStatus[];
    requestId?: Types.ObjectId;
    partnerId?: Types.ObjectId;
    set?: Partial<CustomerFields>;
    unset?: ReadonlyArray<keyof CustomerFields>;
  },
): Promise<{ matched: boolean; modified: boolean }> {
  const result = await ctx.models.customers.updateOne(
    {
      _id: input.customerId,
      ...(input.partnerId ? { partnerId: input.partnerId } : {}),
      ...(input.requestId ? { 'mca.requestId': input.requestId } : {}),
      'mca.status': { $in: input.from ? input.from.filter((s) => canMcaTransition(s, input.to)) : mcaStatusesLeadingTo(input.to) },
    },
    {
      $set: { 'mca.status': input.to, ...input.set },
      ...(input.unset?.length ? { $unset: Object.fromEntries(input.unset.map((k) => [k, 1])) } : {}),
    },
  );
  return { matched: result.matchedCount > 0, modified: result.modifiedCount > 0 };
}
