import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { caTrustAnchor, initCa, issueLeaf, revokeLeaf } from '@min-profil/shared/pki/ca-commands';
import { caPublicationRouter } from '@min-profil/shared/pki/ca-publication';
import { x509CertificateHash } from '@min-profil/shared/pki/x509-client-id';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { PresentationRequestEntity } from '../wallet/src/persistence/entities.js';
import { memoryAccessCertificates } from '../verifier/src/consumers/access-certificates.js';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { api, type WalletSession } from '../wallet/test/wallet-api.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier, type WalletWithVerifier } from './wallet-with-verifier.js';

/**
 * HAIP 1.0 / OpenID4VP 1.0 §5.9.3: consumers identified by an access certificate from a CA the
 * trust list names (`x509_hash`, `x509_san_dns`), against the real wallet, over HTTP only. The
 * CA is the demo CA's code on a temporary folder, its CRL served over HTTP as in the demo.
 */
describe.each(testDatabaseKinds())('x509 client identifiers: wallet and the real verifier on %s', (kind) => {
  let setting: WalletWithVerifier;
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let wallet: string;
  let caServer: Server;
  let folders: string[];
  let trustedCa: string;
  /** A second trusted CA, whose CRL the wallet has not cached yet when a leaf is revoked. */
  let revokingCa: string;
  /** A CA the trust list does not name. */
  let strangerCa: string;

  const ownLeaf = (dir: string, host: string) =>
    issueLeaf({ dir, subject: { role: 'verifier', name: 'Testverifierare', host } });

  beforeAll(async () => {
    folders = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'haip-x509-ca-')));
    [trustedCa, revokingCa, strangerCa] = folders as [string, string, string];
    const app = express()
      .use('/ca1', caPublicationRouter(trustedCa))
      .use('/ca2', caPublicationRouter(revokingCa));
    caServer = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => caServer.once('listening', resolve));
    const caUrl = `http://127.0.0.1:${(caServer.address() as AddressInfo).port}`;
    await initCa({ dir: trustedCa, name: 'CN=Trusted test CA', crlUri: `${caUrl}/ca1/crl` });
    await initCa({ dir: revokingCa, name: 'CN=Revoking test CA', crlUri: `${caUrl}/ca2/crl` });
    await initCa({ dir: strangerCa, name: 'CN=Stranger CA', crlUri: `${caUrl}/ca3/crl` });

    const certificates = memoryAccessCertificates();
    setting = await startWalletWithVerifier(kind, {
      clientIdPrefixes: { insurer: 'x509_hash', university: 'x509_san_dns' },
      accessCertificates: certificates,
      // The CA certifies each consumer's existing request-signing key (its public key is published).
      prepareVerifier: async (running) => {
        for (const [id, host] of [
          ['insurer', '127.0.0.1'],
          ['university', 'university.example'],
        ] as const) {
          const { kty, crv, x, y } = running.ctx.consumers.get(id)!.keys.signingJwk;
          const issued = await issueLeaf({
            dir: trustedCa,
            subject: { role: 'verifier', name: id, host },
            publicJwk: { kty, crv, x, y },
          });
          certificates.set(id, issued.x5c);
        }
      },
      x509TrustAnchors: [{ ...caTrustAnchor(trustedCa) }, { ...caTrustAnchor(revokingCa) }],
    });
    ({ world, verifier, person } = setting);
    wallet = world.wallet.baseUrl;
  });
  afterAll(async () => {
    await setting?.stop();
    caServer?.close();
    for (const dir of folders ?? []) rmSync(dir, { recursive: true, force: true });
  });

  async function storedRequests(): Promise<number> {
    return world.wallet.ctx.db.dataSource.getRepository(PresentationRequestEntity).count();
  }

  it('x509_hash: the request object carries the access certificate, the wallet identifies the insurer by it, the answer verifies', async () => {
    const created = await createPresentationRequest(verifier, 'insurer', {
      template: 'unemployment_claim',
      response_mode: 'direct_post.jwt',
    });
    expect(created.status).toBe(201);
    const clientId: string = created.body.client_id;
    const x5c = (await verifier.ctx.accessCertificates.get('insurer'))!;
    expect(clientId).toBe(`x509_hash:${x509CertificateHash(x5c[0]!)}`);
    const requestObject = await (await fetch(created.body.request_uri)).text();
    // HAIP 1.0 §5: the leaf, without the trust anchor's certificate (the wallet has it from its list).
    expect(decodeProtectedHeader(requestObject)).toMatchObject({ alg: 'ES256', x5c: [x5c[0]] });
    expect(decodeProtectedHeader(requestObject).kid).toBeUndefined();

    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.status).toBe(201);
    expect(shown.body.verifier).toMatchObject({
      client_id: clientId,
      client_id_prefix: 'x509_hash',
      verified: true,
      registered: true,
      name: { sv: 'Trygga Försäkringar', en: 'Trygga Försäkringar' },
    });
    expect(shown.body.warnings).toEqual([]);
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body).toMatchObject({ status: 'verified', client_id: clientId });
    expect(result.body.checks).toContainEqual(expect.objectContaining({ name: 'audience', passed: true }));
  });

  it('x509_san_dns: the client identifier is the dNSName of the certificate, and the list binds it to the university', async () => {
    const created = await createPresentationRequest(verifier, 'university', {
      purpose: 'Inskrivning',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
            claims: [{ path: ['given_name'] }],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.client_id).toBe('x509_san_dns:university.example');
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.body.verifier).toMatchObject({
      client_id_prefix: 'x509_san_dns',
      verified: true,
      registered: true,
      name: { sv: 'Norrlands universitet', en: 'Norrlands universitet' },
    });
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    const result = await readPresentationResult(verifier, 'university', created.body.id);
    expect(result.body.status).toBe('verified');
  });

  describe('bad input: refused as invalid_request_object, nothing stored', () => {
    /** A request object under an x509 client identifier, signed as a stand-in verifier would. */
    async function craftedLink(options: { clientId: string; x5c: string[]; privateJwk: JWK }) {
      const jwt = await new SignJWT({
        client_id: options.clientId,
        response_type: 'vp_token',
        response_mode: 'direct_post',
        response_uri: `${verifier.url}/openid4vp/responses/crafted`,
        nonce: 'n-0S6_WzA2Mj',
        state: 'crafted-state',
        dcql_query: {
          credentials: [
            {
              id: 'registration',
              format: 'dc+sd-jwt',
              meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
            },
          ],
        },
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', x5c: options.x5c })
        .setAudience('https://self-issued.me/v2')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(await importJWK(options.privateJwk, 'ES256'));
      const params = new URLSearchParams({ client_id: options.clientId, request: jwt });
      return `openid4vp://?${params}`;
    }

    async function expectRefused(link: string, description: RegExp) {
      const before = await storedRequests();
      const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
      expect(shown.status).toBe(400);
      expect(shown.body.error).toBe('invalid_request_object');
      expect(shown.body.error_description).toMatch(description);
      expect(await storedRequests()).toBe(before);
    }

    it('a certificate whose chain ends at a CA the trust list does not name', async () => {
      const leaf = await ownLeaf(strangerCa, 'stranger.example');
      await expectRefused(
        await craftedLink({
          clientId: `x509_hash:${x509CertificateHash(leaf.x5c[0]!)}`,
          x5c: leaf.x5c,
          privateJwk: leaf.privateJwk as JWK,
        }),
        /untrusted_anchor/,
      );
    });

    it('an x509_hash that is not the hash of the x5c leaf', async () => {
      const leaf = await ownLeaf(trustedCa, 'verifier.example');
      const other = await ownLeaf(trustedCa, 'verifier.example');
      await expectRefused(
        await craftedLink({
          clientId: `x509_hash:${x509CertificateHash(other.x5c[0]!)}`,
          x5c: leaf.x5c,
          privateJwk: leaf.privateJwk as JWK,
        }),
        /not the SHA-256 hash of the x5c leaf/,
      );
    });

    it('an x509_san_dns name the certificate does not carry', async () => {
      const leaf = await ownLeaf(trustedCa, 'verifier.example');
      await expectRefused(
        await craftedLink({
          clientId: 'x509_san_dns:university.example',
          x5c: leaf.x5c,
          privateJwk: leaf.privateJwk as JWK,
        }),
        /not a dNSName of the x5c leaf/,
      );
    });

    it('a revoked access certificate (the CA published it on its CRL)', async () => {
      const leaf = await ownLeaf(revokingCa, 'revoked.example');
      await revokeLeaf({ dir: revokingCa, serial: leaf.issued.serial, reason: 'keyCompromise' });
      await expectRefused(
        await craftedLink({
          clientId: `x509_hash:${x509CertificateHash(leaf.x5c[0]!)}`,
          x5c: leaf.x5c,
          privateJwk: leaf.privateJwk as JWK,
        }),
        /revoked/,
      );
    });

    it("a request object signed with a key other than the certificate's", async () => {
      const leaf = await ownLeaf(trustedCa, 'verifier.example');
      const other = await ownLeaf(trustedCa, 'verifier.example');
      await expectRefused(
        await craftedLink({
          clientId: `x509_hash:${x509CertificateHash(leaf.x5c[0]!)}`,
          x5c: leaf.x5c,
          privateJwk: other.privateJwk as JWK,
        }),
        /signature does not verify with the key of its access certificate/,
      );
    });
  });
});
