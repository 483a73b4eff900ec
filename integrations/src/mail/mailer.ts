import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { withoutRecipient } from './without-recipient';

export type OutgoingMail = Mail.Options & { messageId: string };

export interface Mailer {
  /** Sends one message; resolves once the SMTP server (or the outbox file) took it. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * One factory, both transports nodemailer: SMTP when SMTP_URL is set, otherwise each message
 * is written as an .eml file under the outbox directory (so `npm start` works with nothing
 * configured and a developer can open what would have been sent).
 */
export function createMailer(opts: { smtpUrl?: string; outboxDir: string; from: string }): Mailer {
  if (opts.smtpUrl) {
    // Pooled: a campaign's thousands of mails reuse a few SMTP connections instead of a TCP and
    // TLS handshake each (the URL may still say ?pool=false).
    const transport: Transporter = nodemailer.createTransport({ url: opts.smtpUrl, pool: true }, { from: opts.from });
    return {
      async send(mail) {
        await transport.sendMail({ from: opts.from, ...mail }).catch((err: unknown) => {
          throw withoutRecipient(err, mail.to);
        });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: opts.from, ...mail });
      await mkdir(opts.outboxDir, { recursive: true });
      const name = mail.messageId.replace(/[<>]/g, '').replace(/[^\w.@-]/g, '_');
      await writeFile(path.join(opts.outboxDir, `${name}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
