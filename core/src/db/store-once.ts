import type { Model, Types } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

/**
 * Stores a raw inbound event under its unique `dedupKey` (and any other unique field named in
 * `alsoUniqueOn`), or finds the copy stored before. What webhooks do before they answer: a
 * redelivery is recognised, never stored twice.
 */
export async function storeOnce<T extends { _id: Types.ObjectId; dedupKey: string; status: string }>(
  model: Model<T>,
  doc: Omit<T, '_id'>,
  alsoUniqueOn: ReadonlyArray<keyof Omit<T, '_id'> & string> = [],
): Promise<{ id: string; duplicate: boolean; processed: boolean }> {
  try {
    const created = (await model.insertMany([doc])) as unknown as Array<{ _id: Types.ObjectId }>;
    return { id: String(created[0]?._id), duplicate: false, processed: false };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const keys = [{ dedupKey: doc.dedupKey }, ...alsoUniqueOn.map((field) => ({ [field]: doc[field] }))];
    const existing = await model.findOne({ $or: keys }, { _id: 1, status: 1 }).lean<{ _id: Types.ObjectId; status: string }>();
    if (!existing) throw err;
    return { id: existing._id.toString(), duplicate: true, processed: existing.status === 'processed' };
  }
}
