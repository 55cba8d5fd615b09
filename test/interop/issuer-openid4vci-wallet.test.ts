import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import {
  clientAuthenticationClientAttestationJwt,
  clientAuthenticationNone,
  createClientAttestationJwt,
  getGlobalConfig,
  setGlobalConfig,
  type Jwk,
  type RequestDpopOptions,
  type SignJwtCallback,
} from '@openid4vc/oauth2';
import { Openid4vciClient, type CredentialOfferObject } from '@openid4vc/openid4vci';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import type { RunningIssuer } from '../../issuer/test/start-issuer.js';
import {
  createWalletKey,
  interopWallet,
  offerWithTxCode,
  startIssuerUnderTest,
  type WalletKey,
  verifyWithSdJwtJs,
} from './issuer-under-test.js';
import {
  createWalletProvider,
  type WalletProviderUnderTest,
} from '../../issuer/test/wallet-attestation-client.js';

/** Signs what the library asks: with a wallet key by its JWK, or as the wallet provider by its x5c. */
function signJwtCallback(keys: WalletKey[], provider?: WalletProviderUnderTest): SignJwtCallback {
  return async (signer, jwt) => {
    const privateKey =
      signer.method === 'x5c' && provider && signer.x5c[0] === provider.x5c[0]
        ? provider.privateKey
        : signer.method === 'jwk'
          ? keys.find((k) => k.publicJwk.x === (signer.publicJwk as JWK).x)?.privateKey
          : undefined;
    if (!privateKey) throw new Error(`no key for the ${signer.method} signer`);
    const compact = await new SignJWT(jwt.payload as Record<string, unknown>)
      .setProtectedHeader(jwt.header as { alg: string })
      .sign(privateKey);
    return {
      jwt: compact,
      signerJwk: signer.method === 'jwk' ? (signer.publicJwk as Jwk) : undefined,
    } as Awaited<ReturnType<SignJwtCallback>>;
  };
}

/**
 * A wallet built on oid4vc-ts (the base of Credo and its wallets), as its README assembles
 * one: the library's client with the crypto and fetch callbacks a wallet supplies. With a wallet
 * attestation it authenticates at PAR and token with the library's `attest_jwt_client_auth`
 * helper (OAuth 2.0 Attestation-Based Client Authentication), otherwise as a public client.
 */
function walletClient(keys: WalletKey[], attestation?: { jwt: string }) {
  const signJwt = signJwtCallback(keys);
  const generateRandom = (length: number) => randomBytes(length);
  return new Openid4vciClient({
    callbacks: {
      fetch,
      hash: (data, alg) => createHash(alg.replace('-', '')).update(data).digest(),
      generateRandom,
      clientAuthentication: attestation
        ? clientAuthenticationClientAttestationJwt({
            clientAttestationJwt: attestation.jwt,
            callbacks: { signJwt, generateRandom },
          })
        : clientAuthenticationNone({ clientId: interopWallet.clientId }),
      signJwt,
    },
  });
}

/**
 * The wallet provider's attestation for this wallet instance (`sub` = the client_id), made with
 * the library's `createClientAttestationJwt` and signed by the provider's certified key (x5c).
 */
async function walletAttestation(provider: WalletProviderUnderTest, instanceKey: WalletKey) {
  const now = new Date();
  const jwt = await createClientAttestationJwt({
    issuer: provider.url,
    clientId: interopWallet.clientId,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + 3600_000),
    confirmation: { jwk: instanceKey.publicJwk as Jwk },
    callbacks: { signJwt: signJwtCallback([], provider) },
    signer: { method: 'x5c', x5c: provider.x5c, alg: 'ES256' },
  });
  return { jwt };
}

/** The DPoP key of one wallet session, as the library's signer (RFC 9449). */
function dpopSigner(key: WalletKey) {
  return { method: 'jwk' as const, publicJwk: key.publicJwk as Jwk, alg: 'ES256' };
}

/** Nonce, proof, credential request: the library's steps after the token. */
async function fetchCredential(options: {
  client: Openid4vciClient;
  key: WalletKey;
  issuerMetadata: Awaited<ReturnType<Openid4vciClient['resolveIssuerMetadata']>>;
  accessToken: string;
  credentialConfigurationId: string;
  dpop: RequestDpopOptions | undefined;
}) {
  const { client, key, issuerMetadata } = options;
  const { c_nonce } = await client.requestNonce({ issuerMetadata });
  const { jwt } = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId: options.credentialConfigurationId,
    signer: { method: 'jwk', publicJwk: key.publicJwk as Jwk, alg: 'ES256' },
    nonce: c_nonce,
  });
  const response = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: options.accessToken,
    credentialConfigurationId: options.credentialConfigurationId,
    proofs: { jwt: [jwt] },
    dpop: options.dpop,
  });
  const [first] = response.credentialResponse.credentials ?? [];
  return (first as { credential: string }).credential;
}

