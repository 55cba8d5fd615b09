import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { caTrustAnchor, initCa, issueLeaf, revokeLeaf } from '@min-profil/shared/pki/ca-commands';
import { caPublicationRouter } from '@min-profil/shared/pki/ca-publication';
import {
  demoRegistrar,
  issueRegistrationCertificates,
} from '@min-profil/shared/registration/issue-registration-certificates';
import { registrationCertificateClaims } from '@min-profil/shared/registration/registration-certificate-claims';
import { signRegistrationCertificate } from '@min-profil/shared/registration/sign-registration-certificate';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { TrustedConsumer } from '@min-profil/shared/trust-list/z-trust-list';
import { memoryRegistrationCertificates } from '../verifier/src/consumers/registration-certificates.js';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { PresentationRequestEntity } from '../wallet/src/persistence/entities.js';
import { api, type WalletSession } from '../wallet/test/wallet-api.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier, type WalletWithVerifier } from './wallet-with-verifier.js';

/**
 * Registration certificates (HAIP 1.0 / OpenID4VP 1.0 `verifier_info`, ETSI TS 119 475 `rc-wrp+jwt`):
 * the real verifier sends the consumer's certificates, signed by a registrar the demo CA certified,
 * and our wallet checks them, shows them on the consent screen, says when they and the trust
 * list disagree (the list wins) and refuses a request whose certificate does not check out.
 */
