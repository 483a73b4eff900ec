import { Webhook } from 'standardwebhooks';

/**
 * One signed delivery per the Standard Webhooks spec. The notification id is the
 * `webhook-id`, stable across retries, so a receiver that saw it already can drop the repeat.
 * No redirects are followed (a redirect is a failure the partner must fix) and the call
 * times out, so a slow endpoint cannot hold a worker.
 */
export async function sendPartnerWebhook(input: {
  url: string;
  secret: string;
  id: string;
  type: string;
  data: Record<string, unknown>;
  now: Date;
  timeoutMs?: number;
}): Promise<{ status: number }> {
  const body = JSON.stringify({ type: input.type, timestamp: input.now.toISOString(), data: input.data });
  const signature = new Webhook(input.secret).sign(input.id, input.now, body);
  const res = await fetch(input.url, {
    method: 'POST',
    redirect: 'manual',
    signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
    headers: {
      'content-type': 'application/json',
      'user-agent': 'mca-consent-webhooks/1',
      'webhook-id': input.id,
      'webhook-timestamp': String(Math.floor(input.now.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  });
  await res.arrayBuffer().catch(() => undefined); // drain; the body means nothing to us
  if (res.status < 200 || res.status >= 300) throw new Error(`partner webhook answered HTTP ${res.status}`);
  return { status: res.status };
}
