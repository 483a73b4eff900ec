import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressRefusal } from './webhook-url-policy';

/** Resolves a host name to every address it has (tests inject their own: no DNS here). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for http(s).request that resolves the host itself and refuses the connection
 * when any address is not public (unless private ones are allowed). The socket then connects
 * to exactly the addresses checked here: a DNS answer that changes between a check and the
 * connect (rebinding) has nothing to slip through.
 */
export function guardedLookup(opts: { allowPrivate: boolean; resolve?: HostResolver }): LookupFunction {
  const resolve = opts.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((found) => {
        const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        if (wanted.length === 0) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
        if (!opts.allowPrivate) {
          const refused = found.map((a) => addressRefusal(a.address)).find(Boolean);
          if (refused) throw refused;
        }
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, '', 0));
  };
}
