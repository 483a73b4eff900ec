import { Schema, type Connection, type Types } from 'mongoose';

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
  apiKeyHash: string;
  createdAt: Date;
}

export const partnerSchema = new Schema<Partner>(
  {
    name: { type: String, required: true },
    notifyEmail: String,
    webhookUrl: String,
    webhookSecret: String,
    apiKeyHash: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Serves: API-key authentication on every partner request.
partnerSchema.index({ apiKeyHash: 1 }, { unique: true });

export const partnerModel = (conn: Connection) => conn.model<Partner>('Partner', partnerSchema, 'partners');
