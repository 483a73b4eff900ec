import { Schema, type Connection, type Types } from 'mongoose';

/**
 * One data key of the vault (core/src/vault/): a random AES-256 key, stored only wrapped
 * (AES-256-GCM) under the master key `kid` of DATA_KEYS. `_id` names what it protects:
 * `customer:<id>` (that customer's personal data), `system:inbound` (mail and Connect messages
 * not yet tied to a customer) or `lookup` (the HMAC key of keyed-hash lookups). An erased
 * customer's row keeps only `erasedAt`: its key is gone, and none is ever made again.
 */
export interface DataKeyRecord {
  _id: string;
  partnerId?: Types.ObjectId;
  kid?: string;
  wrapped?: string;
  createdAt: Date;
  rewrappedAt?: Date;
  erasedAt?: Date;
}

export const dataKeySchema = new Schema<DataKeyRecord>(
  {
    _id: { type: String, required: true },
    partnerId: Schema.Types.ObjectId,
    kid: String,
    wrapped: String,
    createdAt: { type: Date, required: true },
    rewrappedAt: Date,
    erasedAt: Date,
  },
  { versionKey: false },
);

// A partner's keys in one cursor (the consent report opens every customer of the partner).
dataKeySchema.index({ partnerId: 1 });

export const dataKeyModel = (conn: Connection) => conn.model<DataKeyRecord>('DataKey', dataKeySchema, 'data_keys');
