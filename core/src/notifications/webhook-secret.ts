import type { Types } from 'mongoose';
import type { SecretBox } from '@mca/platform';

/** The additional data a partner's sealed webhook secret is bound to: its partner and field. */
const contextOf = (partnerId: Types.ObjectId | string) => `partner:${partnerId.toString()}:webhookSecret`;

export function sealWebhookSecret(box: SecretBox, partnerId: Types.ObjectId | string, secret: string): string {
  return box.seal(secret, contextOf(partnerId));
}

/** The `whsec_…` secret that signs deliveries; a plain one stored before encryption reads as it is. */
export function openWebhookSecret(box: SecretBox, partnerId: Types.ObjectId | string, stored: string): string {
  return box.open(stored, contextOf(partnerId));
}
