import type { Model, Types } from 'mongoose';
import type { Vault } from './vault';

/**
 * Inbound mail and DocuSign Connect messages arrive before anyone knows whose they are: they
 * are sealed under the system key on arrival, and re-sealed under their customer's key once
 * correlated (`sealedFor` says whose), so erasing that customer reaches them too.
 */
export type RawKind = 'inbound-email' | 'connect-message';

interface RawHolder {
  _id: Types.ObjectId;
  raw: Buffer | { buffer: Uint8Array };
  sealedFor?: Types.ObjectId;
}

const field = (kind: RawKind) => `${kind}.raw`;
const bytes = (raw: RawHolder['raw']) => (Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer));

export const sealArrivedRaw = (vault: Vault, kind: RawKind, raw: Buffer) => vault.sealBytes('system:inbound', field(kind), raw);

/** The message's bytes as they arrived; PERSONAL_DATA_ERASED once its customer was erased. */
export function openRaw(vault: Vault, kind: RawKind, m: RawHolder): Promise<Buffer> {
  return vault.openBytes(m.sealedFor ? { customerId: m.sealedFor } : 'system:inbound', field(kind), bytes(m.raw));
}

/** Re-seals a correlated message under its customer's key, once (a retry finds it done). */
export async function sealRawFor(
  vault: Vault,
  kind: RawKind,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the two message models share these fields
  model: Model<any>,
  m: RawHolder,
  owner: { customerId: Types.ObjectId; partnerId: Types.ObjectId },
): Promise<void> {
  if (m.sealedFor) return;
  const plain = await openRaw(vault, kind, m);
  const raw = await vault.sealBytes(owner, field(kind), plain);
  await model.updateOne({ _id: m._id, sealedFor: { $exists: false } }, { $set: { raw, sealedFor: owner.customerId } });
}
