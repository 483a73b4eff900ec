import { Schema, type Connection, type Types } from 'mongoose';

export interface Partner {
  _id: Types.ObjectId;
  name: string;
  notifyEmail?: string;
  webhookUrl?: string;
  /** Kept (not hashed): Standard Webhooks signatures need the secret itself. */
  webhookSecret?: string;
  createdAt: Date;
}

export const partnerSchema = new Schema<Partner>(
  {
    name: { type: String, required: true },
    notifyEmail: String,
    webhookUrl: String,
    webhookSecret: String,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// API keys live in their own collection (models/api-key.ts): a partner has several.

export const partnerModel = (conn: Connection) => conn.model<Partner>('Partner', partnerSchema, 'partners');
