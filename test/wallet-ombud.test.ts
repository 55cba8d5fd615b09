import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { finishHolderFetch } from './holder-sign-in.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const karin = '197011082232';
const samir = '198806244417';
const municipality = '212000-0004';

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * "Mina ombud" through the wallet (issue #21): Karin signs in at Mina ombud from her wallet (a
 * `mandates` sign-in), gives Samir a power of attorney, sees it, and revokes it at once; Samir,
 * signed in from his own wallet, sees it given to him until then. Bad input is refused with
 * nothing stored, and a lapsed sign-in asks for a new one.
 */
describe.each(testDatabaseKinds())('Mina ombud through the wallet on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  let karins: WalletSession;
  let samirs: WalletSession;
  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    [karins, samirs] = await Promise.all([tokenSession(wallet, karin), tokenSession(wallet, samir)]);
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function signIn(session: WalletSession, person: string) {
    const started = await api(wallet, session, 'POST', '/api/ombud/sign-in', { return_to: '/ombud' });
    expect(started.status).toBe(201);
    const done = await finishHolderFetch(wallet, started.body.authorization_url, person);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/ombud?connected=1');
  }

  const forSamir = (overrides: Record<string, unknown> = {}) => ({
    agent: { personal_identity_number: samir },
    scope: { relying_parties: [municipality], purposes: ['building_permit'] },
    valid_from: today(),
    valid_until: inDays(365),
    ...overrides,
  });

  it('asks for a sign-in at Mina ombud before anything is given', async () => {
    const before = await api(wallet, karins, 'GET', '/api/ombud');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ signed_in: false });
    const refused = await api(wallet, karins, 'POST', '/api/ombud/mandates', forSamir());
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'access_denied', sign_in: true });
  });

  it('gives, shows and revokes a power of attorney, and the agent sees it until then', async () => {
    await signIn(karins, karin);
    const empty = await api(wallet, karins, 'GET', '/api/ombud');
    expect(empty.body).toMatchObject({ signed_in: true, given: [], received: [] });
    expect(Date.parse(empty.body.signed_in_until)).toBeGreaterThan(Date.now());

    const given = await api(wallet, karins, 'POST', '/api/ombud/mandates', forSamir());
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({
      status: 'active',
      principal: { personal_identity_number: karin },
      agent: { personal_identity_number: samir, given_name: expect.any(String) },
      scope: { relying_parties: [municipality], purposes: ['building_permit'] },
    });

    await signIn(samirs, samir);
    const samirsView = await api(wallet, samirs, 'GET', '/api/ombud');
    expect(samirsView.body.received.map((g: { id: string }) => g.id)).toEqual([given.body.id]);
    expect(samirsView.body.given).toEqual([]);
    // Samir cannot revoke what Karin gave.
    const notHis = await api(wallet, samirs, 'POST', `/api/ombud/mandates/${given.body.id}/revoke`);
    expect(notHis.status).toBe(404);
    expect(notHis.body.error).toBe('not_found');

    const revoked = await api(wallet, karins, 'POST', `/api/ombud/mandates/${given.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: given.body.id, status: 'revoked' });
    const after = await api(wallet, karins, 'GET', '/api/ombud');
    expect(after.body.given).toEqual([expect.objectContaining({ id: given.body.id, status: 'revoked' })]);
    expect((await api(wallet, samirs, 'GET', '/api/ombud')).body.received).toEqual([]);
  });

  it('refuses bad grants, here or at Mina ombud, and stores nothing', async () => {
    await signIn(karins, karin);
    const count = async () => (await api(wallet, karins, 'GET', '/api/ombud')).body.given.length as number;
    const before = await count();
    // Checked by the wallet: not a personal identity number, an unknown field.
    const badNumber = await api(
      wallet,
      karins,
      'POST',
      '/api/ombud/mandates',
      forSamir({ agent: { personal_identity_number: '12' } }),
    );
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.error).toBe('invalid_request');
    const extra = await api(wallet, karins, 'POST', '/api/ombud/mandates', {
      ...forSamir(),
      principal: samir,
    });
    expect(extra.status).toBe(400);
    // Checked by Mina ombud: a grant to oneself, an end before the start; its reason comes along.
    const self = await api(
      wallet,
      karins,
      'POST',
      '/api/ombud/mandates',
      forSamir({ agent: { personal_identity_number: karin } }),
    );
    expect(self.status).toBe(400);
    expect(self.body.error).toBe('invalid_request');
    expect(self.body.error_description).toMatch(/\S/);
    const backwards = await api(
      wallet,
      karins,
      'POST',
      '/api/ombud/mandates',
      forSamir({ valid_from: inDays(10), valid_until: inDays(5) }),
    );
    expect(backwards.status).toBe(400);
    expect(await count()).toBe(before);
    const unknown = await api(
      wallet,
      karins,
      'POST',
      '/api/ombud/mandates/00000000-0000-4000-8000-000000000000/revoke',
    );
    expect(unknown.status).toBe(404);
  });

  it('asks for a new sign-in once the token lapses, and forgets it on sign-out', async () => {
    await signIn(karins, karin);
    const account = (await world.wallet.ctx.store.findAccountByIdentity(karin))!;
    const row = (await world.wallet.ctx.store.findOmbudSignIn(account.id))!;
    await world.wallet.ctx.store.replaceOmbudSignIn({ ...row, expiresAt: world.wallet.ctx.now() - 1 });
    expect((await api(wallet, karins, 'GET', '/api/ombud')).body).toEqual({ signed_in: false });
    const lapsed = await api(wallet, karins, 'POST', '/api/ombud/mandates', forSamir());
    expect(lapsed.status).toBe(409);
    expect(await world.wallet.ctx.store.findOmbudSignIn(account.id)).toBeNull();

    await signIn(karins, karin);
    expect((await api(wallet, karins, 'DELETE', '/api/ombud/sign-in')).status).toBe(204);
    expect((await api(wallet, karins, 'GET', '/api/ombud')).body).toEqual({ signed_in: false });
  });
});
