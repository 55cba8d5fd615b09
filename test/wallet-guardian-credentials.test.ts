import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { karinsChildren } from '../issuer/src/register/demo-families.js';
import { api, signIn, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { TestBrowser, finishHolderFetch } from './holder-sign-in.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';
const lucia = '199204781539';
const karin = '197011082232';

type Claim = { name: string; value: unknown };
const valueOf = (claims: Claim[], name: string) => claims.find((c) => c.name === name)?.value;

/**
 * The wallet receives Skatteverket's identity and guardian credentials through the real issuer:
 * a guardian credential per child (one credential_identifier each), kept by the parent it
 * names, refused by anyone else's wallet.
 */
describe.each(testDatabaseKinds())('identity and guardian credentials in the wallet on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
  });
  afterAll(async () => {
    await world?.stop();
  });

  /** Skatteverket's staff offer credentials about `pnr`; the session's wallet opens the offer. */
  async function openOffer(session: WalletSession, pnr: string, configurationIds: string[]) {
    const offer = await world.offer('skatteverket', pnr, configurationIds);
    return api(wallet, session, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
  }

  it('Karin receives her identity credential and one guardian credential for each child under 18', async () => {
    const session = await tokenSession(wallet, karin);
    const received = await openOffer(session, karin, ['person_identity', 'guardian_credential']);
    expect(received.status).toBe(201);
    const previews = received.body.credentials as Array<{
      name: { sv: string };
      names_holder: boolean;
      claims: Claim[];
    }>;
    expect(previews.map((p) => p.name.sv).sort()).toEqual([
      'Identitetsintyg',
      'Vårdnadshavare',
      'Vårdnadshavare',
    ]);
    // The owner check passes: every credential names Karin as its holder.
    for (const preview of previews) {
      expect(preview.names_holder).toBe(true);
      expect(valueOf(preview.claims, 'personal_identity_number')).toBe(karin);
    }
    const children = previews
      .filter((p) => p.name.sv === 'Vårdnadshavare')
      .map((p) => valueOf(p.claims, 'child') as { given_name: string; personal_identity_number: string });
    expect(children.map((c) => c.given_name).sort()).toEqual(['Elsa', 'Oskar']);
    expect(children.map((c) => c.personal_identity_number)).not.toContain(
      karinsChildren[2].personal_identity_number,
    );

    const accepted = await api(wallet, session, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    expect(accepted.status).toBe(200);
    const list = await api(wallet, session, 'GET', '/api/credentials');
    expect(list.body.credentials).toHaveLength(3);
    expect(list.body.credentials.every((c: { status: string }) => c.status === 'valid')).toBe(true);
  });

  it('Karin fetches her guardian credentials herself, signing in with eID at Skatteverket (authorization code)', async () => {
    const browser = await signIn(wallet, karin);
    const started = await api(wallet, browser, 'POST', '/api/holders/skatteverket/fetch', {
      credential_configuration_id: 'guardian_credential',
    });
    expect(started.status).toBe(201);
    const done = await finishHolderFetch(
      wallet,
      started.body.authorization_url,
      karin,
      new TestBrowser(wallet, browser.cookie),
    );
    const back = new URL(done.headers.get('location')!, wallet);
    expect(back.searchParams.get('received')).toBeTruthy();
    const shown = await api(
      wallet,
      browser,
      'GET',
      `/api/credential-offers/${back.searchParams.get('received')}`,
    );
    expect(shown.body.state).toBe('stored');
    const children = shown.body.credentials.map(
      (c: { claims: Claim[] }) => (valueOf(c.claims, 'child') as { given_name: string }).given_name,
    );
    expect(children.sort()).toEqual(['Elsa', 'Oskar']);
  });

  it('Lucía receives the identity credential that names her by coordination number', async () => {
    const session = await tokenSession(wallet, lucia);
    const received = await openOffer(session, lucia, ['person_identity']);
    expect(received.status).toBe(201);
    const [preview] = received.body.credentials;
    expect(preview.names_holder).toBe(true);
    expect(valueOf(preview.claims, 'coordination_number')).toBe(lucia);
    expect(valueOf(preview.claims, 'birthdate')).toBe('1992-04-18');
    expect(valueOf(preview.claims, 'personal_identity_number')).toBeUndefined();
  });

  it("refuses Karin's guardian credentials offered to another person's wallet, and stores nothing", async () => {
    const other = await tokenSession(wallet, tolvan);
    const received = await openOffer(other, karin, ['guardian_credential']);
    expect(received.status).toBe(403);
    expect(received.body.error).toBe('access_denied');
    expect(received.body.error_description).toMatch(/issued to another person/);
    const account = (await world.wallet.ctx.store.findAccountByIdentity(tolvan))!;
    expect(
      await world.wallet.ctx.store.listCredentials(account.id, ['stored', 'pending', 'deferred']),
    ).toEqual([]);
  });
});
