import type { z } from 'zod';
import { newApiKey, newWebhookSecret, sha256Hex, type Context } from '@mca/shared';
import type { CreatePartnerBody, CreatedPartner } from '../schemas';

/** Creates a partner; its API key (and webhook secret) are returned once and stored hashed/kept. */
export async function createPartner(ctx: Context, body: z.infer<typeof CreatePartnerBody>): Promise<z.infer<typeof CreatedPartner>> {
  const apiKey = newApiKey();
  const webhookSecret = body.webhookUrl ? newWebhookSecret() : undefined;
  const partner = await ctx.models.partners.create({
    name: body.name,
    notifyEmail: body.notifyEmail,
    webhookUrl: body.webhookUrl,
    webhookSecret,
    apiKeyHash: sha256Hex(apiKey),
    ...(body.partnerCenter ? { partnerCenter: body.partnerCenter } : {}),
  });
  return { id: partner._id.toString(), name: partner.name, apiKey, ...(webhookSecret ? { webhookSecret } : {}) };
}
