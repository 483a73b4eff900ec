import { headerValues, type InboundMessage } from './inbound-message';
import { parseDeliveryStatus } from './parse-delivery-status';

export type AutomatedMessage =
  | { kind: 'bounce'; reason: string; /** Recipients the DSN reports as failed (final and original addresses), when it says. */ failedRecipients: string[] }
  | { kind: 'auto-reply'; reason: string }
  | { kind: 'none'; reason?: undefined };

// Long, unambiguous subject prefixes: a human reply to our request starts with Re:/SV:/AW:/...
const AUTO_SUBJECT_PHRASES = [
  'automatic reply',
  'automatic response',
  'auto reply',
  'auto-reply',
  'autoreply',
  'auto response',
  'out of office',
  'out of the office',
  'automatisk svar',
  'autosvar',
  'fraværsmelding',
  'fraværende',
  'automatische antwort',
  'abwesenheitsnotiz',
  'automatische abwesenheitsnotiz',
  'automatiskt svar',
  'frånvaro',
  'frånvarande',
  'automatisch antwoord',
  'afwezigheidsmelding',
  'automaattinen vastaus',
  'poissaoloviesti',
  'lomavastaaja',
  'réponse automatique',
  'respuesta automática',
  'risposta automatica',
];
// Short words that are only auto-reply markers when followed by a colon ("Auto: ..." from Lotus Notes).
const AUTO_SUBJECT_TAGS = ['auto', 'ooo', 'oof', 'fravær', 'abwesend', 'afwezig', 'poissa'];

const BOUNCE_SENDER = /^(mailer[-_]?daemon|mail[-_]?delivery[-_]?(system|subsystem)?)@/i;
const POSTMASTER_SENDER = /^post[-_]?master@/i;
const FAILURE_SUBJECT =
  /(undeliver|undelivered|delivery (status )?notification|delivery fail|delivery has failed|failure notice|returned mail|mail delivery (failed|subsystem)|could not be delivered|unzustellbar|nicht zustellbar|kan ikke leveres|kunne ikke leveres|ikke levert|ikke leveret|kunde inte levereras|olevererbart|onbestelbaar|niet bezorgd|kon niet worden bezorgd|ei voitu toimittaa|toimitus epäonnistui|non remis|no entregado)/i;

/**
 * Tells bounces and auto-replies apart from human replies. Neither can ever be consent, and an
 * out-of-office message quotes our request (including the accept phrase) more often than not.
 */
export function detectAutomatedMessage(msg: InboundMessage): AutomatedMessage {
  return detectDeliveryReport(msg) ?? detectBounce(msg) ?? detectAutoReply(msg) ?? { kind: 'none' };
}

/**
 * An RFC 3464 report. Only `Action: failed` means the email will not arrive; a `delayed`
 * warning (greylisting, a full mailbox being retried) or a `delivered`/`relayed` report is
 * news, not a bounce: the representative may still get the email and reply, so it changes
 * nothing. A report whose recipients cannot be read counts as a bounce (someone looks at it).
 */
function detectDeliveryReport(msg: InboundMessage): AutomatedMessage | undefined {
  if (!msg.isMultipartReport || msg.reportType !== 'delivery-status') return undefined;
  const recipients = parseDeliveryStatus(msg.deliveryStatus ?? '');
  const failed = recipients.filter((r) => r.action === 'failed');
  const described = (failed.length > 0 ? failed : recipients).map((r) => `${r.recipient} ${r.action || 'unknown'}${r.status ? ` ${r.status}` : ''}`).join(', ');
  const reason = `multipart/report delivery-status${described ? `: ${described}` : ''}`;
  if (recipients.length > 0 && failed.length === 0) return { kind: 'auto-reply', reason: `${reason} (not a failure)` };
  const failedRecipients = [...new Set(failed.flatMap((r) => (r.originalRecipient ? [r.recipient, r.originalRecipient] : [r.recipient])))];
  return { kind: 'bounce', reason, failedRecipients };
}

function detectBounce(msg: InboundMessage): AutomatedMessage | undefined {
  const sender = msg.from?.address ?? '';
  const subject = msg.subject ?? '';
  if (BOUNCE_SENDER.test(sender)) {
    return { kind: 'bounce', reason: `sender ${sender}`, failedRecipients: [] };
  }
  if (FAILURE_SUBJECT.test(subject) && (POSTMASTER_SENDER.test(sender) || hasNullReturnPath(msg))) {
    return { kind: 'bounce', reason: `failure subject "${subject}" from ${sender || 'null sender'}`, failedRecipients: [] };
  }
  return undefined;
}

function detectAutoReply(msg: InboundMessage): AutomatedMessage | undefined {
  const reason = autoReplyReason(msg);
  return reason === undefined ? undefined : { kind: 'auto-reply', reason };
}

function autoReplyReason(msg: InboundMessage): string | undefined {
  if (msg.isMultipartReport) return `multipart/report; report-type=${msg.reportType ?? 'unknown'}`;

  // RFC 3834: the first token is the keyword; parameters and comments may follow.
  for (const value of headerValues(msg, 'auto-submitted')) {
    const keyword =
      value
        .replace(/\(.*?\)/g, '')
        .split(';')[0]
        ?.trim()
        .toLowerCase() ?? '';
    if (keyword !== '' && keyword !== 'no') return `Auto-Submitted: ${keyword}`;
  }
  for (const key of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    const value = headerValues(msg, key)[0];
    if (value !== undefined && !/^\s*(no|false|0)\s*$/i.test(value)) return `${key}: ${value.trim()}`;
  }
  for (const value of headerValues(msg, 'precedence')) {
    if (/^\s*(auto[_-]reply|bulk|junk|list)\b/i.test(value)) return `Precedence: ${value.trim()}`;
  }
  // Outlook puts "X-Auto-Response-Suppress: All" on ordinary mail, so only the explicit OOF /
  // AutoReply tokens (which Exchange sets on its own automatic replies) count.
  for (const value of headerValues(msg, 'x-auto-response-suppress')) {
    const tokens = value.split(/[\s,]+/).map((t) => t.toLowerCase());
    if (tokens.includes('oof') || tokens.includes('autoreply')) return `X-Auto-Response-Suppress: ${value.trim()}`;
  }
  if (headerValues(msg, 'x-ms-exchange-inbox-rules-loop').length > 0) return 'X-MS-Exchange-Inbox-Rules-Loop present';

  const subjectTag = autoReplySubject(msg.subject ?? '');
  if (subjectTag) return `subject starts with "${subjectTag}"`;

  // RFC 5321 §4.5.5 / RFC 3834 §3.3: automatic messages use the null reverse-path.
  if (hasNullReturnPath(msg)) return 'null Return-Path <>';
  return undefined;
}

function autoReplySubject(subject: string): string | undefined {
  const start = subject.trimStart().toLowerCase();
  const phrase = AUTO_SUBJECT_PHRASES.find((p) => start.startsWith(p) && !/[\p{L}\p{N}]/u.test(start.charAt(p.length)));
  if (phrase) return phrase;
  return AUTO_SUBJECT_TAGS.find((tag) => new RegExp(`^${tag}\\s*:`, 'u').test(start));
}

function hasNullReturnPath(msg: InboundMessage): boolean {
  return headerValues(msg, 'return-path').some((v) => /^\s*<\s*>\s*$/.test(v));
}
