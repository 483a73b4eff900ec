import { Types } from 'mongoose';
import type { Context } from '@mca/shared';
import { authorizeOrder } from '../services/api/src/use-cases/authorize-order';

/** The authorize use case without HTTP: what the service itself spends per question. */
export function authorizeOrderForBench(ctx: Context, partnerId: string, tenantId: string) {
  return authorizeOrder(ctx, new Types.ObjectId(partnerId), { tenantId, action: 'new-order', program: 'CSP' });
}
