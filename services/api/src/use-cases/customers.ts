import { Types } from 'mongoose';
import type { z } from 'zod';
import { AppError, metrics, notFound } from '@mca/platform';
import {
  appendAuditEvent,
  customerCreated,
  isDuplicateKey,
  openCustomer,
  sealRepresentative,
  type Context,
  type Customer,
  type CustomerFacts,
} from '@mca/core';
import type { CreateCustomerBody, ListCustomersQuery } from '../schemas';

/** Every customer query carries the partner id: that is what isolates partners. */
export async function findCustomer(ctx: Context, partnerId: Types.ObjectId, customerId: string): Promise<Customer> {
  const c = await ctx.models.customers.findOne({ _id: customerId, partnerId }).lean();
  if (!c) throw notFound('customer');
  return openCustomer(ctx.vault, c);
}

/** The operator's way in (mca customer show --tenant): a tenant is unique per partner, not overall. */
export async function findCustomerByTenant(ctx: Context, partnerId: Types.ObjectId, tenantId: string): Promise<Customer> {
  const c = await ctx.models.customers.findOne({ partnerId, tenantId }).lean();
  if (!c) throw notFound('customer');
  return openCustomer(ctx.vault, c);
}

export async function createCustomer(ctx: Context, partnerId: Types.ObjectId, body: z.infer<typeof CreateCustomerBody>): Promise<Customer> {
  try {
    const _id = new Types.ObjectId();
    const { representative, ...facts } = body;
    const sealed = representative ? { representative: await sealRepresentative(ctx.vault, { customerId: _id, partnerId }, representative) } : {};
    const doc = await ctx.models.customers.create({ _id, partnerId, ...facts, ...sealed });
    const customer: Customer = { ...(doc.toObject() as CustomerFacts), representative };
    await appendAuditEvent(ctx, customerCreated(customer));
    await announceNewCustomer(ctx, customer);
    return customer;
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CUSTOMER_EXISTS', `a customer with tenantId ${body.tenantId} already exists`);
    throw err;
  }
}

/**
 * The customer exists whether or not the other API instances hear of it now: without the change
 * an instance that does not hold the tenant reads Mongo anyway, and one that remembered it as
 * unknown forgets that within a second (UNKNOWN_TTL_MS in order-gate.ts). So a lost change is logged, not a failure.
 */
async function announceNewCustomer(ctx: Context, c: CustomerFacts): Promise<void> {
  try {
    await ctx.orderingFeed.publish({
      customerId: c._id.toString(),
      partnerId: c.partnerId.toString(),
      tenantId: c.tenantId,
      unlocked: false,
      writtenOnly: false,
    });
  } catch (err) {
    metrics.orderingFeedFailures.inc({ writer: 'create-customer' });
    ctx.logger.error({ err, customerId: c._id.toString() }, 'new customer not announced on the ordering stream; other API instances read it from Mongo');
  }
}

export async function listCustomers(ctx: Context, partnerId: Types.ObjectId, q: z.infer<typeof ListCustomersQuery>) {
  const filter: Record<string, unknown> = { partnerId };
  if (q.mcaStatus) filter['mca.status'] = q.mcaStatus;
  if (q.cursor) filter._id = { $gt: q.cursor };
  const rows = await ctx.models.customers
    .find(filter)
    .sort({ _id: 1 })
    .limit(q.limit + 1)
    .lean();
  const items = await Promise.all(rows.slice(0, q.limit).map((c) => openCustomer(ctx.vault, c)));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? last._id.toString() : null };
}
