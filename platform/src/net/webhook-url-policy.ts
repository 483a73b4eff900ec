import { isIP } from 'node:net';
import { refusedAddressReason, shownAddress } from './address-policy';

/**
 * A partner webhook call that must not be made: the URL or an address its host resolves to is
 * not one a partner may point us at. Permanent (retrying cannot change it), shown on the
 * notification as `refused: <message>`.
 */
export class WebhookRefusedError extends Error {
  constructor(
    message: string,
    /** What kind of refusal, for the metric label: a range word (private, loopback, …) or `scheme`. */
    readonly reason: string,
  ) {
    super(message);
  }
}

/** The host of a URL without IPv6 brackets, as net and dns take it. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * What can be judged from the URL alone (at POST /v1/partners and before each delivery):
 * https only, and no literal address outside the public internet, unless
 * WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on. Host names are judged at connect time
 * (guarded-lookup.ts), after DNS, on the addresses actually connected to.
 */
export function webhookUrlRefusal(url: string, allowPrivate: boolean): WebhookRefusedError | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return new WebhookRefusedError('not a URL', 'scheme');
  }
  if (u.protocol !== 'https:' && !(allowPrivate && u.protocol === 'http:')) {
    return new WebhookRefusedError(
      `${u.protocol}// is not allowed: webhook URLs must be https (http only on a deployment that allows private addresses, for tests)`,
      'scheme',
    );
  }
  const host = bareHostname(u);
  if (!allowPrivate && isIP(host)) return addressRefusal(host);
  return undefined;
}

export function addressRefusal(address: string): WebhookRefusedError | undefined {
  const why = refusedAddressReason(address);
  return why ? new WebhookRefusedError(`address ${shownAddress(address)} is ${why.words}`, why.range) : undefined;
}
