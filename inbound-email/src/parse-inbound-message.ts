import PostalMime, { addressParser, type Address, type Attachment } from 'postal-mime';
import { decodeFlowedText } from './decode-flowed-text';
import { htmlToText } from './html-to-text';
import type { InboundMessage, MailHeader, ReportInfo } from './inbound-message';
import { findRepeatedHeaders } from './repeated-headers';

export type InboundMessageErrorCode = 'empty' | 'no-headers';

/** The input is not an RFC 5322 message at all; retrying will not help. */
export class InboundMessageError extends Error {
  override readonly name = 'InboundMessageError';
  constructor(
    readonly code: InboundMessageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// A header field is `name:` with printable ASCII other than ':' in the name (RFC 5322 §2.2).
const HEADER_FIELD = /^[!-9;-~]+[ \t]*:/;
const RECIPIENT_HEADERS = ['delivered-to', 'x-original-to', 'x-forwarded-to'];

/**
 * Parses a raw inbound message. Throws InboundMessageError when the input has no header block,
 * because postal-mime would otherwise turn the first text lines into bogus headers.
 */
export async function parseInboundMessage(raw: Buffer): Promise<InboundMessage> {
  const source = stripLeadingNoise(raw);
  if (source.length === 0) throw new InboundMessageError('empty', 'inbound message is empty');
  if (!HEADER_FIELD.test(firstLine(source))) {
    throw new InboundMessageError('no-headers', 'inbound message does not start with a header field');
  }

  const { source: fixedSource, flowed } = neutraliseFlowed(source);
  const email = await PostalMime.parse(fixedSource);
  const headers: MailHeader[] = email.headers.map((h) => ({ key: h.key, value: h.value }));
  const from = firstMailbox(email.from);
  const date = email.date ? new Date(email.date) : undefined;

  return {
    ...readReport(headers, email.attachments),
    messageId: firstMessageId(email.messageId),
    inReplyTo: firstMessageId(email.inReplyTo),
    references: messageIds(email.references ?? ''),
    from: from && { address: from.address.toLowerCase(), ...(from.name ? { name: from.name } : {}) },
    recipients: recipients(email.to, email.cc, headers),
    addressees: recipients(email.to, email.cc, []),
    repeatedHeaders: findRepeatedHeaders(source),
    date: date && !Number.isNaN(date.getTime()) ? date : undefined,
    subject: email.subject,
    text: email.text !== undefined ? (flowed ? decodeFlowedText(email.text, flowed.delSp) : email.text) : email.html ? htmlToText(email.html) : '',
    headers,
  };
}

/**
 * postal-mime treats a message that starts with a blank line as having no headers at all, and
 * mbox exports start with a `From ` envelope line that is not a header either.
 */
function stripLeadingNoise(raw: Buffer): Buffer {
  let offset = 0;
  for (;;) {
    const end = raw.indexOf(0x0a, offset);
    const line = raw.subarray(offset, end === -1 ? raw.length : end).toString('latin1');
    const isBlank = line.trim() === '';
    const isMboxSeparator = offset === 0 && line.startsWith('From ');
    if (!(isBlank || isMboxSeparator) || end === -1) return isBlank ? raw.subarray(raw.length) : raw.subarray(offset);
    offset = end + 1;
  }
}

/**
 * Hides format=flowed from postal-mime, whose decoder merges lines across quote depths (see
 * decode-flowed-text.ts), so that we can decode it ourselves. Only text/plain Content-Type
 * fields are touched; latin1 keeps every other byte as it was.
 */
function neutraliseFlowed(source: Buffer): { source: Buffer; flowed?: { delSp: boolean } } {
  let flowed: { delSp: boolean } | undefined;
  const text = source.toString('latin1').replace(/^content-type:[ \t]*text\/plain\b[^\n]*(?:\r?\n[ \t][^\n]*)*/gim, (field) => {
    if (!/\bformat\s*=\s*"?flowed\b/i.test(field)) return field;
    flowed = { delSp: (flowed?.delSp ?? false) || /\bdelsp\s*=\s*"?yes\b/i.test(field) };
    return field.replace(/\bformat\s*=\s*"?flowed"?/i, 'format=fixed');
  });
  return flowed ? { source: Buffer.from(text, 'latin1'), flowed } : { source };
}

function firstLine(source: Buffer): string {
  const end = source.indexOf(0x0a);
  return source.subarray(0, end === -1 ? source.length : end).toString('latin1');
}

function firstMailbox(address: Address | undefined): { address: string; name: string } | undefined {
  if (!address) return undefined;
  if (address.group === undefined) return address.address ? address : undefined;
  return address.group.find((m) => m.address);
}

function mailboxes(addresses: Address[] | undefined): string[] {
  return (addresses ?? []).flatMap((a) => (a.group === undefined ? [a.address] : a.group.map((m) => m.address)));
}

function recipients(to: Address[] | undefined, cc: Address[] | undefined, headers: MailHeader[]): string[] {
  const fromHeaders = headers.filter((h) => RECIPIENT_HEADERS.includes(h.key)).flatMap((h) => mailboxes(addressParser(h.value)));
  const all = [...mailboxes(to), ...mailboxes(cc), ...fromHeaders].map((a) => a.trim().toLowerCase()).filter((a) => a.includes('@'));
  return [...new Set(all)];
}

function messageIds(value: string): string[] {
  const bracketed = value.match(/<[^<>\s]+>/g);
  const ids = bracketed ?? value.split(/[\s,]+/);
  return ids.map((id) => id.replace(/^<|>$/g, '').trim()).filter((id) => id.length > 0);
}

function firstMessageId(value: string | undefined): string | undefined {
  return value === undefined ? undefined : messageIds(value)[0];
}

function readReport(headers: MailHeader[], attachments: Attachment[]): ReportInfo {
  const contentType = headers.find((h) => h.key === 'content-type')?.value ?? '';
  if (!/^\s*multipart\/report\b/i.test(contentType)) return { isMultipartReport: false };

  const reportType = /;\s*report-type\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1]?.toLowerCase();
  const statusPart = attachments.find((a) => a.mimeType === 'message/delivery-status');
  // The DSN fields are ASCII (RFC 3464), so latin1 cannot mangle them.
  const deliveryStatus = statusPart && Buffer.from(partBytes(statusPart.content)).toString('latin1');
  const returned = attachments.find((a) => RETURNED_MESSAGE_TYPES.includes(a.mimeType.toLowerCase()));
  const reportedMessageId = returned && returnedMessageId(Buffer.from(partBytes(returned.content)).toString('latin1'));
  return { isMultipartReport: true, reportType, deliveryStatus, ...(reportedMessageId ? { reportedMessageId } : {}) };
}

// RFC 6522: the third part of a report is the returned message or just its header section.
const RETURNED_MESSAGE_TYPES = ['text/rfc822-headers', 'message/rfc822', 'message/rfc822-headers'];

/** The Message-ID in the header section of a returned message, unfolded first. */
function returnedMessageId(part: string): string | undefined {
  const headerSection = part.split(/\r?\n\r?\n/)[0] ?? '';
  const field = /^message-id[ \t]*:(.*)$/im.exec(headerSection.replace(/\r?\n[ \t]+/g, ' '));
  return field?.[1] === undefined ? undefined : firstMessageId(field[1].trim());
}

function partBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return Buffer.from(content, 'latin1');
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}
