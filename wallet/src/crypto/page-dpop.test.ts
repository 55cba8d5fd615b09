import { createHash } from 'node:crypto';
import { DpopProofNeeded, dpopSigningInput, htuOf, pageDpopSigner } from './page-dpop.js';

const jwk = { kty: 'EC', crv: 'P-256', x: 'x-coordinate', y: 'y-coordinate' };
const parts = (input: string) =>
  input
    .split('.')
    .map((s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>);

describe('DPoP proofs signed in the page', () => {
  it('builds the proof as RFC 9449 §4.2 asks: header typ/alg/jwk, htm, htu without query, iat, jti, nonce, ath', () => {
    const input = dpopSigningInput({
      publicJwk: { ...jwk, d: 'never sent' } as never,
      method: 'POST',
      url: 'https://issuer.example/af/credential?x=1#y',
      nonce: 'n-1',
      accessToken: 'token-1',
      iat: 1000,
    });
    const [header, payload] = parts(input);
    expect(header).toEqual({ typ: 'dpop+jwt', jwk, alg: 'ES256' });
    expect(payload).toEqual({
      htu: 'https://issuer.example/af/credential',
      iat: 1000,
      htm: 'POST',
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      ath: createHash('sha256').update('token-1').digest('base64url'),
      nonce: 'n-1',
    });
    expect(htuOf('https://a.example/token?q')).toBe('https://a.example/token');
  });

  it('hands the client the page’s proof for its request, each once, and stops for one it has not signed', () => {
    const signed = (nonce?: string) =>
      `${dpopSigningInput({ publicJwk: jwk, method: 'POST', url: 'https://a.example/token', nonce, iat: 1 })}.sig`;
    const proof = signed();
    const take = pageDpopSigner([proof]);
    // The client's own payload differs in iat and jti: only method, URL, nonce and ath must match.
    expect(take({ htm: 'POST', htu: 'https://a.example/token', iat: 2, jti: 'other' })).toBe(proof);
    expect(() => take({ htm: 'POST', htu: 'https://a.example/token', iat: 2, jti: 'other' })).toThrow(
      DpopProofNeeded,
    );
    try {
      pageDpopSigner([proof])({ htm: 'POST', htu: 'https://a.example/token', nonce: 'fresh' });
      throw new Error('not reached');
    } catch (error) {
      expect(error).toBeInstanceOf(DpopProofNeeded);
      expect((error as DpopProofNeeded).binding.nonce).toBe('fresh');
    }
  });
});
