import { SignJWT } from 'jose';
import { OpenID4VCIClientV1_0_15 } from '@sphereon/oid4vci-client';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import {
  createWalletKey,
  interopWallet,
  offerWithTxCode,
  issuerForThisFile,
  verifyWithSdJwtJs,
} from './issuer-under-test.js';

/** After the token: the credential, bound to a fresh key the wallet signs its proof with. */
async function acquireSdJwtVc(client: OpenID4VCIClientV1_0_15, configurationId: string): Promise<string> {
  const key = await createWalletKey();
  const response = await client.acquireCredentials({
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
  const issuer = issuerForThisFile();

  it('pre-authorized code with tx_code', async () => {
    const { offerLink, txCode } = await offerWithTxCode(issuer(), 'af', '191212121212', [
      'registration_certificate',
    ]);
    const client = await OpenID4VCIClientV1_0_15.fromURI({ uri: offerLink, retrieveServerMetadata: true });
    await client.acquireAccessToken({ pin: txCode });
    const verified = await verifyWithSdJwtJs(await acquireSdJwtVc(client, 'registration_certificate'));
    expect(verified.payload).toMatchObject({ iss: `${issuer().baseUrl}/af`, given_name: 'Tolvan' });
  });

  it('authorization code with PKCE and PAR, through the consent page and eID', async () => {
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
    await client.acquireAccessToken({ authorizationResponse: back, redirectUri: interopWallet.redirectUri });
    const verified = await verifyWithSdJwtJs(await acquireSdJwtVc(client, 'work_permit'));
    expect(verified.payload).toMatchObject({ given_name: 'Lucía', employer: 'Uppsala universitet' });
  });
});
