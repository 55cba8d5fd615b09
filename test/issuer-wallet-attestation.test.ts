import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { createCa } from '@min-profil/shared/pki/create-ca';
import {
  certificateToBase64,
  ecdsaP256,
  generateP256KeyPair,
  x509,
} from '@min-profil/shared/pki/x509-provider';
import type { TestEid } from '@min-profil/eid/testing/start-test-eid';
import { testEidForIssuer } from './issuer-test-eid.js';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import { authorizeUrl, createPkce as pkce, getJson, redeemOffer } from '../issuer/test/wallet-client.js';
import { postFormWith } from '../issuer/test/dpop-client.js';
import {
  attestationHeaders,
  createWalletAttestation,
  createWalletProvider,
  type WalletProviderUnderTest,
} from '../issuer/test/wallet-attestation-client.js';

const clientId = 'attested-wallet';
const walletRedirect = 'http://127.0.0.1:9/attested/callback';
/** Registered without attest_jwt_client_auth: attestation is required of it only globally. */
const plainClientId = 'plain-wallet';

/**
 * OAuth 2.0 Attestation-Based Client Authentication at PAR and token (authorization code flow),
 * required of a client registered with `attest_jwt_client_auth`: the wallet provider's key is
 * certified by a CA made for this run, which the issuer's trust anchors name. Every refusal is
 * `invalid_client` and leaves nothing behind: no pushed request, no code spent.
 */
