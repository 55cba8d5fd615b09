import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { matchCredentials } from '@min-profil/wallet/presentation/match-credentials';
import { getJson, postJson } from '../issuer/test/wallet-client.js';
import { api, signIn, type WalletSession } from '../wallet/test/wallet-api.js';
import { TestBrowser, finishHolderFetch } from './holder-sign-in.js';
import { startSystem, type RunningSystem } from './system/start-system.js';
import { eventually } from './eventually.js';

const karin = '197011082232';
const samir = '198806244417';
const tolvan = '191212121212';
/** Tolvans Bygg AB: Tolvan signs alone. */
const tolvansBygg = '556812-3458';
/** Berg & Haddad Konsult AB: Karin and Samir (två i förening); Tolvan does not sign for it. */
const bergHaddad = '556934-5670';
const consumer = 'municipality-permits';

const profile = (version: number, email: string) => ({
  profile_version: version,
  address: { street_address: 'Byggvägen 3', postal_code: '123 45', locality: 'Exempelby', country: 'SE' },
  official_mail_address: {
    street_address: 'Box 12',
    postal_code: '123 21',
    locality: 'Exempelby',
    country: 'SE',
  },
  emails: [{ address: email }],
  phones: [{ number: '+46701234567' }],
  preferred_language: 'sv',
});

type Match = { credential_id: string; acts_for: { id: string; name: string } | null; claims_to_send: any[] };
type Query = { id: string; matches: Match[]; missing: boolean };

/**
 * The real wallet answers the permit office's `company_permit` request with the company contact
 * profile from the consent screen (issue #21, docs/representation.md "At the permit office"):
 * offered only for the company of the signatory credential sent, while the person signs for it;
 * signed by the company key; the standing permission is the company's, so a later change made
 * on the company screen reaches the permit office. And the second signatory declining in the
 * wallet: the first's application is refused (`signing_rule`), a decline once it is decided is not taken.
 */
