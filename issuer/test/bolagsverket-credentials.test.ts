import type { JWK } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { verifySdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { endOfSwedishDay } from '../src/holders/swedish-day.js';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import {
  createHolderKey,
  createOffer,
  createProof,
  fetchNonce,
  getJson,
  postForm,
  postJson,
  preAuthorizedGrant,
} from './wallet-client.js';

const tolvan = '191212121212';
const samir = '198806244417';
const karin = '197011082232';
const alva = '200503152381';

describe.each(testDatabaseKinds())(
  'Bolagsverket signatory and company identity credentials on %s',
  (kind) => {
    let issuer: RunningIssuer;
    beforeAll(async () => {
      issuer = await startIssuer(kind);
    });
    afterAll(async () => {
      await issuer.stop();
    });

    async function tokenFor(pnr: string, configurationId: string) {
      const offer = await createOffer(issuer.baseUrl, issuer.apiKey, 'bolagsverket', {
        personal_identity_number: pnr,
        credential_configuration_ids: [configurationId],
      });
      expect(offer.status).toBe(201);
      const token = await postForm(`${issuer.baseUrl}/bolagsverket/token`, {
        grant_type: preAuthorizedGrant,
        'pre-authorized_code': offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'],
        tx_code: offer.body.tx_code,
      });
      expect(token.status).toBe(200);
      return token.body;
    }

    /** Every credential the token's identifiers name, verified, with its status from the published list. */
    async function fetchAll(pnr: string, configurationId: string) {
      const token = await tokenFor(pnr, configurationId);
      const metadata = await getJson(`${issuer.baseUrl}/.well-known/jwt-vc-issuer/bolagsverket`);
      const out = [];
      for (const identifier of token.authorization_details[0].credential_identifiers as string[]) {
        const proof = await createProof({
          key: await createHolderKey(),
          audience: `${issuer.baseUrl}/bolagsverket`,
          nonce: await fetchNonce(issuer.baseUrl, 'bolagsverket'),
        });
        const response = await postJson(
          `${issuer.baseUrl}/bolagsverket/credential`,
          { credential_identifier: identifier, proofs: { jwt: [proof] } },
          { authorization: `Bearer ${token.access_token}` },
        );
        expect(response.status).toBe(200);
        const compact = response.body.credentials[0].credential as string;
        const verified = await verifySdJwtVc({
          compact,
          resolveIssuerKey: async () => metadata.body.jwks.keys[0] as JWK,
        });
        const { idx, uri } = verified.status!.status_list!;
        const status = getListFromStatusListJWT(await (await fetch(uri)).text()).getStatus(idx);
        const payload = JSON.parse(Buffer.from(compact.split('.')[1], 'base64url').toString());
        out.push({ verified, status, payload });
      }
      return out;
    }

    it('issues Karin a signatory credential per company she signs for, with its role and signing rule', async () => {
      const issued = await fetchAll(karin, 'signatory');
      expect(issued).toHaveLength(3);
      const byOrg = Object.fromEntries(issued.map((i) => [i.verified.claims.org_number, i]));
      expect(byOrg['556934-5670'].verified.claims).toMatchObject({
        given_name: 'Karin',
        personal_identity_number: karin,
        company_name: 'Berg & Haddad Konsult AB',
        role: 'Styrelseledamot',
        signing_rule: 'two_jointly',
        valid_from: '2024-03-01',
      });
      // Styrelsen gemensamt: the credential says how many sit on the board now (Tolvan left
      // the association's board on 2025-06-30).
      expect(byOrg['769612-3459'].verified.claims).toMatchObject({
        signing_rule: 'board_jointly',
        role: 'Ordförande',
        board_size: 1,
      });
      expect(byOrg['769640-1517'].verified.claims).toMatchObject({
        signing_rule: 'board_jointly',
        board_size: 3,
      });
      expect(byOrg['556934-5670'].verified.claims).not.toHaveProperty('board_size');
      for (const { verified, status, payload } of issued) {
        expect(verified.vct).toBe(`${issuer.baseUrl}/bolagsverket/vct/signatory`);
        expect(status).toBe(0);
        // What the credential is about is always shown; the person is disclosable.
        expect(payload).toMatchObject({ org_number: expect.any(String), signing_rule: expect.any(String) });
        expect(payload).not.toHaveProperty('personal_identity_number');
        expect(payload.cnf?.jwk).toBeDefined();
      }
    });

    it('issues the company identity credential (org number, EUID, legal name) to each signatory', async () => {
      const issued = await fetchAll(tolvan, 'company_identity');
      // Tolvan left the association's board on 2025-06-30: his own company and the Brf remain.
      expect(issued.map((i) => i.verified.claims.org_number)).toEqual(['556812-3458', '769640-1517']);
      const [{ verified, status }] = issued;
      expect(verified.vct).toBe(`${issuer.baseUrl}/bolagsverket/vct/company_identity`);
      expect(status).toBe(0);
      expect(verified.claims).toMatchObject({
        org_number: '556812-3458',
        euid: 'SEBOLREG.5568123458',
        legal_name: 'Tolvans Bygg AB',
        company_name: 'Tolvans Bygg AB',
        legal_form: 'Aktiebolag',
        personal_identity_number: tolvan,
      });
      const samirs = await fetchAll(samir, 'company_identity');
      expect(samirs.map((i) => i.verified.claims.org_number)).toEqual(['556934-5670', '769640-1517']);
    });

    it("ends a signatory credential when the register says the person's role ends", () => {
      expect(new Date(endOfSwedishDay('2025-06-30') * 1000).toISOString()).toBe('2025-06-30T22:00:00.000Z');
      expect(new Date(endOfSwedishDay('2026-12-31') * 1000).toISOString()).toBe('2026-12-31T23:00:00.000Z');
    });

    it('makes no offer to a person who signs for no company', async () => {
      const offer = await createOffer(issuer.baseUrl, issuer.apiKey, 'bolagsverket', {
        personal_identity_number: alva,
        credential_configuration_ids: ['signatory'],
      });
      expect(offer.status).toBe(400);
      expect(offer.body.error).toBe('invalid_request');
      const typeMetadata = await getJson(`${issuer.baseUrl}/bolagsverket/vct/signatory`);
      expect(typeMetadata.body.display.map((d: { name: string }) => d.name)).toEqual([
        'Firmatecknare',
        'Authorised signatory',
      ]);
    });
  },
);
