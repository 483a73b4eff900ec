import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * The request a campaign makes for a customer has an id derived from the pair, so a
 * redelivered or crashed fan-out finds the request it made instead of making a second one.
 */
export function campaignRequestId(campaignId: Types.ObjectId | string, customerId: Types.ObjectId | string): Types.ObjectId {
  const digest = createHash('sha256').update(`campaign-request:${campaignId.toString()}:${customerId.toString()}`).digest();
  return new Types.ObjectId(digest.subarray(0, 12));
}

/** A campaign's member row: one per customer, whatever the fan-out decided. */
export const campaignMemberId = (campaignId: Types.ObjectId | string, customerId: Types.ObjectId | string) =>
  `${campaignId.toString()}-${customerId.toString()}`;
