import type { Request } from 'express';
import type { Types } from 'mongoose';
import { AppError } from '@mca/platform';

declare module 'express-serve-static-core' {
  interface Request {
    /** The API key the call was authenticated with (partner API and console alike). */
    apiKeyId?: Types.ObjectId;
  }
}

/**
 * Who reads, as the audit chain's `evidence.read` names them: the partner and the very key,
 * and whether through its integration (`partner:`) or a person in the console (`console:`).
 * The operator's reads are `cli`; `admin` the admin token's.
 */
export type Reader = `partner:${string}/key:${string}` | `console:${string}/key:${string}` | 'admin' | 'cli';

export function readerOf(req: Request): Reader {
  if (!req.partner || !req.apiKeyId) throw new AppError('UNAUTHENTICATED', 'not authenticated');
  const via = req.consoleSession || req.consoleBearer ? 'console' : 'partner';
  return `${via}:${req.partner.id.toString()}/key:${req.apiKeyId.toString()}`;
}