describe.each(testDatabaseKinds())(
  'the wallet answering the permit office with the company profile on %s',
  (kind) => {
    let system: RunningSystem;
    const sessions: Record<string, WalletSession & { cookie: string }> = {};
    const wallet = () => system.wallet.baseUrl;
    const auth = () => ({ authorization: `Bearer ${system.verifier.apiKeys[consumer]}` });

    async function fetchFromBolagsverket(person: string, configuration: string) {
      const started = await api(wallet(), sessions[person], 'POST', '/api/holders/bolagsverket/fetch', {
        credential_configuration_id: configuration,
      });
      expect(started.status).toBe(201);
      const done = await finishHolderFetch(
        wallet(),
        started.body.authorization_url,
        person,
        new TestBrowser(wallet(), sessions[person]!.cookie),
      );
      expect(new URL(done.headers.get('location')!, wallet()).searchParams.get('received')).toBeTruthy();
    }

    /** The permit office asks; the person's wallet shows the request, as `actingFor` if given. */
    async function permitRequest(person: string, actingFor?: string) {
      const created = await postJson(
        `${system.verifier.url}/api/presentation-requests`,
        { template: 'company_permit' },
        auth(),
      );
      expect(created.status).toBe(201);
      const shown = await api(wallet(), sessions[person], 'POST', '/api/presentation-requests', {
        request: created.body.openid4vp_url,
      });
      expect(shown.status).toBe(201);
      const view = actingFor
        ? await api(
            wallet(),
            sessions[person],
            'GET',
            `/api/presentation-requests/${shown.body.id}?acting_for=${encodeURIComponent(actingFor)}`,
          )
        : shown;
      const query = (id: string) => (view.body.credential_queries as Query[]).find((q) => q.id === id)!;
      return { created: created.body, shown: view.body, query };
    }

    /** The party id of a company in "Jag företräder". */
    async function partyOf(person: string, orgNumber: string): Promise<string> {
      const { shown } = await permitRequest(person);
      const match = (shown.credential_queries as Query[])
        .find((q) => q.id === 'signatory')!
        .matches.find((m) => m.claims_to_send.some((c) => c.name === 'org_number' && c.value === orgNumber))!;
      return match.acts_for!.id;
    }

    beforeAll(async () => {
      system = await startSystem(kind, {
        walletSettings: { deliveryPollSeconds: 1, deliveryRetryBaseSeconds: 1, deliveryRetryCapSeconds: 2 },
      });
      for (const person of [karin, tolvan, samir]) {
        sessions[person] = await signIn(wallet(), person);
        await fetchFromBolagsverket(person, 'signatory');
        // Samir only approves or declines: he needs no company identity.
        if (person !== samir) await fetchFromBolagsverket(person, 'company_identity');
      }
      // Both companies have saved profiles: each a candidate only for its own signatories.
      expect(
        (
          await api(
            wallet(),
            sessions[tolvan],
            'PUT',
            `/api/companies/${tolvansBygg}/profile`,
            profile(0, 'v1@tolvansbygg.example'),
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await api(
            wallet(),
            sessions[karin],
            'PUT',
            `/api/companies/${bergHaddad}/profile`,
            profile(0, 'info@bh.example'),
          )
        ).status,
      ).toBe(200);
    }, 240_000);
    afterAll(async () => {
      await system?.stop();
    });

    let permissionId: string;

    it('offers, signs and shares Tolvans Bygg’s profile with its signatory, the standing permission the company’s', async () => {
      const tolvans = await partyOf(tolvan, tolvansBygg);
      const { created, shown, query } = await permitRequest(tolvan, tolvans);
      // Only Tolvans Bygg's profile: never Berg & Haddad's, which Tolvan does not sign for.
      const offered = query('company_contact_profile').matches;
      expect(offered.map((m) => m.credential_id)).toEqual([`company-profile:${tolvansBygg}`]);
      expect(offered[0]).toMatchObject({
        name: { sv: 'Kontaktuppgifter för Tolvans Bygg AB' },
        issuer: { credential_issuer: null, trusted: null },
      });
      expect(offered[0]!.claims_to_send.find((c) => c.name === 'emails').value).toEqual([
        { address: 'v1@tolvansbygg.example' },
      ]);
      expect(shown.standing_permission).toMatchObject({
        requested: true,
        credential_ids: ['company_contact_profile'],
        company: { org_number: tolvansBygg, name: 'Tolvans Bygg AB' },
      });
      const signatoryId = query('signatory').matches[0]!.credential_id;
      const companyId = query('company_identity').matches.find((m) =>
        m.claims_to_send.some((c) => c.name === 'org_number' && c.value === tolvansBygg),
      )!.credential_id;

      const sent = await api(
        wallet(),
        sessions[tolvan],
        'POST',
        `/api/presentation-requests/${shown.id}/response`,
        {
          decision: 'approve',
          acting_for: tolvans,
          credentials: { signatory: signatoryId, company_identity: companyId },
          standing: true,
        },
      );
      expect(sent.status).toBe(200);
      expect(sent.body.delivered).toBe(true);
      expect(sent.body.sent.map((s: any) => s.credential_id)).toContain(`company-profile:${tolvansBygg}`);
      permissionId = sent.body.standing_permission.id;

      const result = await getJson(`${system.verifier.url}/api/presentation-requests/${created.id}`, auth());
      expect(result.body.status).toBe('verified');
      expect(result.body.checks.find((c: any) => c.name === 'company_profile_subject')).toMatchObject({
        passed: true,
      });
      const kept = await getJson(`${system.verifier.url}/api/standing-permissions/${permissionId}`, auth());
      expect(kept.body).toMatchObject({
        status: 'active',
        profile_vct: companyContactProfileVct,
        org_number: tolvansBygg,
        whose: { number: { claim: 'org_number', value: tolvansBygg } },
        profile: { emails: [{ address: 'v1@tolvansbygg.example' }] },
      });

      // The company's permission, not Tolvan's: on the company screen, not in his own list.
      const companyList = await api(
        wallet(),
        sessions[tolvan],
        'GET',
        `/api/companies/${tolvansBygg}/standing-permissions`,
      );
      expect(companyList.body.permissions.map((p: any) => p.id)).toEqual([permissionId]);
      expect(
        (await api(wallet(), sessions[tolvan], 'GET', '/api/standing-permissions')).body.permissions,
      ).toEqual([]);
    });

    it('offers the company profile to a query that asks for it alone: the signatory credential is found whatever the queries name (issue 24)', async () => {
      const { ctx } = system.wallet;
      const account = (await ctx.store.findAccountByIdentity(tolvan))!;
      const [match] = await matchCredentials(ctx, account, {
        credentials: [
          {
            id: 'company_contact_profile',
            format: 'dc+sd-jwt',
            meta: { vct_values: [companyContactProfileVct] },
            claims: [{ path: ['emails'] }],
          },
        ],
      });
      expect(match!.candidates.map((c) => c.row.id)).toEqual([`company-profile:${tolvansBygg}`]);
    });

    it('delivers a later change from the company screen to the permit office', async () => {
      const changed = await api(
        wallet(),
        sessions[tolvan],
        'PUT',
        `/api/companies/${tolvansBygg}/profile`,
        profile(1, 'v2@tolvansbygg.example'),
      );
      expect(changed.status).toBe(200);
      const copy = await eventually('the permit office to get the change', async () => {
        const kept = await getJson(`${system.verifier.url}/api/standing-permissions/${permissionId}`, auth());
        return kept.body.profile?.emails?.[0]?.address === 'v2@tolvansbygg.example' ? kept.body : undefined;
      });
      expect(copy).toMatchObject({ profile_version: 2, org_number: tolvansBygg });
    });

    it('offers only the company of the signatory credential sent, and refuses another company’s profile', async () => {
      // Karin signs for Berg & Haddad (and two associations with no saved profile).
      const bh = await partyOf(karin, bergHaddad);
      const { query } = await permitRequest(karin, bh);
      expect(query('company_contact_profile').matches.map((m) => m.credential_id)).toEqual([
        `company-profile:${bergHaddad}`,
      ]);
      // Her company identities: only Berg & Haddad's goes with its signatory credential.
      expect(
        query('company_identity').matches.map(
          (m) => m.claims_to_send.find((c) => c.name === 'org_number').value,
        ),
      ).toEqual([bergHaddad]);
      // Tolvans Bygg's profile asked for by Karin: no candidate, nothing sent.
      const { shown } = await permitRequest(karin, bh);
      const refused = await api(
        wallet(),
        sessions[karin],
        'POST',
        `/api/presentation-requests/${shown.id}/response`,
        {
          decision: 'approve',
          acting_for: bh,
          credentials: { company_contact_profile: `company-profile:${tolvansBygg}` },
        },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_request');
    });

    it('lets the second signatory decline in the wallet: the first’s application is refused, a later decline not taken', async () => {
      // Karin applies for Berg & Haddad (två i förening): pending until Samir approves.
      const bh = await partyOf(karin, bergHaddad);
      const { created, shown, query } = await permitRequest(karin, bh);
      const companyId = query('company_identity').matches.find((m) =>
        m.claims_to_send.some((c) => c.name === 'org_number' && c.value === bergHaddad),
      )!.credential_id;
      const applied = await api(
        wallet(),
        sessions[karin],
        'POST',
        `/api/presentation-requests/${shown.id}/response`,
        {
          decision: 'approve',
          acting_for: bh,
          credentials: { company_identity: companyId },
        },
      );
      expect(applied.body.delivered).toBe(true);
      const first = created.id as string;
      const statusOf = async (id: string) =>
        (await getJson(`${system.verifier.url}/api/presentation-requests/${id}`, auth())).body;
      expect((await statusOf(first)).status).toBe('pending_second_signatory');

      // The permit office asks Samir twice (say by mistake); he declines the first in his wallet.
      const ask = () =>
        postJson(
          `${system.verifier.url}/api/presentation-requests/${first}/second-signatory`,
          {
            personal_identity_number: samir,
            title: 'Ansökan om serveringstillstånd',
            document: { media_type: 'application/json', content: { arende: 'Serveringstillstånd' } },
          },
          auth(),
        );
      const [one, other] = [await ask(), await ask()];
      async function samirDeclines(openid4vpUrl: string) {
        const opened = await api(wallet(), sessions[samir], 'POST', '/api/presentation-requests', {
          request: openid4vpUrl,
        });
        expect(opened.body.transaction_data[0]).toMatchObject({ title: 'Ansökan om serveringstillstånd' });
        return api(
          wallet(),
          sessions[samir],
          'POST',
          `/api/presentation-requests/${opened.body.id}/response`,
          {
            decision: 'decline',
          },
        );
      }
      const declined = await samirDeclines(one.body.openid4vp_url);
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ decision: 'decline', delivered: true });
      const refused = await statusOf(first);
      expect(refused.status).toBe('rejected');
      expect(refused.checks.filter((c: any) => c.name === 'signing_rule').at(-1)).toEqual({
        name: 'signing_rule',
        passed: false,
        detail: `two_jointly: declined by the second signatory (request ${one.body.id})`,
      });

      // The other request: the application is decided, so the decline is not taken, and he is told.
      const late = await samirDeclines(other.body.openid4vp_url);
      expect(late.body).toMatchObject({ decision: 'decline', delivered: false, verifier_status: 400 });
      expect((await statusOf(first)).status).toBe('rejected');
      const log = await api(wallet(), sessions[samir], 'GET', '/api/log');
      expect(log.body.entries.map((e: any) => e.outcome)).toEqual(
        expect.arrayContaining([
          'declined to approve "Ansökan om serveringstillstånd"',
          'declined to approve "Ansökan om serveringstillstånd" (verifier answered HTTP 400)',
        ]),
      );
    });

    it('offers no company profile to a former signatory', async () => {
      const staff = { authorization: `Bearer ${system.issuer.apiKey}` };
      const account = (await system.wallet.ctx.store.findAccountByIdentity(tolvan))!;
      const held = (await system.wallet.ctx.store.listCredentials(account.id, ['stored'])).filter((r) =>
        r.vct?.endsWith('/signatory'),
      );
      const listed = await getJson(
        `${system.issuer.baseUrl}/bolagsverket/admin/credentials?personal_identity_number=${tolvan}`,
        staff,
      );
      for (const credential of listed.body.credentials.filter(
        (c: { credential_configuration_id: string; status_list: { idx: number } }) =>
          c.credential_configuration_id === 'signatory' &&
          held.some((h) => h.statusIdx === c.status_list.idx),
      )) {
        const revoked = await postJson(
          `${system.issuer.baseUrl}/bolagsverket/admin/credentials/${credential.id}/status`,
          { status: 'revoked' },
          staff,
        );
        expect(revoked.status).toBe(200);
      }
      for (const h of held) system.wallet.ctx.statusLists.invalidate(h.statusUri!);
      const { query } = await permitRequest(tolvan);
      expect(query('company_contact_profile')).toMatchObject({ matches: [], missing: true });
    });
  },
);
