import { SignJWT } from 'jose';
import { OpenID4VCIClientV1_0_15 } from '@sphereon/oid4vci-client';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import {
  createWalletKey,
  interopWallet,
  offerWithTxCode,
  issuerForThisFile,
  verifyWithSdJwtJs,
  type WalletKey,
} from './issuer-under-test.js';

/**
 * The library's DPoP options (RFC 9449) for one wallet session's key; `nonce` is the issuer's
 * last `DPoP-Nonce` (the library retries a `use_dpop_nonce` refusal once by itself).
 */
function dpopOptions(key: WalletKey, nonce?: string) {
  return {
    jwtIssuer: { alg: 'ES256', jwk: key.publicJwk },
    dPoPSigningAlgValuesSupported: ['ES256'],
    jwtPayloadProps: nonce === undefined ? {} : { nonce },
    createJwtCallback: (_issuer: unknown, jwt: { header: object; payload: object }) =>
      new SignJWT(jwt.payload as Record<string, unknown>)
        .setProtectedHeader(jwt.header as { alg: string })
        .sign(key.privateKey),
  };
}

/** The access token, DPoP-bound; returns the DPoP options to go on with at the credential endpoint. */
async function acquireDpopToken(
  client: OpenID4VCIClientV1_0_15,
  options: { pin?: string; authorizationResponse?: string; redirectUri?: string },
) {
  const dpopKey = await createWalletKey();
  const token = await client.acquireAccessToken({ ...options, createDPoPOpts: dpopOptions(dpopKey) });
  expect(token.token_type).toBe('DPoP');
  return dpopOptions(dpopKey, token.params?.dpop?.dpopNonce);
}

/** After the token: the credential, bound to a fresh key the wallet signs its proof with. */
async function acquireSdJwtVc(
  client: OpenID4VCIClientV1_0_15,
  configurationId: string,
  createDPoPOpts: ReturnType<typeof dpopOptions>,
): Promise<string> {
  const key = await createWalletKey();
  const response = await client.acquireCredentials({
    createDPoPOpts,
    credentialConfigurationId: configurationId,
    format: 'dc+sd-jwt',
    jwk: key.publicJwk,
    alg: 'ES256',
    proofCallbacks: {
      signCallback: async (jwt: { header: object; payload: object }) =>
        new SignJWT(jwt.payload as Record<string, unknown>)
          .setProtectedHeader(jwt.header as { alg: string })
          .sign(key.privateKey),
    },
  });
  return (response.credentials?.[0] as { credential: string }).credential;
}

describe('@sphereon/oid4vci-client wallet → our issuer', () => {
  // HAIP: the issuer takes DPoP-bound tokens only (ISSUER_REQUIRE_DPOP, its default in production).
  const issuer = issuerForThisFile({ requireDpop: true });

  it('pre-authorized code with tx_code and DPoP', async () => {
    const { offerLink, txCode } = await offerWithTxCode(issuer(), 'af', '191212121212', [
      'registration_certificate',
    ]);
    const client = await OpenID4VCIClientV1_0_15.fromURI({ uri: offerLink, retrieveServerMetadata: true });
    const dpop = await acquireDpopToken(client, { pin: txCode });
    const verified = await verifyWithSdJwtJs(await acquireSdJwtVc(client, 'registration_certificate', dpop));
    expect(verified.payload).toMatchObject({ iss: `${issuer().baseUrl}/af`, given_name: 'Tolvan' });
  });

  it('authorization code with PKCE, PAR and DPoP, through the consent page and eID', async () => {
    // The library starts an authorization code flow only from a credential offer (from issuer
    // metadata alone it finds no flow: docs/interop.md), so the wallet gets an offer by value
    // with the authorization_code grant, as an issuer-initiated link to this flow carries.
    const offer = {
      credential_issuer: `${issuer().baseUrl}/migrationsverket`,
      credential_configuration_ids: ['work_permit'],
      grants: { authorization_code: {} },
    };
    const client = await OpenID4VCIClientV1_0_15.fromURI({
      uri: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`,
      clientId: interopWallet.clientId,
      retrieveServerMetadata: true,
      createAuthorizationRequestURL: true,
      authorizationRequest: {
        clientId: interopWallet.clientId,
        redirectUri: interopWallet.redirectUri,
        scope: 'migrationsverket_work_permit',
        parMode: 0, // PARMode.REQUIRE: our issuer takes pushed requests only
      },
    });
    expect(client.authorizationURL).toBeDefined();
    const back = await loginWithTestEid({
      authorizationUrl: client.authorizationURL!,
      identityNumber: '199204781539',
    });
    const dpop = await acquireDpopToken(client, {
      authorizationResponse: back,
      redirectUri: interopWallet.redirectUri,
    });
    const verified = await verifyWithSdJwtJs(await acquireSdJwtVc(client, 'work_permit', dpop));
    expect(verified.payload).toMatchObject({ given_name: 'Lucía', employer: 'Uppsala universitet' });
  });
});
