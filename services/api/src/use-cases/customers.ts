import type { Types } from 'mongoose';
import type { z } from 'zod';
import { AppError, isDuplicateKey, notFound, type Context, type Customer } from '@mca/shared';
import type { CreateCustomerBody, ListCustomersQuery } from '../schemas';

/** Every customer query carries the partner id: that is what isolates partners. */
export async function findCustomer(ctx: Context, partnerId: Types.ObjectId, customerId: string): Promise<Customer> {
  const c = await ctx.models.customers.findOne({ _id: customerId, partnerId }).lean();
  if (!c) throw notFound('customer');
  return c;
}

export async function createCustomer(ctx: Context, partnerId: Types.ObjectId, body: z.infer<typeof CreateCustomerBody>): Promise<Customer> {
  try {
    const doc = await ctx.models.customers.create({ partnerId, ...body });
    return doc.toObject();
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CUSTOMER_EXISTS', `a customer with tenantId ${body.tenantId} already exists`);
    throw err;
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
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? last._id.toString() : null };
}
