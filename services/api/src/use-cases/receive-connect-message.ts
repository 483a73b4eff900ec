import { AppError, sha256Hex } from '@mca/platform';
import { ConnectMessageError, connectSignatureCheck, parseConnectMessage } from '@mca/integrations';
import { sealArrivedRaw, webhookIntake, type ConnectMessage, type Context, type Received } from '@mca/core';
import { onePerContext } from '../per-context';

export interface IncomingConnectMessage {
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  /** Reads the body (bounded by the caller), handing each chunk to `onChunk` as it arrives. */
  readBody(onChunk: (chunk: Buffer) => void): Promise<Buffer>;
}

type ConnectMessageIntake = (doc: Omit<ConnectMessage, '_id'>) => Promise<Received>;

/** One per process: the Connect messages arriving together are stored and enqueued together. */
const connectMessageIntake = onePerContext((ctx): ConnectMessageIntake =>
  webhookIntake(ctx.queues, {
    webhook: 'docusign',
    model: ctx.models.connectMessages,
    queue: 'inbound-docusign',
    job: (connectMessageId) => ({ connectMessageId }),
    bytesOf: (doc) => doc.raw.length,
  }),
);

/**
 * DocuSign Connect in: without a signature header or a configured key the body is not even
 * read; otherwise the HMAC is computed over the exact bytes while they arrive (any configured
 * key may match: rotation), the message is stored raw under its derived dedup key, then queued.
 * Parsing here only derives the key and rejects what is not a Connect message at all.
 */
export async function receiveConnectMessage(ctx: Context, incoming: IncomingConnectMessage): Promise<{ id: string; duplicate: boolean }> {
  const keys = ctx.config.DOCUSIGN_CONNECT_HMAC_KEYS;
  if (keys.length === 0) throw new AppError('UNAUTHENTICATED', 'no DocuSign Connect HMAC key is configured (DOCUSIGN_CONNECT_HMAC_KEYS)');
  const signature = connectSignatureCheck(incoming.headers, keys);
  if (!signature) throw new AppError('UNAUTHENTICATED', 'an X-DocuSign-Signature-1 header is required');
  const raw = await incoming.readBody((chunk) => signature.update(chunk));
  if (raw.length === 0) throw new AppError('VALIDATION_FAILED', 'empty body');
  if (!signature.matches()) throw new AppError('UNAUTHENTICATED', 'X-DocuSign-Signature does not match the body');
  const { contentType } = incoming;

  let event;
  try {
    event = parseConnectMessage(raw, contentType);
  } catch (err) {
    if (err instanceof ConnectMessageError) throw new AppError('VALIDATION_FAILED', `not a DocuSign Connect message: ${err.message}`);
    throw err;
  }
  const { id, duplicate, enqueueError } = await connectMessageIntake(ctx)({
    dedupKey: event.dedupKey,
    raw: await sealArrivedRaw(ctx.vault, 'connect-message', raw),
    contentType,
    sha256: sha256Hex(raw),
    envelopeId: event.envelopeId,
    event: event.event,
    status: 'received',
    receivedAt: ctx.now(),
  });
  if (enqueueError) ctx.logger.warn({ err: enqueueError, connectMessageId: id }, 'enqueue failed; the sweeper will process the stored message');
  return { id, duplicate };
}
