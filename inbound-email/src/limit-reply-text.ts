/**
 * How much of a reply body is read. A consent is a line or two on top of the quoted request
 * (the replies we know are under 5 KB with the quote); whatever comes after these limits can
 * only be more quote, more signature or an attack on the parsers, so it is not read, and a
 * reply that had more goes to a person instead of being accepted or declined.
 */
export const MAX_REPLY_CHARS = 32 * 1024;
export const MAX_REPLY_LINES = 1_000;

export interface LimitedReplyText {
  /** The first lines of the body, within both limits. */
  text: string;
  /** Set when the body was longer: what was left unread, for the reviewer. */
  cut?: { totalChars: number; totalLines: number };
}

/** Keeps the first MAX_REPLY_LINES lines and MAX_REPLY_CHARS characters, ending on a whole line. */
export function limitReplyText(body: string): LimitedReplyText {
  let end = 0;
  let lines = 0;
  while (end < body.length && lines < MAX_REPLY_LINES) {
    const newline = body.indexOf('\n', end);
    const next = newline === -1 ? body.length : newline + 1;
    if (next > MAX_REPLY_CHARS) break;
    end = next;
    lines++;
  }
  if (end >= body.length) return { text: body };
  // A first line longer than the limit is cut where the limit falls, so something is read.
  const text = end === 0 ? body.slice(0, MAX_REPLY_CHARS) : body.slice(0, end);
  return { text, cut: { totalChars: body.length, totalLines: countLines(body) } };
}

function countLines(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** The review reason for a body that was cut. */
export function cutReason(cut: NonNullable<LimitedReplyText['cut']>): string {
  return `the reply is longer than can be read automatically (${cut.totalChars} characters, ${cut.totalLines} lines; only the first ${MAX_REPLY_CHARS} characters or ${MAX_REPLY_LINES} lines were read)`;
}
