import { Types } from 'mongoose';
import { AppError, notFound } from '@mca/platform';
import type { Context, Partner } from '@mca/core';

/** The partner an operator names by id (the CLI's --partner); the API knows its partner from the key instead. */
export async function findPartner(ctx: Context, id: string): Promise<Partner> {
  if (!Types.ObjectId.isValid(id) || !/^[a-f0-9]{24}$/i.test(id))
    throw new AppError('VALIDATION_FAILED', `partner id ${JSON.stringify(id)} is not an id (24 hex characters)`);
  const partner = await ctx.models.partners.findById(id).lean();
  if (!partner) throw notFound(`partner ${id}`);
  return partner;
}
