import { Schema, type Connection, type Types } from 'mongoose';

/**
 * Who the partner is in Partner Center, as the admin declared it: Partner Center's answers
 * about a tenant are used for the partner only when Partner Center lists it, by one of these,
 * as that customer's reseller (integrations/src/partner-center/match-reseller.ts).
 */
export interface PartnerCenterIdentity {
  /** The partner's own Entra tenant id (lowercase GUID): a PartnerRelationship's `id`. */
  tenantId?: string;
  /** Its MPN id (Partner ID), digits. */
  mpnId?: string;
}

export interface Partner {
  _id: Types.ObjectId;
  name: string;
  notifyEmail?: string;
  webhookUrl?: string;
  /**
   * Sealed (crypto/secret-box.ts, AES-256-GCM under SECRETS_KEY), not hashed: Standard Webhooks
   * signatures need the secret itself. Read it with openWebhookSecret; a plain `whsec_…` from
   * before encryption is sealed by the migration at start.
   */
  webhookSecret?: string;
  /** Absent: Partner Center is never asked about this partner's customers. */
  partnerCenter?: PartnerCenterIdentity;
  createdAt: Date;
}

export const partnerSchema = new Schema<Partner>(
  {
    name: { type: String, required: true },
    notifyEmail: String,
    webhookUrl: String,
    webhookSecret: String,
    partnerCenter: { type: new Schema<PartnerCenterIdentity>({ tenantId: String, mpnId: String }, { _id: false }), default: undefined },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// API keys live in their own collection (models/api-key.ts): a partner has several.

export const partnerModel = (conn: Connection) => conn.model<Partner>('Partner', partnerSchema, 'partners');
