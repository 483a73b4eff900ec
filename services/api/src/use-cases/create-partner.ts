import type { z } from 'zod';
import { FIRST_API_KEY_NAME, newWebhookSecret, type Context } from '@mca/shared';
import type { CreatePartnerBody, CreatedPartner } from '../schemas';
import { issueApiKey } from './api-keys';

/** Creates a partner with its first API key (scope full); the key (and webhook secret) are returned once. */
export async function createPartner(ctx: Context, body: z.infer<typeof CreatePartnerBody>): Promise<z.infer<typeof CreatedPartner>> {
  const webhookSecret = body.webhookUrl ? newWebhookSecret() : undefined;
  const partner = await ctx.models.partners.create({
    name: body.name,
    notifyEmail: body.notifyEmail,
    webhookUrl: body.webhookUrl,
    webhookSecret,
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
