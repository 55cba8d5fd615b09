import { defaultAllowInternal, readOutboundSettings } from './outbound-config.js';

describe('outbound settings from the environment', () => {
  it('reads listed origins and refuses anything that is not an origin', () => {
    expect(
      readOutboundSettings({ OUTBOUND_ALLOWED_ORIGINS: 'http://127.0.0.1:3000, https://issuer.example/' }),
    ).toEqual({ allowedOrigins: ['http://127.0.0.1:3000', 'https://issuer.example/'] });
    expect(() => readOutboundSettings({ OUTBOUND_ALLOWED_ORIGINS: 'http://127.0.0.1:3000/path' })).toThrow(
      /not an origin/,
    );
    expect(() => readOutboundSettings({ OUTBOUND_ALLOWED_ORIGINS: '127.0.0.1:3000' })).toThrow(
      /not an origin/,
    );
  });

  it('allows internal addresses by default only for insecure URLs with nothing listed', () => {
    expect(defaultAllowInternal(readOutboundSettings({}), true)).toBe(true);
    expect(defaultAllowInternal(readOutboundSettings({}), false)).toBe(false);
    const listed = readOutboundSettings({ OUTBOUND_ALLOWED_ORIGINS: 'http://127.0.0.1:3000' });
    expect(defaultAllowInternal(listed, true)).toBe(false);
    expect(
      defaultAllowInternal({ ...listed, ...readOutboundSettings({ OUTBOUND_ALLOW_INTERNAL: '1' }) }, true),
    ).toBe(true);
  });
});
