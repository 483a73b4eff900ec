import { Types } from 'mongoose';
import type { z } from 'zod';
import { AppError, newApiKey, newWebhookSecret, sealWebhookSecret, sha256Hex, webhookUrlRefusal, type Context } from '@mca/shared';
import type { CreatePartnerBody, CreatedPartner } from '../schemas';

/**
 * Creates a partner; its API key (and webhook secret) are returned once. The key is stored
 * hashed, the webhook secret sealed (it must stay readable to sign deliveries). A webhook URL
 * the delivery guard would refuse on sight (http:, a literal private address) is a 400 now;
 * host names are judged at each delivery, after DNS.
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
  const apiKey = newApiKey();
  const webhookSecret = body.webhookUrl ? newWebhookSecret() : undefined;
  const partner = await ctx.models.partners.create({
    _id,
    name: body.name,
    notifyEmail: body.notifyEmail,
    webhookUrl: body.webhookUrl,
    webhookSecret: webhookSecret ? sealWebhookSecret(ctx.secrets, _id, webhookSecret) : undefined,
    apiKeyHash: sha256Hex(apiKey),
    ...(body.partnerCenter ? { partnerCenter: body.partnerCenter } : {}),
  });
  return { id: partner._id.toString(), name: partner.name, apiKey, ...(webhookSecret ? { webhookSecret } : {}) };
}
