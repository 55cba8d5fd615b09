import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson, postJson } from '../issuer/test/wallet-client.js';
import { api, signIn, type WalletSession } from '../wallet/test/wallet-api.js';
import { TestBrowser, finishHolderFetch } from './holder-sign-in.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const karin = '197011082232';
const samir = '198806244417';
const tolvan = '191212121212';
/** Berg & Haddad Konsult AB: Karin and Samir sign for it. */
const bergHaddad = '556934-5670';

const profile = (version: number, street: string) => ({
  profile_version: version,
  address: { street_address: street, postal_code: '123 45', locality: 'Exempelby', country: 'se' },
  official_mail_address: {
    street_address: 'Box 17',
    postal_code: '123 21',
    locality: 'Exempelby',
    country: 'SE',
  },
  emails: [{ address: 'info@berghaddad.example' }],
  phones: [{ number: '+46701234567' }],
  preferred_language: 'sv',
});

/**
 * The company contact profile (issue #21): any current signatory of Berg & Haddad changes it,
 * each change checked against their signatory credential from Bolagsverket and its status; once
 * Bolagsverket revokes Karin's credential she is a former signatory and her change is refused,
 * nothing stored; someone who never signed for the company cannot even read it.
 */
describe.each(testDatabaseKinds())('the company contact profile on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  const sessions: Record<string, WalletSession & { cookie: string }> = {};
  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    for (const person of [karin, samir, tolvan]) sessions[person] = await signIn(wallet, person);
    for (const person of [karin, samir]) {
      const started = await api(wallet, sessions[person], 'POST', '/api/holders/bolagsverket/fetch', {
        credential_configuration_id: 'signatory',
      });
      expect(started.status).toBe(201);
      const done = await finishHolderFetch(
        wallet,
        started.body.authorization_url,
        person,
        new TestBrowser(wallet, sessions[person]!.cookie),
      );
      expect(new URL(done.headers.get('location')!, wallet).searchParams.get('received')).toBeTruthy();
    }
  }, 120_000);
  afterAll(async () => {
    await world?.stop();
  });

  const path = `/api/companies/${bergHaddad}/profile`;

  it('lets each current signatory change it, one version at a time', async () => {
    const empty = await api(wallet, sessions[karin], 'GET', path);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      org_number: bergHaddad,
      company_name: 'Berg & Haddad Konsult AB',
      profile_version: 0,
      profile: null,
    });
    const first = await api(wallet, sessions[karin], 'PUT', path, profile(0, 'Storgatan 1'));
    expect(first.status).toBe(200);
    expect(first.body.profile_version).toBe(1);
    expect(first.body.profile.address).toMatchObject({ street_address: 'Storgatan 1', country: 'SE' });

    const seen = await api(wallet, sessions[samir], 'GET', path);
    expect(seen.body.profile.official_mail_address.street_address).toBe('Box 17');
    const second = await api(wallet, sessions[samir], 'PUT', path, profile(1, 'Storgatan 2'));
    expect(second.status).toBe(200);
    expect(second.body.profile_version).toBe(2);
    // Made from an older version: refused, nothing stored.
    const stale = await api(wallet, sessions[karin], 'PUT', path, profile(1, 'Gamla vägen 3'));
    expect(stale.status).toBe(409);
    expect((await api(wallet, sessions[karin], 'GET', path)).body.profile.address.street_address).toBe(
      'Storgatan 2',
    );
    // Stored sealed: the street is not in the database in the clear.
    const row = await world.wallet.ctx.store.findCompanyProfile(bergHaddad);
    expect(row!.sealed).not.toContain('Storgatan');
  });

  it('refuses someone who is not a signatory, and bad input, storing nothing', async () => {
    const stranger = await api(wallet, sessions[tolvan], 'PUT', path, profile(2, 'Falska gatan 9'));
    expect(stranger.status).toBe(403);
    expect(stranger.body.error).toBe('access_denied');
    expect((await api(wallet, sessions[tolvan], 'GET', path)).status).toBe(403);
    const badOrg = await api(wallet, sessions[karin], 'GET', '/api/companies/5569345670/profile');
    expect(badOrg.status).toBe(400);
    const extra = await api(wallet, sessions[karin], 'PUT', path, { ...profile(2, 'X'), owner: karin });
    expect(extra.status).toBe(400);
    expect((await world.wallet.ctx.store.findCompanyProfile(bergHaddad))!.version).toBe(2);
  });

  it('refuses a former signatory once Bolagsverket revokes the credential, nothing stored', async () => {
    const staff = { authorization: `Bearer ${world.issuer.apiKey}` };
    const account = (await world.wallet.ctx.store.findAccountByIdentity(karin))!;
    const held = (await world.wallet.ctx.store.listCredentials(account.id, ['stored'])).filter((r) =>
      r.vct?.endsWith('/signatory'),
    );
    const listed = await getJson(
      `${world.issuer.baseUrl}/bolagsverket/admin/credentials?personal_identity_number=${karin}`,
      staff,
    );
    // Karin's credentials for Berg & Haddad: found by status index among those she holds.
    const issued = listed.body.credentials.filter(
      (c: { credential_configuration_id: string; status_list: { idx: number } }) =>
        c.credential_configuration_id === 'signatory' && held.some((h) => h.statusIdx === c.status_list.idx),
    );
    expect(issued.length).toBe(3); // Berg & Haddad, Solbacken, Brf Björkhagen
    for (const credential of issued) {
      const revoked = await postJson(
        `${world.issuer.baseUrl}/bolagsverket/admin/credentials/${credential.id}/status`,
        { status: 'revoked' },
        staff,
      );
      expect(revoked.status).toBe(200);
    }
    // The wallet keeps a status list for its ttl; dropped here as that expiry would.
    for (const h of held) world.wallet.ctx.statusLists.invalidate(h.statusUri!);

    const refused = await api(wallet, sessions[karin], 'PUT', path, profile(2, 'Karins gata 5'));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('access_denied');
    const kept = await api(wallet, sessions[samir], 'GET', path);
    expect(kept.body).toMatchObject({
      profile_version: 2,
      profile: { address: { street_address: 'Storgatan 2' } },
    });
    // Samir still signs for it.
    expect((await api(wallet, sessions[samir], 'PUT', path, profile(2, 'Storgatan 4'))).status).toBe(200);
  });
});
