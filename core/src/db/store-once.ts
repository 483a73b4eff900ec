import type { Model, QueryFilter, Types } from 'mongoose';

/** A raw inbound event stored under its unique `dedupKey`, or the copy stored before (a redelivery). */
export interface StoredOnce {
  id: string;
  duplicate: boolean;
  processed: boolean;
}

/**
 * The copy stored before under one of `doc`'s unique keys, or null. One equality lookup per
 * key, in turn: FerretDB pushes an equality down to its index, but scans the collection for an
 * `$or` of them (about a second at 10,000 inbound emails, against 4 ms).
 */
export async function storedCopy<T extends { dedupKey: string }>(
  model: Model<T>,
  doc: Omit<T, '_id'>,
  alsoUniqueOn: ReadonlyArray<keyof Omit<T, '_id'> & string> = [],
): Promise<{ _id: Types.ObjectId; status: string } | null> {
  for (const field of ['dedupKey', ...alsoUniqueOn] as const) {
    const existing = await model
      .findOne({ [field]: (doc as Record<string, unknown>)[field] } as QueryFilter<T>, { _id: 1, status: 1 })
      .lean<{ _id: Types.ObjectId; status: string }>();
    if (existing) return existing;
  }
  return null;
}
