import mongoose, { type Connection } from 'mongoose';
import { migrate } from './migrations';
import { bindModels, type Models } from './bind-models';

export interface Db {
  conn: Connection;
  models: Models;
}

/** Connects and makes sure every index exists before anyone relies on a unique one. */
export async function connectDb(url: string): Promise<Db> {
  const conn = mongoose.createConnection(url, { serverSelectionTimeoutMS: 10_000, autoIndex: false });
  await conn.asPromise();
  const models = bindModels(conn);
  await migrate(models);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  return { conn, models };
}

// Kept here too so that `import { isDuplicateKey } from './connect'` goes on working.
export { bindModels, type Models } from './bind-models';
export { duplicatesRefused, isDuplicateKey } from './duplicate-key';
export { asBuffer } from './as-buffer';
