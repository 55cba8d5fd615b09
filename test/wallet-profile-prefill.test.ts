import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';

describe.each(testDatabaseKinds())('the contact profile pre-filled from Skatteverket on %s', (kind) => {
  let world: WalletWorld;
  let person: WalletSession;
  let wallet: string;
  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    person = await tokenSession(wallet, tolvan);
  });
  afterAll(async () => {
    await world?.stop();
  });

  const profile = (address: Record<string, unknown> | null) => ({
    address,
    emails: [],
    phones: [],
    preferred_language: 'sv',
    contact_preferences: null,
  });

  it('offers the registered address once the person holds it, marks it adopted until edited', async () => {
    expect((await api(wallet, person, 'GET', '/api/profile')).body.address_suggestion).toBeNull();

    const offer = await world.offer('skatteverket', tolvan, ['registered_address']);
    const received = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    expect(received.status).toBe(201);
    await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);

    const before = await api(wallet, person, 'GET', '/api/profile');
    const registered = {
      street_address: 'Storgatan 12',
      postal_code: '111 22',
      locality: 'Stockholm',
      country: 'SE',
    };
    expect(before.body.address_suggestion).toEqual({
      ...registered,
      source: 'skatteverket',
      credential_id: received.body.credentials[0].id,
      adopted: false,
    });

    const adopted = await api(
      wallet,
      person,
      'PUT',
      '/api/profile',
      profile({ ...registered, source: 'skatteverket' }),
    );
    expect(adopted.status).toBe(200);
    expect(adopted.body.profile.address).toEqual({ ...registered, source: 'skatteverket' });
    expect(adopted.body.address_suggestion.adopted).toBe(true);

    // Another field changes: the address keeps its source.
    const language = await api(wallet, person, 'PUT', '/api/profile', {
      ...profile(registered),
      preferred_language: 'en',
    });
    expect(language.body.profile.address.source).toBe('skatteverket');

    // Claiming Skatteverket for an address that is not the registered one is refused.
    const claimed = await api(
      wallet,
      person,
      'PUT',
      '/api/profile',
      profile({
        ...registered,
        street_address: 'Storgatan 14',
        source: 'skatteverket',
      }),
    );
    expect(claimed.status).toBe(400);

    const edited = await api(
      wallet,
      person,
      'PUT',
      '/api/profile',
      profile({
        ...registered,
        street_address: 'Storgatan 14',
      }),
    );
    expect(edited.body.profile.address).toEqual({
      ...registered,
      street_address: 'Storgatan 14',
      source: 'self',
    });
    expect(edited.body.address_suggestion.adopted).toBe(false);
  });
});
