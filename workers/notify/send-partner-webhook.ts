import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { bareHostname, guardedLookup, webhookUrlRefusal, type HostResolver } from '@mca/platform';

/** What of an answer's body is read before the connection is dropped: it means nothing to us. */
const MAX_BODY_BYTES = 4 * 1024;

/**
 * One signed delivery per the Standard Webhooks spec. The event id is the `webhook-id`,
 * stable across retries, so a receiver that saw it already can drop the repeat.
 *
 * Outbound to a partner-chosen URL, so guarded against SSRF: https only and every address the
 * host resolves to must be public (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES), checked in the
 * connection's own lookup (no rebinding between check and connect); a refusal is a
 * WebhookRefusedError. No redirects are followed (a redirect is a failure the partner must
 * fix), the whole call times out, and at most a few KB of the answer are read.
 */
export async function sendPartnerWebhook(input: {
  url: string;
  secret: string;
  id: string;
  type: string;
  data: Record<string, unknown>;
  now: Date;
  allowPrivate: boolean;
  resolve?: HostResolver;
  timeoutMs?: number;
}): Promise<{ status: number }> {
  const refused = webhookUrlRefusal(input.url, input.allowPrivate);
  if (refused) throw refused;
  const url = new URL(input.url);
  const body = JSON.stringify({ type: input.type, timestamp: input.now.toISOString(), data: input.data });
  const signature = new Webhook(input.secret).sign(input.id, input.now, body);
  const client = url.protocol === 'https:' ? https : http;
  const timeoutMs = input.timeoutMs ?? 10_000;

  return new Promise((resolve, reject) => {
    const req = client.request({
      method: 'POST',
      hostname: bareHostname(url),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      agent: false, // a fresh connection each time: nothing reused from a connection checked earlier
      lookup: guardedLookup({ allowPrivate: input.allowPrivate, resolve: input.resolve }),
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'mca-consent-webhooks/1',
        'webhook-id': input.id,
        'webhook-timestamp': String(Math.floor(input.now.getTime() / 1000)),
        'webhook-signature': signature,
      },
    });
    const timer = setTimeout(() => req.destroy(new Error(`partner webhook gave no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_BODY_BYTES) res.destroy();
      });
      res.on('error', () => undefined);
      res.on('close', () => {
        clearTimeout(timer);
        req.destroy();
      });
      if (status < 200 || status >= 300) reject(new Error(`partner webhook answered HTTP ${status}`));
      else resolve({ status });
    });
    req.end(body);
  });
}