describe.each(testDatabaseKinds())('wallet attestation at PAR and token on %s', (kind) => {
  let issuer: RunningIssuer;
  let second: RunningIssuer;
  let eid: TestEid;
  let provider: WalletProviderUnderTest;
  beforeAll(async () => {
    provider = await createWalletProvider();
    const trust = {
      x509Anchors: async () => [provider.anchor],
      crlFetcher: (uri: string) => provider.crlFetcher(uri),
    };
    const walletClients = [
      {
        clientId,
        name: { sv: 'Attesterade plånboken', en: 'The attested wallet' },
        redirectUris: [walletRedirect],
        source: 'configuration' as const,
        authMethod: 'attest_jwt_client_auth' as const,
      },
      {
        clientId: plainClientId,
        name: { sv: 'Plånboken utan krav', en: 'The wallet without a requirement' },
        redirectUris: [walletRedirect],
        source: 'configuration' as const,
        authMethod: 'none' as const,
      },
    ];
    issuer = await startIssuer(kind, {
      walletClients,
      ...trust,
      eid: testEidForIssuer(kind, (started) => {
        eid = started;
      }),
    });
    second = await startIssuer(kind, { walletClients, ...trust, shareWith: issuer });
  });
  afterAll(async () => {
    await second?.stop();
    await issuer?.stop();
    await eid?.close();
  });

  const audience = () => `${issuer.baseUrl}/af`;
  const parUrl = (base = issuer.baseUrl) => `${base}/af/par`;
  const pushedRows = async () =>
    Number(
      (
        (await issuer.ctx.db.dataSource.query(
          'SELECT COUNT(*) AS n FROM pushed_authorization_request',
        )) as Array<{
          n: string;
        }>
      )[0].n,
    );
  /** An attestation whose provider certified itself: a self-signed leaf naming the provider's host. */
  async function selfCertified() {
    const keys = await generateP256KeyPair();
    const host = new URL(provider.url).hostname;
    const selfSigned = await x509.X509CertificateGenerator.createSelfSigned({
      name: `CN=${host}`,
      keys,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 24 * 3600_000),
      signingAlgorithm: ecdsaP256,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: host }])],
    });
    return createWalletAttestation(provider, {
      clientId,
      x5c: [certificateToBase64(selfSigned)],
      signWith: keys.privateKey,
    });
  }

  function parForm(challenge = pkce().challenge) {
    return {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: walletRedirect,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope: 'af_registration_certificate',
    };
  }

  it('lists attest_jwt_client_auth in the metadata', async () => {
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/oauth-authorization-server/af`);
    expect(metadata.body.token_endpoint_auth_methods_supported).toContain('attest_jwt_client_auth');
  });

  it('refuses at PAR a missing, untrusted, expired, wrongly signed, foreign or replayed attestation; stores nothing', async () => {
    const attested = await createWalletAttestation(provider, { clientId });
    const headers = (over: Partial<Parameters<typeof attestationHeaders>[1]> = {}) =>
      attestationHeaders(attested, { clientId, audience: audience(), ...over });
    const otherCa = await createWalletProvider({ ca: await createCa({ name: 'CN=Someone else CA' }) });
    const replayed = await headers();
    expect((await postFormWith(parUrl(), parForm(), replayed)).status).toBe(201);
    const before = await pushedRows();

    /** What is refused, the headers sent, and (where it says which check) the description. */
    const cases: Array<[string, Record<string, string>, RegExp?]> = [
      ['no attestation', {}],
      ['attestation without PoP', { 'oauth-client-attestation': attested.attestation }],
      [
        'provider certified by a CA the trust list does not name',
        await attestationHeaders(await createWalletAttestation(otherCa, { clientId }), {
          clientId,
          audience: audience(),
        }),
      ],
      [
        'expired attestation',
        await attestationHeaders(
          await createWalletAttestation(provider, {
            clientId,
            iat: Math.floor(Date.now() / 1000) - 7200,
            expiresIn: 3600,
          }),
          { clientId, audience: audience() },
        ),
      ],
      [
        'provider certificate self-signed (no CA behind it)',
        await attestationHeaders(await selfCertified(), { clientId, audience: audience() }),
        /self-signed/,
      ],
      [
        'attestation signed by a key other than the certified one',
        await attestationHeaders(
          await createWalletAttestation(provider, {
            clientId,
            signWith: (await generateP256KeyPair()).privateKey,
          }),
          { clientId, audience: audience() },
        ),
      ],
      [
        'sub is another client',
        await attestationHeaders(await createWalletAttestation(provider, { clientId: 'someone-else' }), {
          clientId: 'someone-else',
          audience: audience(),
        }),
      ],
      ['PoP for another server', await headers({ audience: `${issuer.baseUrl}/skatteverket` })],
      ['PoP too old', await headers({ iat: Math.floor(Date.now() / 1000) - 3600 })],
      ['PoP replayed', replayed],
    ];
    for (const [what, sent, describes] of cases) {
      const refused = await postFormWith(parUrl(), parForm(), sent);
      expect({ what, status: refused.status, error: refused.body.error }).toEqual({
        what,
        status: 401,
        error: 'invalid_client',
      });
      expect(refused.body.error_description).toEqual(expect.any(String));
      if (describes) expect(refused.body.error_description).toMatch(describes);
    }
    // The replayed PoP is refused at the other instance too (the jti table is shared).
    const atSecond = await postFormWith(parUrl(second.instanceUrl), parForm(), replayed);
    expect({ status: atSecond.status, error: atSecond.body.error }).toEqual({
      status: 401,
      error: 'invalid_client',
    });
    expect(await pushedRows()).toBe(before);
  });

  it('refuses an attestation whose provider certificate the CA has revoked', async () => {
    const revokedProvider = await createWalletProvider({ ca: provider.ca });
    provider.revoked.push({
      serialNumber: revokedProvider.serialNumber,
      revokedAt: new Date(),
      reason: 'keyCompromise',
    });
    try {
      const refused = await postFormWith(
        parUrl(),
        parForm(),
        await attestationHeaders(await createWalletAttestation(revokedProvider, { clientId }), {
          clientId,
          audience: audience(),
        }),
      );
      expect({ status: refused.status, error: refused.body.error }).toEqual({
        status: 401,
        error: 'invalid_client',
      });
      expect(refused.body.error_description).toMatch(/revoked/);
    } finally {
      provider.revoked.length = 0;
    }
  });

  it('redeems the code only with an attestation for the same client; a refused token request spends no code', async () => {
    const attested = await createWalletAttestation(provider, { clientId });
    const { verifier, challenge } = pkce();
    const pushed = await postFormWith(
      parUrl(),
      parForm(challenge),
      await attestationHeaders(attested, { clientId, audience: audience() }),
    );
    expect(pushed.status).toBe(201);
    const back = new URL(
      await loginWithTestEid({
        authorizationUrl: authorizeUrl(issuer.baseUrl, 'af', clientId, pushed.body.request_uri),
        identityNumber: '191212121212',
      }),
    );
    const form = {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: walletRedirect,
      code_verifier: verifier,
      client_id: clientId,
    };
    const tokenUrl = `${issuer.baseUrl}/af/token`;
    const used = await attestationHeaders(attested, { clientId, audience: audience() });
    const refusals: Array<[string, Record<string, string>]> = [
      ['no attestation', {}],
      [
        'attestation of another client',
        await attestationHeaders(await createWalletAttestation(provider, { clientId: 'someone-else' }), {
          clientId: 'someone-else',
          audience: audience(),
        }),
      ],
    ];
    for (const [what, sent] of refusals) {
      const refused = await postFormWith(tokenUrl, form, sent);
      expect({ what, status: refused.status, error: refused.body.error }).toEqual({
        what,
        status: 401,
        error: 'invalid_client',
      });
    }
    const token = await postFormWith(tokenUrl, form, used);
    expect(token.status).toBe(200);
    expect(token.body.access_token).toEqual(expect.any(String));
    // The same PoP again (and the code is spent anyway): refused as a replay first.
    const again = await postFormWith(tokenUrl, form, used);
    expect({ status: again.status, error: again.body.error }).toEqual({
      status: 401,
      error: 'invalid_client',
    });
  });

  it('requires an attestation of every client with ISSUER_REQUIRE_WALLET_ATTESTATION (the deployment default), never in the pre-authorized flow', async () => {
    const form = { ...parForm(), client_id: plainClientId };
    issuer.ctx.settings.requireWalletAttestation = false;
    expect((await postFormWith(parUrl(), { ...form, code_challenge: pkce().challenge }, {})).status).toBe(
      201,
    );
    issuer.ctx.settings.requireWalletAttestation = true;
    try {
      const before = await pushedRows();
      const refused = await postFormWith(parUrl(), { ...form, code_challenge: pkce().challenge }, {});
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({
        error: 'invalid_client',
        error_description: expect.stringContaining('must authenticate with a wallet attestation'),
      });
      expect(refused.headers.get('www-authenticate')).toBe('AttestJwtClientAuth');
      expect(await pushedRows()).toBe(before);
      const attested = await createWalletAttestation(provider, { clientId: plainClientId });
      const accepted = await postFormWith(
        parUrl(),
        { ...form, code_challenge: pkce().challenge },
        await attestationHeaders(attested, { clientId: plainClientId, audience: audience() }),
      );
      expect(accepted.status).toBe(201);
      // The pre-authorized code reaches the person out of band: anonymous wallets still redeem it.
      const { accessToken } = await redeemOffer({
        baseUrl: issuer.baseUrl,
        apiKey: issuer.apiKey,
        holder: 'af',
        pnr: '191212121212',
        configurationIds: ['registration_certificate'],
      });
      expect(accessToken).toEqual(expect.any(String));
    } finally {
      issuer.ctx.settings.requireWalletAttestation = false;
    }
  });
});
