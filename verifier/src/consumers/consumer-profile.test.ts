import { requiresKeyBindingWhenBound, responseModeFor } from './consumer-profile.js';

describe('the consumer profile decides the response mode and holder binding', () => {
  it('keeps the OpenID4VP defaults for a consumer without the HAIP profile', () => {
    expect(responseModeFor('openid4vp', undefined)).toBe('direct_post');
    for (const mode of ['direct_post', 'direct_post.jwt', 'dc_api', 'dc_api.jwt'] as const)
      expect(responseModeFor('openid4vp', mode)).toBe(mode);
    expect(requiresKeyBindingWhenBound('openid4vp')).toBe(false);
  });

  it('makes direct_post.jwt the HAIP default and takes only encrypted modes', () => {
    expect(responseModeFor('haip', undefined)).toBe('direct_post.jwt');
    expect(responseModeFor('haip', 'direct_post.jwt')).toBe('direct_post.jwt');
    expect(responseModeFor('haip', 'dc_api.jwt')).toBe('dc_api.jwt');
    expect(requiresKeyBindingWhenBound('haip')).toBe(true);
  });

  it('refuses a plain mode under HAIP with invalid_request, naming the encrypted one', () => {
    expect(() => responseModeFor('haip', 'direct_post')).toThrow(
      expect.objectContaining({
        code: 'invalid_request',
        message: expect.stringContaining('direct_post.jwt'),
      }),
    );
    expect(() => responseModeFor('haip', 'dc_api')).toThrow(
      expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('dc_api.jwt') }),
    );
  });
});
