import { isInternalAddress, pointsInside } from './outbound-address.js';

describe('outbound address policy', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '[::1]',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('treats %s as internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '193.10.1.1', '2001:4860:4860::8888', 'example.org'])(
    'treats %s as outside',
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
    },
  );

  it('looks through a name to the addresses it resolves to', async () => {
    const resolveTo = (addresses: string[]) => async () => addresses;
    expect(await pointsInside(new URL('https://intranet.example/x'), resolveTo(['10.0.0.5']))).toBe(true);
    expect(
      await pointsInside(new URL('https://mixed.example/x'), resolveTo(['93.184.216.34', '127.0.0.1'])),
    ).toBe(true);
    expect(await pointsInside(new URL('https://public.example/x'), resolveTo(['93.184.216.34']))).toBe(false);
    expect(await pointsInside(new URL('https://localhost:8443/'), resolveTo([]))).toBe(true);
    expect(await pointsInside(new URL('https://[::1]/'), resolveTo([]))).toBe(true);
  });
});
