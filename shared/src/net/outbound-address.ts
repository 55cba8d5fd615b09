import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a service must not be steered into fetching from (SSRF): loopback, private
 * (RFC 1918, RFC 4193), link-local (incl. cloud metadata at 169.254.169.254), carrier-grade
 * NAT, unspecified, multicast and reserved ranges, in IPv4 and IPv6 (and IPv4-mapped IPv6).
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

export function isInternalAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return internal.check(mapped[1], 'ipv4');
  const family = isIP(bare);
  if (family === 4) return internal.check(bare, 'ipv4');
  if (family === 6) return internal.check(bare, 'ipv6');
  return false;
}

export type ResolveHost = (hostname: string) => Promise<string[]>;

const resolveWithDns: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * True when the URL's host is, or resolves to, an internal address. A name that does not
 * resolve is not internal (the fetch itself will then fail). The check and the fetch resolve
 * separately, so a rebinding DNS server can still race it; deployments that need more put an
 * egress proxy in front.
 */
export async function pointsInside(url: URL, resolve: ResolveHost = resolveWithDns): Promise<boolean> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host)) return isInternalAddress(host);
  try {
    return (await resolve(host)).some(isInternalAddress);
  } catch {
    return false;
  }
}