describe('@openid4vc/openid4vci wallet → our issuer', () => {
  let issuer: RunningIssuer;
  let provider: WalletProviderUnderTest;
  let stop: () => Promise<void>;
  const globalConfig = getGlobalConfig();
  beforeAll(async () => {
    // Our services run on http://127.0.0.1 here; the setting is process-wide, so only for this file.
    setGlobalConfig({ ...globalConfig, allowInsecureUrls: true });
    // HAIP: the issuer takes DPoP-bound tokens only (ISSUER_REQUIRE_DPOP, its default in production).
    // HAIP: the interop wallet is a client that authenticates with a wallet attestation, from a
    // provider certified by a CA made for this run, which the issuer trusts.
    provider = await createWalletProvider();
    ({ issuer, stop } = await startIssuerUnderTest({ requireDpop: true }, provider));
  });
  afterAll(async () => {
    setGlobalConfig(globalConfig);
    await stop?.();
  });

  it('pre-authorized code with tx_code and DPoP', async () => {
    const { offerLink, txCode } = await offerWithTxCode(issuer, 'af', '191212121212', [
      'registration_certificate',
    ]);
    const key = await createWalletKey();
    const dpopKey = await createWalletKey();
    const client = walletClient([key, dpopKey]);
    const credentialOffer = await client.resolveCredentialOffer(offerLink);
    const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
    expect(issuerMetadata.authorizationServers[0]!.dpop_signing_alg_values_supported).toContain('ES256');
    // The library answers the issuer's use_dpop_nonce itself and hands back the nonce to go on with.
    const { accessTokenResponse, dpop } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer,
      issuerMetadata,
      txCode,
      dpop: { signer: dpopSigner(dpopKey) },
    });
    expect(accessTokenResponse.token_type).toBe('DPoP');
    const compact = await fetchCredential({
      client,
      key,
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      credentialConfigurationId: 'registration_certificate',
      dpop,
    });
    const verified = await verifyWithSdJwtJs(compact);
    expect(verified.payload.iss).toBe(`${issuer.baseUrl}/af`);
    expect((verified.payload.cnf as { jwk: JWK }).jwk.x).toBe(key.publicJwk.x);
    expect(verified.payload).toMatchObject({ given_name: 'Tolvan', family_name: 'Tolvansson' });
  });

  it('authorization code with PKCE, PAR, DPoP and wallet attestation, through the consent page and eID', async () => {
    const key = await createWalletKey();
    const dpopKey = await createWalletKey();
    const instanceKey = await createWalletKey();
    const client = walletClient([key, dpopKey, instanceKey], await walletAttestation(provider, instanceKey));
    const credentialIssuer = `${issuer.baseUrl}/migrationsverket`;
    const issuerMetadata = await client.resolveIssuerMetadata(credentialIssuer);
    // Wallet-initiated: the wallet starts from the issuer's metadata, as from an offer without a code.
    const credentialOffer: CredentialOfferObject = {
      credential_issuer: credentialIssuer,
      credential_configuration_ids: ['work_permit'],
      grants: { authorization_code: {} },
    };
    const { authorizationRequestUrl, pkce } = await client.createAuthorizationRequestUrlFromOffer({
      credentialOffer,
      issuerMetadata,
      clientId: interopWallet.clientId,
      redirectUri: interopWallet.redirectUri,
      scope: 'migrationsverket_work_permit',
    });
    // The library pushed the request (the issuer requires PAR): the URL carries a request_uri.
    expect(new URL(authorizationRequestUrl).searchParams.get('request_uri')).toMatch(
      /^urn:ietf:params:oauth:request_uri:/,
    );
    const back = await loginWithTestEid({
      authorizationUrl: authorizationRequestUrl,
      identityNumber: '199204781539',
    });
    const response = client.parseAndVerifyAuthorizationResponseRedirectUrl({
      url: back,
      authorizationServerMetadata: issuerMetadata.authorizationServers[0]!,
    });
    expect(response.code).toEqual(expect.any(String));
    const { accessTokenResponse, dpop } = await client.retrieveAuthorizationCodeAccessTokenFromOffer({
      credentialOffer,
      issuerMetadata,
      authorizationCode: response.code!,
      pkceCodeVerifier: pkce?.codeVerifier,
      redirectUri: interopWallet.redirectUri,
      dpop: { signer: dpopSigner(dpopKey) },
    });
    expect(accessTokenResponse.token_type).toBe('DPoP');
    const compact = await fetchCredential({
      client,
      key,
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      credentialConfigurationId: 'work_permit',
      dpop,
    });
    const verified = await verifyWithSdJwtJs(compact);
    expect(verified.payload).toMatchObject({ given_name: 'Lucía', employer: 'Uppsala universitet' });
  });
});
