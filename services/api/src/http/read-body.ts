import type { Request } from 'express';
import getRawBody from 'raw-body';
import { AppError } from '@mca/platform';

/**
 * Reads a request body of at most `limit` bytes, handing each chunk to `onChunk` as it arrives
 * (a signature is computed while reading, not over a second copy). An announced Content-Length
 * beyond the limit is refused before a byte is read; a body that grows past it is cut off there.
 */
export async function readBody(req: Request, limit: number, onChunk?: (chunk: Buffer) => void): Promise<Buffer> {
  // Attached before raw-body's own listener, in the same tick: both see every chunk, in order.
  if (onChunk) req.on('data', onChunk);
  try {
    return await getRawBody(req, { limit, length: req.headers['content-length'] });
  } catch (err) {
    const e = err as { type?: string; message?: string };
    if (e.type === 'entity.too.large') throw new AppError('PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes`);
    throw new AppError('VALIDATION_FAILED', `request body could not be read: ${e.message ?? 'aborted'}`);
  } finally {
    if (onChunk) req.off('data', onChunk);
  }
}
