import { Types } from 'mongoose';
import type { z } from 'zod';
import { AppError, newWebhookSecret, webhookUrlRefusal } from '@mca/platform';
import { FIRST_API_KEY_NAME, sealWebhookSecret, type Context } from '@mca/core';
import type { CreatePartnerBody, CreatedPartner } from '../schemas';
import { issueApiKey } from './api-keys';

/**
 * Creates a partner with its first API key (scope full); the key (and webhook secret) are
 * returned once. The webhook secret is sealed (it must stay readable to sign deliveries). A
 * webhook URL the delivery guard would refuse on sight (http:, a literal private address) is a
 * 400 now; host names are judged at each delivery, after DNS.
 */
export async function createPartner(ctx: Context, body: z.infer<typeof CreatePartnerBody>): Promise<z.infer<typeof CreatedPartner>> {
  if (body.webhookUrl) {
    const refused = webhookUrlRefusal(body.webhookUrl, ctx.config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES);
    if (refused) {
      const message = `refused: ${refused.message}`;
      throw new AppError('VALIDATION_FAILED', `webhookUrl: ${message}`, { errors: [{ path: 'webhookUrl', message }] });
    }
  }
  const _id = new Types.ObjectId();
  const webhookSecret = body.webhookUrl ? newWebhookSecret() : undefined;
  const partner = await ctx.models.partners.create({
    _id,
    name: body.name,
    notifyEmail: body.notifyEmail,
    webhookUrl: body.webhookUrl,
    webhookSecret: webhookSecret ? sealWebhookSecret(ctx.secrets, _id, webhookSecret) : undefined,
    ...(body.partnerCenter ? { partnerCenter: body.partnerCenter } : {}),
  });
  let apiKey: string;
  try {
    ({ apiKey } = await issueApiKey(ctx, partner._id, FIRST_API_KEY_NAME, 'full'));
  } catch (err) {
    // A partner nobody can sign in as is of no use: the admin's retry creates it whole.
    await ctx.models.partners.deleteOne({ _id: partner._id }).catch(() => undefined);
    throw err;
  }
  return { id: partner._id.toString(), name: partner.name, apiKey, ...(webhookSecret ? { webhookSecret } : {}) };
}
