import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { openSealed } from '../wallet/src/credentials/describe-credential.js';
import type { AccountRow } from '../wallet/src/persistence/entities.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { finishHolderFetch } from './holder-sign-in.js';
import {
  makePageDpopKey,
  makePageKeys,
  protectWithPasskey,
  signAndPost,
  signTokenStages,
} from './passkey-signing-helpers.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const samir = '198806244417';

/**
 * Issue 25, moving an account from service-held keys to passkey keys: a credential received
 * before the passkey stays bound to the service's keys, and the API says so; fetched again from
 * its holder with keys made in the page, the new copy replaces it, and the old one goes with
 * its service-held keys. Nothing else can be replaced that way.
 */
describe.each(testDatabaseKinds())('moving from service-held to passkey keys on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  let person: WalletSession;
  let account: AccountRow;

  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    person = await tokenSession(wallet, samir);
  });
  afterAll(async () => {
    await world?.stop();
  });

  const credentials = async () =>
    (await api(wallet, person, 'GET', '/api/credentials')).body.credentials as Array<{
      id: string;
      credential_configuration_id: string;
      key_protection: string;
    }>;

  /** A fetch from Migrationsverket; with page keys for a passkey-protected account. */
  async function fetchFromHolder(configurationId: string, withPageKeys: boolean): Promise<string> {
    const path = '/api/holders/migrationsverket/fetch';
    const body = { credential_configuration_id: configurationId, return_to: '/receive' };
    let started = await api(wallet, person, 'POST', path, body);
    const keys = withPageKeys ? await makePageKeys(world, account, started.body.keys_needed) : [];
    if (withPageKeys) {
      // The holder takes DPoP: its token is bound to a key the page makes too.
      const dpopKey = started.body.dpop_key ? await makePageDpopKey(world, account.id) : undefined;
      started = await api(wallet, person, 'POST', path, {
        ...body,
        holder_key_ids: keys.map((k) => k.id),
        ...(dpopKey ? { dpop_key_id: dpopKey.id } : {}),
      });
    }
    expect(started.status).toBe(201);
    const back = await finishHolderFetch(wallet, started.body.authorization_url, samir);
    const location = new URL(back.headers.get('location')!, wallet);
    if (!withPageKeys) {
      const offer = await api(
        wallet,
        person,
        'GET',
        `/api/credential-offers/${location.searchParams.get('received')}`,
      );
      return offer.body.credentials[0].id;
    }
    const signing = await signTokenStages(world, person, location.searchParams.get('signing_request')!);
    const done = await signAndPost(world, person, signing, keys);
    expect(done.status).toBe(201);
    return done.body.credentials[0].id;
  }

  it('the credential fetched again with page keys replaces the one bound to the service’s keys', async () => {
    account = (await world.wallet.ctx.store.findAccountByIdentity(samir))!;
    const before = await fetchFromHolder('residence_permit', false);
    const other = await fetchFromHolder('work_permit', false);
    const ctx = world.wallet.ctx;
    const oldRow = (await ctx.store.findCredential(account.id, before))!;
    const oldKids = openSealed(ctx, account, oldRow).copies.map((c) => c.kmsKid!);
    expect(oldKids.every((kid) => typeof kid === 'string')).toBe(true);

    // Service-held: nothing to move to, and the API says whose keys.
    const early = await api(wallet, person, 'POST', `/api/credentials/${before}/replace`, {
      replacement: other,
    });
    expect(early.status).toBe(409);
    account = await protectWithPasskey(world, account);
    expect((await credentials()).map((c) => c.key_protection)).toEqual(['service', 'service']);

    const again = await fetchFromHolder('residence_permit', true);
    const listed = await credentials();
    expect(listed.find((c) => c.id === again)?.key_protection).toBe('passkey');

    // Not a replacement: another configuration, a service-bound one, or the page-bound one itself.
    for (const [id, replacement, status] of [
      [other, again, 400],
      [before, other, 400],
      [again, again, 409],
      [before, 'no-such-credential', 400],
    ] as const) {
      const refused = await api(wallet, person, 'POST', `/api/credentials/${id}/replace`, { replacement });
      expect({ id, replacement, status: refused.status, error: refused.body.error }).toEqual({
        id,
        replacement,
        status,
        error: 'invalid_request',
      });
    }
    expect(await credentials()).toHaveLength(3);

    const replaced = await api(wallet, person, 'POST', `/api/credentials/${before}/replace`, {
      replacement: again,
    });
    expect(replaced.status).toBe(204);
    const after = await credentials();
    expect(after.map((c) => [c.credential_configuration_id, c.key_protection]).sort()).toEqual([
      ['residence_permit', 'passkey'],
      ['work_permit', 'service'],
    ]);
    expect(await ctx.store.findCredential(account.id, before)).toBeNull();
    // The service no longer holds the old copies' keys (it still holds the other credential's).
    const otherKid = openSealed(ctx, account, (await ctx.store.findCredential(account.id, other))!).copies[0]!
      .kmsKid!;
    await expect(ctx.keys.agent.keyManagerGet({ kid: otherKid })).resolves.toBeTruthy();
    for (const kid of oldKids) {
      await expect(ctx.keys.agent.keyManagerGet({ kid })).rejects.toThrow();
    }
    // Once: the old one is gone.
    const twice = await api(wallet, person, 'POST', `/api/credentials/${before}/replace`, {
      replacement: again,
    });
    expect(twice.status).toBe(404);
    const log = await api(wallet, person, 'GET', '/api/log');
    expect(JSON.stringify(log.body)).toContain('deletion');
  });
});
