import { AppError, ConnectMessageError, parseConnectMessage, sha256Hex, storeOnce, verifyConnectSignature, type Context } from '@mca/shared';

/**
 * DocuSign Connect in: the HMAC over the exact bytes is checked first (any configured key
 * may match: rotation), the message is stored raw under its derived dedup key, then queued.
 * Parsing here only derives the key and rejects what is not a Connect message at all.
 */
export async function receiveConnectMessage(
  ctx: Context,
  raw: Buffer,
  headers: Record<string, string | string[] | undefined>,
  contentType: string,
): Promise<{ id: string; duplicate: boolean }> {
  const keys = ctx.config.DOCUSIGN_CONNECT_HMAC_KEYS;
  if (keys.length === 0) throw new AppError('UNAUTHENTICATED', 'no DocuSign Connect HMAC key is configured (DOCUSIGN_CONNECT_HMAC_KEYS)');
  if (!verifyConnectSignature(raw, headers, keys)) throw new AppError('UNAUTHENTICATED', 'X-DocuSign-Signature does not match the body');

  let event;
  try {
    event = parseConnectMessage(raw, contentType);
  } catch (err) {
    if (err instanceof ConnectMessageError) throw new AppError('VALIDATION_FAILED', `not a DocuSign Connect message: ${err.message}`);
    throw err;
  }
  const { id, duplicate, processed } = await storeOnce(ctx.models.connectMessages, {
    dedupKey: event.dedupKey,
    raw,
    contentType,
    sha256: sha256Hex(raw),
    envelopeId: event.envelopeId,
    event: event.event,
    status: 'received',
    receivedAt: ctx.now(),
  });
  if (processed) return { id, duplicate };
  try {
    await ctx.queues.add('inbound-docusign', { connectMessageId: id });
  } catch (err) {
    ctx.logger.warn({ err, connectMessageId: id }, 'enqueue failed; the sweeper will process the stored message');
  }
  return { id, duplicate };
}
