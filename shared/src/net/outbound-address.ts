import { BlockList, isIP } from 'node:net';

/**
 * Addresses a service must not be steered into fetching from (SSRF): loopback, private
 * (RFC 1918, RFC 4193), link-local (incl. cloud metadata at 169.254.169.254), carrier-grade
 * NAT, unspecified, multicast and reserved ranges, in IPv4 and IPv6, and IPv4 addresses
 * embedded in IPv6 (mapped, compatible, translated, NAT64 RFC 6052, 6to4 RFC 3056).
 */
const internalV4 = new BlockList();
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
  internalV4.addSubnet(network, prefix, 'ipv4');
}

const internalV6 = new BlockList();
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // RFC 6666 discard-only; RFC 4380 Teredo (tunnels to anywhere, the embedded client is obscured).
  ['100::', 64],
  ['2001::', 32],
  // RFC 8215 local-use NAT64: translates into the operator's own network.
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  // Deprecated site-local (RFC 3879), still routed inside some networks.
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  internalV6.addSubnet(network, prefix, 'ipv6');
}

/** The 16 bytes of an IPv6 address (zone id dropped), or undefined when it is not one. */
export function ipv6Bytes(address: string): number[] | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(bare) !== 6) return undefined;
  let text = bare;
  const tail: number[] = [];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted.slice(1).map(Number));
    text = `${text.slice(0, dotted.index)}0:0`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 address an IPv6 address carries, for the forms that route to it. */
function embeddedIpv4(bytes: number[]): string | undefined {
  const startsWith = (prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  const last4 = bytes.slice(12).join('.');
  const zeros = (n: number) => Array<number>(n).fill(0);
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), ::ffff:0:a.b.c.d (translated).
  if (startsWith([...zeros(10), 0xff, 0xff])) return last4;
  if (startsWith(zeros(12))) return last4;
  if (startsWith([...zeros(8), 0xff, 0xff, 0, 0])) return last4;
  // RFC 6052 well-known NAT64 prefix 64:ff9b::/96.
  if (startsWith([0, 0x64, 0xff, 0x9b, ...zeros(8)])) return last4;
  // RFC 3056 6to4: 2002:AABB:CCDD::/48 carries a.b.c.d.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6).join('.');
  return undefined;
}

/** True for an address (IPv4 or IPv6, bracketed or not) inside the ranges above. */
export function isInternalAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return internalV4.check(bare, 'ipv4');
  const bytes = ipv6Bytes(bare);
  if (!bytes) return false;
  // :: and ::1 fall in the compatible form below; they are internal in their own right.
  if (internalV6.check(bare, 'ipv6')) return true;
  const v4 = embeddedIpv4(bytes);
  return v4 !== undefined && internalV4.check(v4, 'ipv4');
}

/** Names that are this machine by definition (RFC 6761 §6.3), whatever DNS says. */
export function isLoopbackName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost');
}
