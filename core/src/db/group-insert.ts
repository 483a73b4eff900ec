import { mongo, type Model } from 'mongoose';
import { groupCommit } from '@mca/platform';

type Document = mongo.Document;
type Row<T extends Document> = mongo.OptionalUnlessRequiredId<T>;

/** Rows of one store round trip at most, and inserts of one collection under way at once. */
const MAX_ROWS = 200;
const MAX_IN_FLIGHT = 2;

const perCollection = new WeakMap<object, unknown>();

/**
 * `insertOne`, except that rows of one collection asked for together (in one turn of the event
 * loop, or while its last insert runs) go to the store as one unordered `insertMany` (platform's
 * groupCommit): a batch of 8 costs FerretDB little more than one row. Each caller still hears of
 * its own row only: resolved once stored, or rejected with that row's own error (a unique
 * index's refusal has code 11000, as from insertOne), so a caller that awaits it knows its row
 * is stored before it answers anyone.
 */
export function groupInsert<T extends Document>(collection: mongo.Collection<T>, row: Row<T>): Promise<void> {
  let insert = perCollection.get(collection) as ((row: Row<T>) => Promise<void>) | undefined;
  if (!insert) {
    insert = groupCommit((rows: Row<T>[]) => insertRows(collection, rows), { maxItems: MAX_ROWS, maxInFlight: MAX_IN_FLIGHT });
    perCollection.set(collection, insert);
  }
  return insert(row);
}

async function insertRows<T extends Document>(collection: mongo.Collection<T>, rows: Row<T>[]): Promise<PromiseSettledResult<void>[]> {
  const stored: PromiseSettledResult<void> = { status: 'fulfilled', value: undefined };
  try {
    await collection.insertMany(rows, { ordered: false });
    return rows.map(() => stored);
  } catch (err) {
    const refused = rowErrors(err);
    if (!refused) throw err;
    return rows.map((_, i) => {
      const reason = refused.get(i);
      return reason ? { status: 'rejected', reason } : stored;
    });
  }
}

/** Each refused row's own error, by its index in the batch; undefined when the insert failed as a whole. */
function rowErrors(err: unknown): Map<number, mongo.MongoServerError> | undefined {
  const writeErrors = (err as { writeErrors?: unknown } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return undefined;
  const byIndex = new Map<number, mongo.MongoServerError>();
  for (const e of writeErrors as Array<{ index: number; code: number; errmsg?: string; errInfo?: Document }>) {
    byIndex.set(
      e.index,
      new mongo.MongoServerError({ message: e.errmsg ?? `insert refused (code ${e.code})`, errmsg: e.errmsg, code: e.code, errInfo: e.errInfo }),
    );
  }
  return byIndex;
}

/**
 * `Model.create` of one document, stored through groupInsert: mongoose casts, applies defaults
 * and validates it, its timestamps are set as `create` would set them, and documents of one
 * model created in the same moment (a campaign's batch deciding side by side) share one insert.
 * Save middleware does not run (as with `insertMany`): only for models without `pre('save')`.
 * Returns the document as stored, plain.
 */
export async function groupCreate<T>(model: Model<T>, fields: Partial<T>): Promise<T> {
  const doc = new model(fields);
  await doc.validate();
  (doc as unknown as { initializeTimestamps?: () => void }).initializeTimestamps?.();
  const row = doc.toBSON() as Row<Document>;
  await groupInsert(model.collection as unknown as mongo.Collection<Document>, row);
  return row as T;
}
