import { Types } from 'mongoose';
import type { Context } from '@mca/core';
import { createOrderAuthorizer } from '../services/api/src/use-cases/authorize-order';

/** The authorize use case without HTTP: what the service itself spends per question. */
export function createBenchAuthorizer(ctx: Context, partnerId: string) {
  const authorize = createOrderAuthorizer(ctx);
  const id = new Types.ObjectId(partnerId);
  return async (tenantId: string) => authorize(id, { tenantId, action: 'new-order', program: 'CSP' });
}
