import ipaddr from 'ipaddr.js';

/** Cloud instance-metadata endpoints (AWS, GCP, Azure share 169.254.169.254; AWS's IPv6 one). */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254']);

/** ipaddr.js range names -> [metric label, how a refusal reads]. */
const RANGES: Record<string, [string, string]> = {
  unspecified: ['unspecified', 'unspecified'],
  broadcast: ['broadcast', 'broadcast'],
  multicast: ['multicast', 'multicast'],
  linkLocal: ['link-local', 'link-local'],
  loopback: ['loopback', 'loopback'],
  carrierGradeNat: ['private', 'private (carrier-grade NAT)'],
  private: ['private', 'private'],
  uniqueLocal: ['private', 'private (unique local)'],
  reserved: ['reserved', 'reserved'],
};

export interface AddressRefusal {
  /** A short stable word for metrics: private, loopback, link-local, metadata, … */
  range: string;
  /** How the refusal reads: `address 10.0.0.5 is ${words}`. */
  words: string;
}

/**
 * Why an outbound call to `address` (an IP literal) must not be made, or undefined when it is
 * an ordinary public unicast address. Everything that is not public unicast is refused:
 * loopback, RFC 1918, CGNAT, ULA, link-local, metadata, unspecified, multicast, reserved.
 * IPv4-mapped IPv6 is judged by the IPv4 address it maps; the other IPv6 forms that carry an
 * IPv4 address (NAT64, 6to4, Teredo) are refused outright: where they lead cannot be told here.
 */
export function refusedAddressReason(address: string): AddressRefusal | undefined {
  if (!ipaddr.isValid(address)) return { range: 'invalid', words: 'not an IP address' };
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (METADATA_ADDRESSES.has(ip.toNormalizedString()) || METADATA_ADDRESSES.has(ip.toString())) return { range: 'metadata', words: 'a cloud metadata address' };
  const range = ip.range();
  if (range === 'unicast') return undefined;
  const [label, words] = RANGES[range] ?? ['reserved', `not a public address (${range})`];
  return { range: label, words };
}

/** The address as a refusal names it: IPv4-mapped IPv6 shown as the IPv4 address it maps. */
export function shownAddress(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.parse(address);
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address().toString() : ip.toString();
}
