import { crossCheckReply, type CrossCheck } from './cross-check-reply';
import { hasQuoteLeak } from './has-quote-leak';
import { findAttributions, isDecorationLine, isOriginalMessageMarker, isQuotedLine, isSeparatorLine, startsHeaderBlock } from './reply-header-lines';
import { isDeviceSignature, isSignatureDelimiter } from './signature-lines';
import { findSentTextLines } from './find-sent-text-lines';
import { limitReplyText, type LimitedReplyText } from './limit-reply-text';
import { readWithEmailReplyParser } from './read-with-email-reply-parser';

/** The layers that can remove text, in the order they run. */
export type StripLayer =
  | 'quoted-lines'
  | 'reply-header'
  | 'header-block'
  | 'original-message-marker'
  | 'separator-line'
  | 'signature-delimiter'
  | 'device-signature'
  | 'sent-text'
  | 'email-reply-parser';

export interface ExtractedReply {
  /** What the sender wrote, without quoted text, reply headers and signatures. */
  text: string;
  /** A distinctive sentence of `sentText` survived: do not trust `text` on its own. */
  quoteLeak: boolean;
  /** Layers that removed something ('email-reply-parser' when the library also found a quote). */
  strippedBy: StripLayer[];
  /** email-reply-parser's opinion; `library-cut-more` and `differs` deserve a human look. */
  crossCheck: CrossCheck;
  /** The body was over the reading limits (limit-reply-text.ts): only its start was read. */
  cut?: LimitedReplyText['cut'];
}

export interface ExtractReplyOptions {
  /** Plain text of the email the reply answers; its lines are removed when quoted unmarked. */
  sentText?: string;
  /** email-reply-parser's time budget (REPLY_PARSE_BUDGET_MS when not given). */
  budgetMs?: number;
}

type CutLayer = Extract<StripLayer, 'header-block' | 'original-message-marker' | 'separator-line' | 'signature-delimiter' | 'device-signature'>;

/**
 * Extracts the newly written part of a reply (research/email.md §5): quoted lines go, a reply
 * header either introduces a `>` quote (the reply may continue below it) or an unquoted
 * original (everything after it goes), then lines reproducing our own email are subtracted.
 * Only the start of a long body is read. Rejects with ReplyParseError when email-reply-parser
 * gives no answer within its time budget.
 */
export async function extractReplyText(body: string, opts: ExtractReplyOptions = {}): Promise<ExtractedReply> {
  const { text, cut } = limitReplyText(body);
  // Runs in its own thread while we do our part.
  const library = readWithEmailReplyParser(text, opts.budgetMs);
  library.catch(() => undefined); // awaited below; an early rejection must not count as unhandled
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n');
  const layers = new Set<StripLayer>();
  const kept = scanReply(lines, layers);

  const fromTemplate = opts.sentText ? findSentTextLines(kept, opts.sentText) : new Set<number>();
  if (fromTemplate.size > 0) layers.add('sent-text');
  const reply = tidy(kept.filter((_, i) => !fromTemplate.has(i)));

  const crossCheck = crossCheckReply(text, reply, await library);
  if (crossCheck.libraryStripped) layers.add('email-reply-parser');

  return {
    text: reply,
    quoteLeak: hasQuoteLeak(reply, opts.sentText),
    strippedBy: [...layers],
    crossCheck: crossCheck.outcome,
    ...(cut ? { cut } : {}),
  };
}

function scanReply(lines: readonly string[], layers: Set<StripLayer>): string[] {
  const attributions = findAttributions(lines);
  const kept: string[] = [];
  const at = (k: number) => lines[k] ?? '';
  const isBlank = (k: number) => at(k).trim() === '';

  let i = 0;
  while (i < lines.length) {
    const attributionEnd = attributions.get(i);
    if (attributionEnd !== undefined) {
      layers.add('reply-header');
      let next = attributionEnd + 1;
      while (next < lines.length && isBlank(next)) next++;
      if (next >= lines.length || !isQuotedLine(at(next))) break; // an unquoted original follows
      // A `>` quote: the reply may go on below it (bottom-posting, Thunderbird's default).
      while (next < lines.length && (isQuotedLine(at(next)) || isBlank(next))) next++;
      layers.add('quoted-lines');
      i = next;
      continue;
    }
    if (isQuotedLine(at(i))) {
      layers.add('quoted-lines');
      i++;
      continue;
    }
    const cut = cutLayer(lines, i);
    if (cut) {
      layers.add(cut);
      break;
    }
    kept.push(at(i));
    i++;
  }
  // Separator lines ("-------", "*****") just above a cut belong to the quote.
  while (kept.length > 0 && isDecorationLine(kept[kept.length - 1] ?? '')) kept.pop();
  return kept;
}

function cutLayer(lines: readonly string[], i: number): CutLayer | undefined {
  const line = lines[i] ?? '';
  if (isOriginalMessageMarker(line)) return 'original-message-marker';
  if (startsHeaderBlock(lines, i)) return 'header-block';
  if (isSeparatorLine(line)) return 'separator-line';
  if (isSignatureDelimiter(line)) return 'signature-delimiter';
  if (isDeviceSignature(line)) return 'device-signature';
  return undefined;
}

function tidy(lines: readonly string[]): string {
  return lines
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
