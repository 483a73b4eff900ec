import { Schema, type Connection, type Types } from 'mongoose';

/** `full`: the whole partner API; `orders`: only POST /v1/orders/authorize (the ordering system's key). */
export const API_KEY_SCOPES = ['full', 'orders'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The name of the key a partner is created with (and of a key migrated from the partner document). */
export const FIRST_API_KEY_NAME = 'primary';

/**
 * One of a partner's API keys. Only the SHA-256 of the key is kept (keys are 256-bit random,
 * see newApiKey); deleting the document revokes the key.
 */
export interface ApiKey {
  _id: Types.ObjectId;
  partnerId: Types.ObjectId;
  name: string;
  scope: ApiKeyScope;
  keyHash: string;
  createdAt: Date;
  /** Written at most once a minute per key (LAST_USED_RESOLUTION_MS), off the request path. */
  lastUsedAt?: Date;
}

export const apiKeySchema = new Schema<ApiKey>(
  {
    partnerId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    scope: { type: String, enum: API_KEY_SCOPES, required: true },
    keyHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: Date,
  },
  { versionKey: false },
);
// Serves: API-key authentication on every partner request (cache misses).
apiKeySchema.index({ keyHash: 1 }, { unique: true });
// Serves: a partner's key list and the last-full-key check.
apiKeySchema.index({ partnerId: 1, scope: 1 });

export const apiKeyModel = (conn: Connection) => conn.model<ApiKey>('ApiKey', apiKeySchema, 'api_keys');
