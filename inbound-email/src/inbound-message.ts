import type { RepeatedHeader } from './repeated-headers';

/** One header field as it appeared in the message: name lowercased, value unfolded, not decoded. */
export interface MailHeader {
  key: string;
  value: string;
}

/**
 * The report part of a multipart/report message. A report is never a human reply, so the fields
 * travel together: there is no report type without a report.
 */
export type ReportInfo =
  | { isMultipartReport: false; reportType?: undefined; deliveryStatus?: undefined; reportedMessageId?: undefined }
  | {
      isMultipartReport: true;
      /** `report-type` parameter, lowercased; missing when the sender left it out. */
      reportType?: string;
      /** Text of the message/delivery-status part (RFC 3464 fields), when there is one. */
      deliveryStatus?: string;
      /** Message-ID of the returned message (text/rfc822-headers or message/rfc822 part), without angle brackets. */
      reportedMessageId?: string;
    };

/** What the consent worker needs from an inbound RFC 5322 message. */
export type InboundMessage = ReportInfo & {
  /** Message-ID without angle brackets. */
  messageId?: string;
  /** First id of In-Reply-To, without angle brackets. */
  inReplyTo?: string;
  /** Ids from References, without angle brackets, in header order. */
  references: string[];
  from?: { address: string; name?: string };
  /** Lowercased, de-duplicated addresses from To, Cc, Delivered-To, X-Original-To, X-Forwarded-To. */
  recipients: string[];
  /**
   * Lowercased, de-duplicated addresses from To and Cc: what correlation reads. The delivery
   * headers above are written by any hop, the sender's own included, and are not trusted.
   */
  addressees: string[];
  /** Single-instance fields (From, Message-ID, …) found more than once in the raw header block. */
  repeatedHeaders: RepeatedHeader[];
  date?: Date;
  subject?: string;
  /** text/plain body, or the HTML body converted to text (blockquotes become `> ` lines). */
  text: string;
  /** Top-level headers in message order, duplicates kept. */
  headers: MailHeader[];
};

/** Every value of a header, in message order. `key` is matched case-insensitively. */
export function headerValues(msg: Pick<InboundMessage, 'headers'>, key: string): string[] {
  const wanted = key.toLowerCase();
  return msg.headers.filter((h) => h.key === wanted).map((h) => h.value);
}
