import type { Types } from 'mongoose';
import { appendAuditEvent, appendAuditEvents, evidenceRead, type Context } from '@mca/core';
import type { Reader } from '../http/reader';

/** Whose chain a read goes on: a customer, or anything of one (a request, a record) by its customerId. */
type Read = { customerId: Types.ObjectId | string; partnerId: Types.ObjectId } | { _id: Types.ObjectId; partnerId: Types.ObjectId };
const chainOf = (c: Read) => ({ customerId: 'customerId' in c ? c.customerId : c._id, partnerId: c.partnerId });

/**
 * The one way a read of personal data or evidence reaches the audit chain (issue 12): called
 * once the data has been found, before it is sent, so every answer that carried it is on the
 * chain and a 404 (another partner's customer) appends nothing. Reads by the order gate are not
 * reads of personal data and never come here.
 */
export async function recordRead(ctx: Context, reader: Reader, what: string, customer: Read): Promise<void> {
  await appendAuditEvent(ctx, evidenceRead(chainOf(customer), reader, what, ctx.now()));
}

/** A list or report: one read per customer shown, appended in bulk (append-audit-events.ts). */
export async function recordReads(ctx: Context, reader: Reader, what: string, customers: readonly Read[]): Promise<void> {
  const at = ctx.now();
  await appendAuditEvents(
    ctx,
    customers.map((c) => evidenceRead(chainOf(c), reader, what, at)),
  );
}
