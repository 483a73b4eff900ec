import { mongo } from 'mongoose';

type Collection<T extends Document> = mongo.Collection<T>;
type Document = mongo.Document;
type OptionalUnlessRequiredId<T extends Document> = mongo.OptionalUnlessRequiredId<T>;
const { MongoServerError } = mongo;
type MongoServerError = mongo.MongoServerError;

/** Rows of one store round trip at most. */
const MAX_ROWS = 200;

type Waiting<T extends Document> = { row: OptionalUnlessRequiredId<T>; done: (err?: unknown) => void };
type Inserter<T extends Document> = (row: OptionalUnlessRequiredId<T>) => Promise<void>;
const perCollection = new WeakMap<object, unknown>();

/**
 * `insertOne`, except that the rows of one collection asked for in the same turn of the event
 * loop go to the store together, as one unordered `insertMany` (a batch of 8 costs FerretDB
 * little more than one row). Each caller still hears of its own row only: resolved once stored,
 * or rejected with that row's own error (a unique index's refusal has code 11000, as from
 * insertOne), so a caller that awaits it knows its row is stored before it answers anyone.
 */
export function groupInsert<T extends Document>(collection: Collection<T>, row: OptionalUnlessRequiredId<T>): Promise<void> {
  let insert = perCollection.get(collection) as Inserter<T> | undefined;
  if (!insert) {
    insert = inserterOf(collection);
    perCollection.set(collection, insert);
  }
  return insert(row);
}

function inserterOf<T extends Document>(collection: Collection<T>): Inserter<T> {
  let waiting: Waiting<T>[] = [];
  const flush = async (batch: Waiting<T>[]) => {
    try {
      await collection.insertMany(
        batch.map((w) => w.row),
        { ordered: false },
      );
      batch.forEach((w) => w.done());
    } catch (err) {
      const refused = rowErrors(err);
      if (!refused) return batch.forEach((w) => w.done(err));
      batch.forEach((w, i) => w.done(refused.get(i)));
    }
  };
  return (row) =>
    new Promise<void>((resolve, reject) => {
      if (waiting.length === 0) {
        setImmediate(() => {
          const all = waiting;
          waiting = [];
          for (let i = 0; i < all.length; i += MAX_ROWS) void flush(all.slice(i, i + MAX_ROWS));
        });
      }
      waiting.push({ row, done: (err) => (err === undefined ? resolve() : reject(err)) });
    });
}

/** Each refused row's own error, by its index in the batch; undefined when the insert failed as a whole. */
function rowErrors(err: unknown): Map<number, MongoServerError> | undefined {
  const writeErrors = (err as { writeErrors?: unknown } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return undefined;
  const byIndex = new Map<number, MongoServerError>();
  for (const e of writeErrors as Array<{ index: number; code: number; errmsg?: string; errInfo?: Document }>) {
    byIndex.set(e.index, new MongoServerError({ message: e.errmsg ?? `insert refused (code ${e.code})`, errmsg: e.errmsg, code: e.code, errInfo: e.errInfo }));
  }
  return byIndex;
}
