import MailComposer from 'nodemailer/lib/mail-composer';
import type { ReceivedMail } from './smtp-sink';
import { AUTHSERV_ID } from './service';

export interface ReplyOptions {
  /** The consent email the reply answers (as the SMTP sink received it). */
  original: ReceivedMail;
  from: string;
  body: string;
  /** Quote the original below the reply, Gmail style (default true). */
  quote?: boolean;
  /** Verdict our receiving MTA put in Authentication-Results (default pass); null = no header. */
  dmarc?: 'pass' | 'fail' | null;
  /** Send to the reply+token address (default) or only thread via In-Reply-To. */
  correlate?: 'token' | 'thread';
  headers?: Record<string, string>;
  /** In-Reply-To and References instead of the original's Message-ID; null: none. */
  inReplyTo?: string | null;
  /** The To address instead of the one `correlate` picks. */
  to?: string;
  /** Our MTA's statements in Authentication-Results instead of the `dmarc` ones. */
  authResults?: string;
  messageId?: string;
  subject?: string;
  date?: Date;
}

/** Builds a raw RFC 5322 reply with nodemailer's own composer, as a mail client would send it. */
export async function buildReply(o: ReplyOptions): Promise<Buffer> {
  const orig = o.original.parsed;
  const replyTo = orig.replyTo?.[0]?.address ?? '';
  const quoted = (orig.text ?? '')
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  const text = o.quote === false ? o.body : `${o.body}\n\nOn Tue, 12 Mar 2024 at 10:00, MCA Consent <${orig.from?.address}> wrote:\n${quoted}\n`;
  const raw = await new MailComposer({
    from: o.from,
    to: o.to ?? (o.correlate === 'thread' ? orig.from?.address : replyTo),
    subject: o.subject ?? `Re: ${orig.subject}`,
    text,
    messageId: o.messageId ?? `<reply-${Math.random().toString(36).slice(2)}@${o.from.split('@')[1]?.replace(/>$/, '')}>`,
    ...(o.inReplyTo === null ? {} : { inReplyTo: o.inReplyTo ?? orig.messageId, references: o.inReplyTo ?? orig.messageId }),
    date: o.date ?? new Date(),
    headers: o.headers ?? {},
  })
    .compile()
    .build();
  const domain = o.from.replace(/.*@/, '').replace(/>$/, '');
  if (o.authResults !== undefined) return Buffer.concat([Buffer.from(`Authentication-Results: ${AUTHSERV_ID}; ${o.authResults}\r\n`), raw]);
  const dmarc = o.dmarc === undefined ? 'pass' : o.dmarc;
  if (dmarc === null) return raw;
  const ar =
    `Authentication-Results: ${AUTHSERV_ID};\r\n\tdkim=${dmarc} header.d=${domain} header.s=sel1;\r\n` +
    `\tspf=${dmarc} smtp.mailfrom=${domain};\r\n\tdmarc=${dmarc} (p=REJECT) header.from=${domain}\r\n`;
  return Buffer.concat([Buffer.from(ar), raw]);
}

export async function postEmail(baseUrl: string, raw: Buffer, secret: string) {
  const res = await fetch(`${baseUrl}/webhooks/email`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'message/rfc822' },
    body: raw,
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as { id: string; duplicate: boolean } | undefined };
}
