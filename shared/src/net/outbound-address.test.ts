import fc from 'fast-check';
import { ipv6Bytes, isInternalAddress, isLoopbackName } from './outbound-address.js';

describe('outbound address classification', () => {
  it.each([
    // IPv4
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    // IPv6
    '::',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    'fd12:3456::1',
    'fc00::1',
    'fe80::1',
    'fe80::1%eth0',
    'fec0::1',
    'ff02::1',
    '100::1',
    // IPv4 embedded in IPv6: mapped (dotted and hex), compatible, translated, NAT64, 6to4
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '[::ffff:10.0.0.1]',
    '::ffff:a9fe:a9fe',
    '::127.0.0.1',
    '::ffff:0:127.0.0.1',
    '64:ff9b::127.0.0.1',
    '64:ff9b::a00:1',
    '64:ff9b:1::1',
    '2002:7f00:1::1',
    '2002:c0a8:101::1',
    // Teredo
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  ])('treats %s as internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '193.10.1.1',
    '192.0.2.10',
    '2001:4860:4860::8888',
    '2a00:1450:400f:80c::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
    'example.org',
    '',
  ])('treats %s as outside', (address) => {
    expect(isInternalAddress(address)).toBe(false);
  });

  it('reads every IPv6 spelling of an address to the same bytes', () => {
    expect(ipv6Bytes('::ffff:127.0.0.1')).toEqual(ipv6Bytes('0:0:0:0:0:ffff:7f00:0001'));
    expect(ipv6Bytes('[64:ff9b::10.0.0.1]')).toEqual(ipv6Bytes('64:ff9b:0:0:0:0:a00:1'));
    expect(ipv6Bytes('10.0.0.1')).toBeUndefined();
  });

  it('classifies an IPv4 address and all its IPv6 embeddings alike', () => {
    const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
    fc.assert(
      fc.property(v4, (address) => {
        const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
        const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        const expected = isInternalAddress(address);
        for (const embedded of [
          `::ffff:${address}`,
          `::ffff:${hex}`,
          `64:ff9b::${address}`,
          `2002:${hex}::1`,
        ]) {
          if (isInternalAddress(embedded) !== expected) return false;
        }
        return true;
      }),
    );
  });

  it('knows localhost names whatever DNS says (RFC 6761)', () => {
    expect(isLoopbackName('localhost')).toBe(true);
    expect(isLoopbackName('LOCALHOST.')).toBe(true);
    expect(isLoopbackName('api.localhost')).toBe(true);
    expect(isLoopbackName('localhost.example')).toBe(false);
  });
});
