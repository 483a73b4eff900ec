import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP endpoint standing in for a partner's webhook receiver; `onReceive` sees each accepted delivery as it lands (the bench times with it). */
export async function startWebhookSink(opts: { onReceive?: (hook: ReceivedWebhook) => void } = {}) {
  const received: ReceivedWebhook[] = [];
  let failuresLeft = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res.writeHead(503).end();
        return;
      }
      const hook = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(hook);
      opts.onReceive?.(hook);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/mca`,
    received,
    failNext(n: number) {
      failuresLeft = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type WebhookSink = Awaited<ReturnType<typeof startWebhookSink>>;
