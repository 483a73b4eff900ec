import { AppError, sha256Hex } from '@mca/platform';
import { sealArrivedRaw, webhookIntake, type Context, type InboundEmail, type Received } from '@mca/core';
import { onePerContext } from '../per-context';

/** The header block, unfolded: enough to validate and key the message without parsing MIME. */
function headerBlock(raw: Buffer): string | null {
  const text = raw
    .subarray(0, 256 * 1024)
    .toString('latin1')
    .replace(/^(\r?\n)+/, '');
  const end = text.search(/\r?\n\r?\n/);
  if (end <= 0) return null;
  return text.slice(0, end).replace(/\r?\n[ \t]+/g, ' ');
}

function header(block: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(block);
  return m?.[1]?.trim();
}

type InboundEmailIntake = (doc: Omit<InboundEmail, '_id'>) => Promise<Received>;

/** One per process: the emails arriving together are stored and enqueued together. */
const inboundEmailIntake = onePerContext((ctx): InboundEmailIntake =>
  webhookIntake(ctx.queues, {
    webhook: 'email',
    model: ctx.models.inboundEmails,
    alsoUniqueOn: ['sha256'],
    queue: 'inbound-email',
    job: (inboundEmailId) => ({ inboundEmailId }),
    bytesOf: (doc) => doc.raw.length,
  }),
);

/**
 * Stores a raw inbound email before anything else happens to it, then enqueues processing.
 * The Message-ID (else the body hash) is the dedup key, and the same bytes are stored once
 * whatever Message-ID they are read with: a redelivery is acknowledged and changes nothing.
 * Returns whether the message was new.
 */
export async function receiveInboundEmail(ctx: Context, raw: Buffer): Promise<{ id: string; duplicate: boolean }> {
  const block = headerBlock(raw);
  if (!block || !/^[\x21-\x39\x3b-\x7e]+:/m.test(block) || !header(block, 'From')) {
    throw new AppError('VALIDATION_FAILED', 'body is not an RFC 5322 message (no header section with a From header)');
  }
  const sha256 = sha256Hex(raw);
  const messageId = header(block, 'Message-ID')?.replace(/^<|>$/g, '');
  const dedupKey = messageId ? `mid:${messageId.toLowerCase()}` : `sha256:${sha256}`;

  const { id, duplicate, enqueueError } = await inboundEmailIntake(ctx)({
    dedupKey,
    raw: await sealArrivedRaw(ctx.vault, 'inbound-email', raw),
    sha256,
    size: raw.length,
    status: 'received',
    receivedAt: ctx.now(),
  });
  // Stored is what matters for the sender; the sweeper enqueues what is left 'received'.
  if (enqueueError) ctx.logger.warn({ err: enqueueError, inboundEmailId: id }, 'enqueue failed; the sweeper will process the stored email');
  return { id, duplicate };
}