describe.each(testDatabaseKinds())(
  'registration certificates: wallet and the real verifier on %s',
  (kind) => {
    let setting: WalletWithVerifier;
    let world: WalletWorld;
    let verifier: RunningVerifier;
    let person: WalletSession;
    let wallet: string;
    let caServer: Server;
    let folders: string[];
    let trustedCa: string;
    /** A second trusted CA, whose CRL the wallet has not cached when its registrar is revoked. */
    let revokingCa: string;
    /** A CA the trust list does not name. */
    let strangerCa: string;
    let insurer: TrustedConsumer;
    const certificates = memoryRegistrationCertificates();

    beforeAll(async () => {
      folders = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'haip-rc-ca-')));
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
      setting = await startWalletWithVerifier(kind, {
        x509TrustAnchors: [{ ...caTrustAnchor(trustedCa) }, { ...caTrustAnchor(revokingCa) }],
      });
      ({ world, verifier, person } = setting);
      wallet = world.wallet.baseUrl;
      verifier.ctx.registrationCertificates = certificates;
      insurer = world.trustList.consumers.find((c) => c.id === 'insurer')!;
    });
    afterAll(async () => {
      await setting?.stop();
      caServer?.close();
      for (const dir of folders ?? []) rmSync(dir, { recursive: true, force: true });
    });

    const storedRequests = () =>
      world.wallet.ctx.db.dataSource.getRepository(PresentationRequestEntity).count();

    /** The insurer's registration as the trust list has it, with `extraClaims` added to its credential. */
    const registration = (extraClaims: string[][] = []) => {
      const listed = insurer.registrations[0]!;
      return {
        ...listed,
        credentials: listed.credentials.map((c) => ({ ...c, claims: [...c.claims, ...extraClaims] })),
      };
    };

    const askFor = (claims: string[]) =>
      createPresentationRequest(verifier, 'insurer', {
        purpose: 'Ersättning',
        dcql_query: {
          credentials: [
            {
              id: 'registration',
              format: 'dc+sd-jwt',
              meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
              claims: claims.map((name) => ({ path: [name] })),
            },
          ],
        },
      });

    it("sends the consumer's registration certificate in verifier_info; the wallet checks it, shows it, and the answer verifies", async () => {
      const issued = await issueRegistrationCertificates({
        caDir: trustedCa,
        registrarHost: 'registrar.example',
        consumers: [insurer],
        privacyPolicies: { insurer: 'https://insurer.example/privacy' },
      });
      certificates.set('insurer', issued.insurer!);
      const created = await createPresentationRequest(verifier, 'insurer', {
        template: 'unemployment_claim',
      });
      expect(created.status).toBe(201);
      const requestObject = decodeJwt(await (await fetch(created.body.request_uri)).text());
      expect(requestObject.verifier_info).toEqual([
        { format: 'registration_cert', data: issued.insurer![0] },
      ]);
      const certificate = issued.insurer![0]!;
      expect(decodeProtectedHeader(certificate)).toMatchObject({ typ: 'rc-wrp+jwt', alg: 'ES256' });
      // The registrar's leaf only: the trust anchor is never sent.
      expect(decodeProtectedHeader(certificate).x5c).toHaveLength(1);
      expect(decodeJwt(certificate)).toMatchObject({
        sub: insurer.client_id,
        name: 'Trygga Försäkringar',
        privacy_policy: 'https://insurer.example/privacy',
        credentials: [
          {
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
            claim: [{ path: ['given_name'] }, { path: ['family_name'] }, { path: ['registered_since'] }],
          },
        ],
      });

      const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
        request: created.body.openid4vp_url,
      });
      expect(shown.status).toBe(201);
      expect(shown.body.verifier.registration_certificates).toEqual([
        {
          name: 'Trygga Försäkringar',
          purpose: insurer.registrations[0]!.purpose,
          privacy_policy: 'https://insurer.example/privacy',
          intended_use_id: 'insurer-1',
          credentials: [
            {
              format: 'dc+sd-jwt',
              type: `${world.issuer.baseUrl}/af/vct/registration-certificate`,
              claims: ['given_name', 'family_name', 'registered_since'],
            },
          ],
          agrees_with_trust_list: true,
        },
      ]);
      expect(shown.body.warnings).toEqual([]);
      const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
        decision: 'approve',
      });
      expect(sent.body.delivered).toBe(true);
      expect((await readPresentationResult(verifier, 'insurer', created.body.id)).body.status).toBe(
        'verified',
      );
    });

    it('says so when the certificate and the trust list disagree, and warns by the trust list', async () => {
      // A registration certificate that allows the personal identity number; the trust list does not.
      const registrar = await demoRegistrar(trustedCa, { host: 'registrar.example' });
      certificates.set('insurer', [
        await signRegistrationCertificate({
          claims: registrationCertificateClaims(insurer, registration([['personal_identity_number']])),
          registrarPrivateJwk: registrar.privateJwk,
          registrarX5c: registrar.x5c,
        }),
      ]);
      const created = await askFor(['given_name', 'personal_identity_number']);
      const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
        request: created.body.openid4vp_url,
      });
      expect(shown.status).toBe(201);
      expect(shown.body.verifier.registration_certificates[0].agrees_with_trust_list).toBe(false);
      expect(shown.body.warnings.map((w: { code: string }) => w.code)).toEqual([
        'beyond_registration',
        'registration_certificate_differs',
      ]);
      expect(shown.body.warnings[0].claims).toEqual([
        {
          type: `${world.issuer.baseUrl}/af/vct/registration-certificate`,
          claims: ['personal_identity_number'],
        },
      ]);
    });

    describe('refuses the request, storing nothing, when the registration certificate', () => {
      async function expectRefused(certificate: string, description: RegExp) {
        certificates.set('insurer', [certificate]);
        const created = await askFor(['given_name']);
        const before = await storedRequests();
        const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
          request: created.body.openid4vp_url,
        });
        expect(shown.status).toBe(400);
        expect(shown.body.error).toBe('invalid_request');
        expect(shown.body.error_description).toMatch(
          /^the registration certificate in verifier_info is refused: /,
        );
        expect(shown.body.error_description).toMatch(description);
        expect(await storedRequests()).toBe(before);
      }
      const signWith = async (
        signer: { privateJwk?: unknown; x5c: string[] },
        consumer = insurer,
        now?: Date,
      ) =>
        signRegistrationCertificate({
          claims: registrationCertificateClaims(consumer, consumer.registrations[0] ?? registration()),
          registrarPrivateJwk: signer.privateJwk as JWK,
          registrarX5c: signer.x5c,
          ...(now ? { now, validitySeconds: 3600 } : {}),
        });

      it('is signed by a certificate that is not a registrar’s (the verifier certifying itself)', async () => {
        const own = await issueLeaf({
          dir: trustedCa,
          subject: { role: 'verifier', name: 'insurer', host: '127.0.0.1' },
        });
        await expectRefused(await signWith(own), /not a registrar/);
      });

      it('comes from a registrar under a CA the trust list does not name', async () => {
        const stranger = await issueLeaf({
          dir: strangerCa,
          subject: { role: 'registrar', name: 'Other registrar', host: 'registrar.example' },
        });
        await expectRefused(await signWith(stranger), /untrusted_anchor/);
      });

      it("comes from a revoked registrar (on its CA's CRL)", async () => {
        const revoked = await issueLeaf({
          dir: revokingCa,
          subject: { role: 'registrar', name: 'Revoked registrar', host: 'registrar.example' },
        });
        await revokeLeaf({ dir: revokingCa, serial: revoked.issued.serial, reason: 'keyCompromise' });
        await expectRefused(await signWith(revoked), /revoked/);
      });

      it('is about another relying party', async () => {
        const registrar = await demoRegistrar(trustedCa, { host: 'registrar.example' });
        const other = { ...insurer, client_id: 'decentralized_identifier:did:web:other.example' };
        await expectRefused(await signWith(registrar, other), /about another relying party/);
      });

      it('has expired', async () => {
        const registrar = await demoRegistrar(trustedCa, { host: 'registrar.example' });
        await expectRefused(
          await signWith(registrar, insurer, new Date(Date.now() - 2 * 3600_000)),
          /has expired/,
        );
      });

      it('was altered after signing', async () => {
        const registrar = await demoRegistrar(trustedCa, { host: 'registrar.example' });
        const [header, , signature] = (await signWith(registrar)).split('.');
        const widened = registrationCertificateClaims(insurer, registration([['personal_identity_number']]));
        const payload = Buffer.from(
          JSON.stringify({ ...widened, iat: Math.floor(Date.now() / 1000) }),
        ).toString('base64url');
        await expectRefused([header, payload, signature].join('.'), /signature does not verify/);
      });
    });
  },
);
