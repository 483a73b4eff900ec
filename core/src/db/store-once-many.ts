import type { Model, Types } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';
import { storedCopy, type StoredOnce } from './store-once';

type PerDocResult = { insertedId?: Types.ObjectId; refusal?: unknown };

/**
 * What the unordered insert did with each doc, by the docs' own index: mongoose's `results`
 * hold the stored document, its validation error or the server's write error. An error with no
 * write errors is not a per-document answer (the store unreachable): it is thrown.
 */
async function insertEach<T>(model: Model<T>, docs: object[]): Promise<PerDocResult[]> {
  const outcome = (results: unknown[]) =>
    docs.map((_, i): PerDocResult => {
      const r = results[i];
      return r instanceof model ? { insertedId: (r as { _id: Types.ObjectId })._id } : { refusal: r };
    });
  try {
    const res = (await model.insertMany(docs, { ordered: false, rawResult: true })) as unknown as { mongoose?: { results?: unknown[] } };
    return outcome(res.mongoose?.results ?? []);
  } catch (err) {
    const e = err as { writeErrors?: unknown; results?: unknown[] };
    if (!Array.isArray(e.writeErrors) || !e.results) throw err;
    return outcome(e.results);
  }
}

const refusalError = (refusal: unknown): Error => {
  if (refusal instanceof Error) return refusal;
  const w = refusal as { errmsg?: string; code?: number } | undefined;
  return Object.assign(new Error(`not stored: ${w?.errmsg ?? 'refused by the store'}`), { code: w?.code });
};

/**
 * Stores each raw inbound event under its unique `dedupKey` (and `alsoUniqueOn`), or finds the
 * copy stored before: one unordered insertMany, then a lookup for each doc a unique
 * index refused (a redelivery, or the same message twice in this batch). Each doc gets its own
 * answer; a doc that is invalid or that the store refused for another reason fails alone.
 */
export async function storeOnceMany<T extends { _id: Types.ObjectId; dedupKey: string; status: string }>(
  model: Model<T>,
  docs: Omit<T, '_id'>[],
  alsoUniqueOn: ReadonlyArray<keyof Omit<T, '_id'> & string> = [],
): Promise<PromiseSettledResult<StoredOnce>[]> {
  if (docs.length === 0) return [];
  const inserted = await insertEach(model, docs);
  return Promise.all(
    inserted.map(async ({ insertedId, refusal }, i): Promise<PromiseSettledResult<StoredOnce>> => {
      if (insertedId) return { status: 'fulfilled', value: { id: insertedId.toString(), duplicate: false, processed: false } };
      if (!isDuplicateKey(refusal)) return { status: 'rejected', reason: refusalError(refusal) };
      try {
        const existing = await storedCopy(model, docs[i]!, alsoUniqueOn);
        if (!existing) return { status: 'rejected', reason: refusalError(refusal) };
        return { status: 'fulfilled', value: { id: existing._id.toString(), duplicate: true, processed: existing.status === 'processed' } };
      } catch (err) {
        return { status: 'rejected', reason: err };
      }
    }),
  );
}
