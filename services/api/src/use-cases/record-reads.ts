import type { Types } from 'mongoose';
import { appendAuditEvent, evidenceRead, type Context } from '@mca/core';
import { AUDIT_READS_PER_JOB } from '@mca/workers/audit-reads/job';
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

/**
 * A list or report: one read per customer shown. Queued (workers/audit-reads/), a job per
 * AUDIT_READS_PER_JOB customers, before the rows are sent: the job is durable in Redis once
 * added, so the read reaches each chain even if this process dies, and the answer does not wait
 * on one append per customer (a 2,000-customer report went from 2 s to 8-13 s when it did).
 */
export async function recordReads(ctx: Context, reader: Reader, what: string, customers: readonly Read[]): Promise<void> {
  const at = ctx.now().toISOString();
  const byPartner = new Map<string, string[]>();
  for (const c of customers) {
    const { customerId, partnerId } = chainOf(c);
    const ids = byPartner.get(partnerId.toString()) ?? [];
    ids.push(customerId.toString());
    byPartner.set(partnerId.toString(), ids);
  }
  const jobs = [];
  for (const [partnerId, ids] of byPartner) {
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += AUDIT_READS_PER_JOB) {
      jobs.push({ partnerId, customerIds: unique.slice(i, i + AUDIT_READS_PER_JOB), by: reader, what, at });
    }
  }
  await ctx.queues.addBulk('audit-reads', jobs);
}
