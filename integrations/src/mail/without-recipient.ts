import type Mail from 'nodemailer/lib/mailer';
import { scrubKnownPerson, type KnownPerson } from '@mca/platform';

/** Who a message was addressed to, as far as `to` names them. */
function recipientsOf(to: Mail.Options['to']): KnownPerson[] {
  const list: unknown[] = Array.isArray(to) ? to : to ? [to] : [];
  return list.map((r) => {
    if (typeof r === 'string') return { email: r.replace(/^.*<|>.*$/g, '') };
    const { address, name } = r as { address?: string; name?: string };
    return { email: address, names: name ? [name] : [] };
  });
}

/**
 * An SMTP server's refusal may quote the recipient (address, display name): that text
 * becomes the job's error, which is logged and kept as the request's last error. The
 * server's answer (nodemailer's `response`, also inside the message) loses the recipient's
 * details; nodemailer's own words are left alone. Mutates and returns `err`.
 */
export function withoutRecipient(err: unknown, to: Mail.Options['to']): unknown {
  const e = err as Error & { response?: unknown };
  if (!(err instanceof Error) || typeof e.response !== 'string' || e.response.length === 0) return err;
  const answer = e.response;
  const scrubbed = recipientsOf(to).reduce((text, person) => scrubKnownPerson(text, person), answer);
  e.response = scrubbed;
  e.message = e.message.split(answer).join(scrubbed);
  if (e.stack) e.stack = e.stack.split(answer).join(scrubbed);
  return err;
}
