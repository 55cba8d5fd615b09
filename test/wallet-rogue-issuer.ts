import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { createTestKeyPair, createTestSigner } from '@min-profil/shared/sd-jwt/testing/test-keys';
import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';

/**
 * `impostor`: issues correctly, but is not on the trust list and names itself Skatteverket.
 * `plain_http_authorization`: offers an authorization_code grant whose authorization endpoint is
 * plain http on a host that is not loopback (the library refuses other schemes itself).
 */
export type RogueMode =
  | 'bad_signature'
  | 'credential_error'
  | 'slow'
  | 'wrong_holder_key'
  | 'well_formed'
  | 'impostor'
  | 'plain_http_authorization';

/**
 * A stand-in OID4VCI issuer that follows the protocol but misbehaves in one chosen way, to see
 * that the wallet says so clearly and stores nothing (`well_formed`: issues a valid credential
 * with the given claims, e.g. one that names no holder or names someone else).
 */
export async function startRogueIssuer(
  mode: RogueMode,
  /** `grant: 'authorization_code'`: the offer asks for sign-in (which this issuer skips). */
  options: { claims?: Record<string, unknown>; grant?: 'pre-authorized_code' | 'authorization_code' } = {},
) {
  const published = await createTestKeyPair();
  const other = await createTestKeyPair();
  const app = express();
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const vct = `${base}/vct/thing`;
  const claims = options.claims ?? { given_name: 'Rogue', family_name: 'Value' };
  app.get('/.well-known/openid-credential-issuer', (_req, res) => {
    res.json({
      credential_issuer: base,
      credential_endpoint: `${base}/credential`,
      nonce_endpoint: `${base}/nonce`,
      ...(mode === 'impostor'
        ? {
            display: [
              { locale: 'sv', name: 'Skatteverket' },
              { locale: 'en', name: 'Swedish Tax Agency' },
            ],
          }
        : {}),
      credential_configurations_supported: {
        thing: {
          format: 'dc+sd-jwt',
          vct,
          ...(mode === 'impostor'
            ? { credential_metadata: { display: [{ locale: 'sv', name: 'Folkbokföringsintyg' }] } }
            : {}),
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
        },
      },
    });
  });
  app.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.json({
      issuer: base,
      token_endpoint: `${base}/token`,
      authorization_endpoint:
        mode === 'plain_http_authorization' ? 'http://issuer.example/authorize' : `${base}/authorize`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code', 'authorization_code'],
      'pre-authorized_grant_anonymous_access_supported': true,
    });
  });
  app.get('/.well-known/jwt-vc-issuer', (_req, res) => {
    res.json({ issuer: base, jwks: { keys: [{ ...published.publicJwk, kid: 'k1' }] } });
  });
  // Signs nobody in: straight back to the wallet with a code (RFC 6749 §4.1.2).
  app.get('/authorize', (req, res) => {
    const back = new URL(String(req.query.redirect_uri));
    back.searchParams.set('code', 'rogue-code');
    back.searchParams.set('state', String(req.query.state));
    back.searchParams.set('iss', base);
    res.redirect(303, back.href);
  });
  app.post('/token', (_req, res) => {
    res.json({ access_token: 'rogue-token', token_type: 'Bearer', expires_in: 60 });
  });
  app.post('/nonce', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ c_nonce: 'rogue-nonce' });
  });
  app.post('/credential', express.json(), async (req, res) => {
    if (mode === 'credential_error') {
      res.status(400).json({ error: 'credential_request_denied', error_description: 'no' });
      return;
    }
    if (mode === 'slow') return; // never answers
    const proof = (req.body as { proofs: { jwt: string[] } }).proofs.jwt[0]!;
    const holderJwk = decodeProtectedHeader(proof).jwk as JWK;
    decodeJwt(proof);
    const credential = await issueSdJwtVc({
      issuer: base,
      vct,
      claims,
      disclosureFrame: { _sd: Object.keys(claims) },
      holderJwk: mode === 'wrong_holder_key' ? other.publicJwk : holderJwk,
      issuedAt: Math.floor(Date.now() / 1000),
      signer: createTestSigner(mode === 'bad_signature' ? other : published, 'k1'),
    });
    res.json({ credentials: [{ credential }] });
  });
  const offer = {
    credential_issuer: base,
    credential_configuration_ids: ['thing'],
    grants:
      mode === 'plain_http_authorization'
        ? { authorization_code: { issuer_state: 'rogue-state' } }
        : options.grant === 'authorization_code'
          ? { authorization_code: {} }
          : {
              'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'rogue-code' },
            },
  };
  return {
    baseUrl: base,
    offerLink: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
