import { SMTPServer } from 'smtp-server';
import PostalMime, { type Email } from 'postal-mime';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: Email;
}

/**
 * A real SMTP server on loopback that keeps what it receives, so tests read back exactly
 * what nodemailer sent. `failNext(n, text)` answers the next n messages with a 451, to exercise
 * retries.
 */
export async function startSmtpSink() {
  const received: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  let failures = 0;
  let failureText = 'try again later';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (failures > 0) {
          failures -= 1;
          const rcpt = session.envelope.rcptTo.map((r) => `<${r.address}>`).join(', ');
          const err = Object.assign(new Error(failureText.replace('{rcpt}', rcpt)), { responseCode: 451 });
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        const mailFrom = session.envelope.mailFrom;
        received.push({
          envelope: { from: mailFrom ? mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
          raw,
          parsed: await PostalMime.parse(raw),
        });
        waiters.splice(0).forEach((w) => w());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** `text` may name `{rcpt}`: real servers quote the recipient address in their answer. */
    failNext(n: number, text = 'try again later') {
      failures = n;
      failureText = text;
    },
    /** Resolves with the first message (after `after` of them) matching, as soon as it arrives. */
    async waitFor(match: (m: ReceivedMail) => boolean, timeoutMs = 20_000): Promise<ReceivedMail> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching mail within ${timeoutMs} ms (got ${received.length})`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
