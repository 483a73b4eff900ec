import type { Types } from 'mongoose';
import type { z } from 'zod';
import { AppError, newApiKey, notFound, sha256Hex } from '@mca/platform';
import type { ApiKey, ApiKeyScope, Context } from '@mca/core';
import { announceRevocation } from '../api-key-revocations';
import type { ApiKeyView, CreateApiKeyBody, CreatedApiKey } from '../schemas';

/** Enough for every system and person of a partner, one key each, with rotations under way. */
export const MAX_API_KEYS_PER_PARTNER = 50;

/** A new key for the partner: the key itself is returned this once, only its SHA-256 is kept. */
export async function issueApiKey(ctx: Context, partnerId: Types.ObjectId, name: string, scope: ApiKeyScope): Promise<z.infer<typeof CreatedApiKey>> {
  const apiKey = newApiKey();
  const doc = await ctx.models.apiKeys.create({ partnerId, name, scope, keyHash: sha256Hex(apiKey), createdAt: ctx.now() });
  return { id: doc._id.toString(), name: doc.name, scope: doc.scope, apiKey };
}

export async function createApiKey(ctx: Context, partnerId: Types.ObjectId, body: z.infer<typeof CreateApiKeyBody>) {
  // Not atomic: two racing creates may end one over the cap, which is all the cap is for (no unbounded list).
  if ((await ctx.models.apiKeys.countDocuments({ partnerId })) >= MAX_API_KEYS_PER_PARTNER) {
    throw new AppError('TOO_MANY_API_KEYS', `a partner has at most ${MAX_API_KEYS_PER_PARTNER} API keys; delete one first`);
  }
  return issueApiKey(ctx, partnerId, body.name, body.scope);
}

export async function listApiKeys(ctx: Context, partnerId: Types.ObjectId): Promise<z.infer<typeof ApiKeyView>[]> {
  const keys = await ctx.models.apiKeys.find({ partnerId }, { keyHash: 0 }).sort({ createdAt: 1, _id: 1 }).lean();
  return keys.map((k) => ({
    id: k._id.toString(),
    name: k.name,
    scope: k.scope,
    createdAt: k.createdAt.toISOString(),
    ...(k.lastUsedAt ? { lastUsedAt: k.lastUsedAt.toISOString() } : {}),
  }));
}

const lastFullKey = () =>
  new AppError(
    'LAST_FULL_KEY',
    "this is the partner's last key with scope full: create another full key first (rotation: create, switch, then delete the old one)",
  );

/**
 * Revokes a key everywhere (api-key-revocations.ts). The partner's last `full` key is kept:
 * without one nobody could create keys again (an `orders` key cannot).
 */
export async function deleteApiKey(ctx: Context, partnerId: Types.ObjectId, id: string): Promise<void> {
  const key = await ctx.models.apiKeys.findOne({ _id: id, partnerId }, { scope: 1 }).lean();
  if (!key) throw notFound('API key');
  const isFull = key.scope === 'full';
  if (isFull && !(await ctx.models.apiKeys.exists({ partnerId, scope: 'full', _id: { $ne: key._id } }))) throw lastFullKey();
  const deleted = await ctx.models.apiKeys.findOneAndDelete({ _id: id, partnerId }).lean<ApiKey>();
  if (!deleted) throw notFound('API key');
  // Two deletes racing for the last two full keys both passed the check above: each puts its key back.
  if (isFull && !(await ctx.models.apiKeys.exists({ partnerId, scope: 'full' }))) {
    await ctx.models.apiKeys.collection.insertOne(deleted);
    throw lastFullKey();
  }
  await announceRevocation(ctx, deleted.keyHash);
}

/** Passes over the partner's keys: one more than a key created while the first ran needs. */
const ROTATION_PASSES = 3;

/**
 * The operator's rotation (`mca partner rotate-key`), for a key that leaked or a partner whose
 * keys nobody can account for: one new `full` key is issued, then every other key of the
 * partner, whatever its scope, is deleted and revoked on every instance like DELETE
 * /v1/api-keys/{id}. An `orders` key goes too: it may be the one that leaked, and the new full
 * key creates its successor. A key created by an old key while the rotation runs is caught by
 * the next pass; once the old keys are revoked nobody but the holder of the new one can create more.
 */
export async function rotateApiKeys(ctx: Context, partnerId: Types.ObjectId): Promise<z.infer<typeof CreatedApiKey> & { revoked: number }> {
  const created = await issueApiKey(ctx, partnerId, `rotated ${ctx.now().toISOString()}`, 'full');
  let revoked = 0;
  for (let pass = 0; pass < ROTATION_PASSES; pass++) {
    const old = await ctx.models.apiKeys.find({ partnerId, _id: { $ne: created.id } }, { keyHash: 1 }).lean();
    if (old.length === 0) break;
    await ctx.models.apiKeys.deleteMany({ partnerId, _id: { $in: old.map((k) => k._id) } });
    for (const k of old) await announceRevocation(ctx, k.keyHash);
    revoked += old.length;
  }
  return { ...created, revoked };
}
