import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { HolderAuthorizationEntity } from '../../wallet/src/persistence/entities.js';
import { api } from '../../wallet/test/wallet-api.js';
import { startOid4vcTsWorld, type Oid4vcTsWorld } from './oid4vc-ts-world.js';

/**
 * Our wallet through HAIP 1.0's issuance flow at an authorization server that is not ours:
 * oid4vc-ts's `Oauth2AuthorizationServer` (with `Openid4vciIssuer` and `Oauth2ResourceServer`
 * for the credential), configured for PAR, PKCE S256, DPoP-bound tokens with server nonces and
 * wallet attestation (oid4vc-ts-authorization-server.ts). The wallet is the real service on each
 * database, a holder it finds in its trust list, attesting itself with a provider certificate
 * from a CA the library server trusts. The library verifies what the wallet sends.
 */
const pnr = '191212121212';
const claims = {
  given_name: 'Tolvan',
  family_name: 'Tolvansson',
  member_number: 'M-1212',
  personal_identity_number: pnr,
};

describe('@openid4vc/oauth2 authorization server ← our wallet', () => {
  describe.each(testDatabaseKinds())('wallet on %s', (kind) => {
    let world: Oid4vcTsWorld;
    beforeAll(async () => {
      world = await startOid4vcTsWorld({ kind, pnr, claims, registeredClaims: ['given_name'] });
    });
    afterAll(async () => {
      await world?.stop();
    });

    const storedCount = async () =>
      (await api(world.wallet.baseUrl, world.person, 'GET', '/api/credentials')).body.credentials.length;

    it(`authorization code with PAR, PKCE S256, wallet attestation at PAR and token, DPoP with use_dpop_nonce: the library verifies each, the wallet stores the SD-JWT VC (wallet on ${kind})`, async () => {
      const before = world.issuer.events.length;
      const { started, back } = await world.fetchFromIssuer();
      expect(started.status).toBe(201);
      expect(back?.pathname).toBe('/credentials');
      const received = back!.searchParams.get('received');
      expect(received).toEqual(expect.any(String));
      expect(world.issuer.events.slice(before)).toEqual([
        'par: client attestation and PoP verified, PKCE S256 challenge kept',
        'authorize: the test person consented, code issued',
        'token: use_dpop_nonce answered',
        'token: authorization code, PKCE verifier, client attestation and DPoP proof with nonce verified',
        'credential: DPoP-bound access token and proof with nonce verified',
        'credential: 1 proof(s) verified, SD-JWT VC issued',
      ]);
      const { body } = await api(world.wallet.baseUrl, world.person, 'GET', '/api/credentials');
      expect(body.credentials).toContainEqual(
        expect.objectContaining({
          format: 'dc+sd-jwt',
          vct: world.issuer.vct,
          status: 'valid',
          names_holder: true,
          issuer: expect.objectContaining({ credential_issuer: world.issuer.baseUrl, trusted: true }),
        }),
      );
    });

    it(`a credential endpoint with DPoP nonces of its own: the wallet answers its use_dpop_nonce challenge and gets the credential (wallet on ${kind})`, async () => {
      const before = world.issuer.events.length;
      world.issuer.separateResourceServerNonces(true);
      try {
        const { back } = await world.fetchFromIssuer();
        expect(back?.searchParams.get('received')).toEqual(expect.any(String));
      } finally {
        world.issuer.separateResourceServerNonces(false);
      }
      expect(world.issuer.events.slice(before).filter((e) => e.startsWith('credential:'))).toEqual([
        'credential: use_dpop_nonce answered',
        'credential: DPoP-bound access token and proof with nonce verified',
        'credential: 1 proof(s) verified, SD-JWT VC issued',
      ]);
    });

    it(`without its provider certificate the wallet cannot attest: the library refuses the PAR, the wallet stays on its error page (wallet on ${kind})`, async () => {
      const before = await storedCount();
      world.wallet.ctx.settings.providerCertificateFile = undefined;
      try {
        const { opened } = await world.fetchFromIssuer();
        expect(opened?.status).toBe(400);
        expect(opened?.headers.get('location')).toBeNull();
        expect(world.issuer.refusals.at(-1)).toMatchObject({ endpoint: '/par', error: 'invalid_client' });
      } finally {
        world.wallet.ctx.settings.providerCertificateFile = world.providerCertificateFile;
      }
      expect(await storedCount()).toBe(before);
    });

    it(`an attestation under a CA the library server does not trust: PAR refused (wallet on ${kind})`, async () => {
      const events = world.issuer.events.length;
      world.issuer.distrustWalletCas();
      try {
        const { opened } = await world.fetchFromIssuer();
        expect(opened?.status).toBe(400);
      } finally {
        world.issuer.restoreWalletCas();
      }
      expect(world.issuer.events.slice(events)).toEqual([]);
      expect(world.issuer.refusals.at(-1)).toMatchObject({ endpoint: '/par', error: 'invalid_client' });
    });

    it(`a token request without DPoP (metadata that hides DPoP): the library refuses it with invalid_dpop_proof, nothing stored (wallet on ${kind})`, async () => {
      const before = await storedCount();
      world.issuer.advertiseDpop(false);
      try {
        const { back } = await world.fetchFromIssuer();
        expect(back?.searchParams.get('received')).toBeNull();
      } finally {
        world.issuer.advertiseDpop(true);
      }
      expect(world.issuer.refusals.at(-1)).toMatchObject({
        endpoint: '/token',
        error: 'invalid_dpop_proof',
      });
      expect(await storedCount()).toBe(before);
    });

    it(`a PKCE verifier that does not match the pushed challenge: the library refuses the code with invalid_grant, nothing stored (wallet on ${kind})`, async () => {
      const before = await storedCount();
      const { started } = await world.fetchFromIssuer({
        beforeCallback: async (state) => {
          // As if the code came back to a wallet that did not push the request.
          await world.wallet.ctx.db.dataSource
            .getRepository(HolderAuthorizationEntity)
            .update({ state }, { codeVerifier: 'x'.repeat(43) });
        },
      });
      expect(started.status).toBe(201);
      expect(world.issuer.refusals.at(-1)).toMatchObject({ endpoint: '/token', error: 'invalid_grant' });
      expect(await storedCount()).toBe(before);
    });
  });
});
