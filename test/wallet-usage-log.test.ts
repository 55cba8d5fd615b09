import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { RefreshTokenEntity } from '../issuer/src/refresh-token/refresh-token-entity.js';
import { postJson } from '../issuer/test/wallet-client.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { holderAccessToken } from '../wallet/src/usage/holder-access-token.js';
import { openHolderTokens, sealHolderTokens } from '../wallet/src/usage/holder-tokens.js';
import { finishHolderFetch } from './holder-sign-in.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';
const samir = '198806244417';

/**
 * "Vem har tagit del?" at the holders, through the wallet: the person connects the wallet to a
 * holder's usage log once (a `usage_log` sign-in, DPoP-bound, with a rotated refresh token) and
 * the wallet then reads it whenever asked — an agency's look-up shows up — refreshing the
 * token without a new sign-in, one refresh at a time, until the person disconnects.
 */
describe.each(testDatabaseKinds())('holders’ usage logs read through the wallet on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  let tolvans: WalletSession;
  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    tolvans = await tokenSession(wallet, tolvan);
  });
  afterAll(async () => {
    await world?.stop();
  });

  const lookUp = (holder: string, identityNumber: string, purpose: string) =>
    postJson(
      `${world.issuer.baseUrl}/${holder}/admin/lookups`,
      {
        personal_identity_number: identityNumber,
        fields: ['given_name', 'family_name'],
        purpose,
        legal_basis: '110 kap. 31 § socialförsäkringsbalken',
        requester: { org_number: '202100-5521', name: 'Försäkringskassan', system: 'Ersättning' },
      },
      { authorization: `Bearer ${world.issuer.staffKeys[holder]}` },
    );

  async function connect(session: WalletSession, holder: string, person: string) {
    const started = await api(wallet, session, 'POST', `/api/usage/holders/${holder}/connect`, {
      return_to: '/usage',
    });
    expect(started.status).toBe(201);
    const done = await finishHolderFetch(wallet, started.body.authorization_url, person);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/usage?connected=1');
  }

  const connection = async (person: string, holder: string) => {
    const account = (await world.wallet.ctx.store.findAccountByIdentity(person))!;
    const row = await world.wallet.ctx.store.findHolderConnection(
      account.id,
      `${world.issuer.baseUrl}/${holder}`,
    );
    return { account, row: row! };
  };

  /** Makes the kept access token look expired, so the next read must refresh. */
  async function expireAccessToken(person: string, holder: string) {
    const { account, row } = await connection(person, holder);
    const tokens = openHolderTokens(world.wallet.ctx, account, row);
    await world.wallet.ctx.store.updateHolderConnection(
      row.id,
      sealHolderTokens(world.wallet.ctx, account, row, { ...tokens, accessTokenExpiresAt: 0 }),
    );
    return tokens;
  }

  it('connects to a holder’s usage log and shows another body’s look-up there', async () => {
    const before = await api(wallet, tolvans, 'GET', '/api/usage/holders');
    expect(before.status).toBe(200);
    expect(before.body.holders.map((h: { id: string }) => h.id)).toEqual(
      expect.arrayContaining(['af', 'skatteverket', 'migrationsverket', 'skola']),
    );
    expect(before.body.holders.every((h: { connected_at: unknown }) => h.connected_at === null)).toBe(true);
    expect((await api(wallet, tolvans, 'GET', '/api/usage/holders/af')).status).toBe(404);

    await connect(tolvans, 'af', tolvan);
    expect((await lookUp('af', tolvan, 'Kontroll av rätt till ersättning')).status).toBe(200);
    const page = await api(wallet, tolvans, 'GET', '/api/usage/holders/af');
    expect(page.status).toBe(200);
    expect(page.body.usage[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      action: 'lookup',
      receiver: { name: 'Försäkringskassan', org_number: '202100-5521', system: 'Ersättning' },
      fields: ['given_name', 'family_name'],
      purpose: 'Kontroll av rätt till ersättning',
      legal_basis: '110 kap. 31 § socialförsäkringsbalken',
    });
    const after = await api(wallet, tolvans, 'GET', '/api/usage/holders');
    const af = after.body.holders.find((h: { id: string }) => h.id === 'af');
    expect(af.connected_at).toMatch(/^\d{4}-/);
    // The tokens are DPoP-bound at the holder, and kept sealed (no token in the row's text).
    const { account, row } = await connection(tolvan, 'af');
    const tokens = openHolderTokens(world.wallet.ctx, account, row);
    expect(tokens.dpopKey).toBeDefined();
    expect(row.sealed).not.toContain(tokens.refreshToken);
  });

  it('pages with the holder’s cursor and refuses a made-up one before asking the holder', async () => {
    for (let i = 0; i < 3; i++) expect((await lookUp('af', tolvan, `Sida ${i}`)).status).toBe(200);
    const first = await api(wallet, tolvans, 'GET', '/api/usage/holders/af?limit=2');
    expect(first.body.usage.map((u: { purpose: string }) => u.purpose)).toEqual(['Sida 2', 'Sida 1']);
    const second = await api(
      wallet,
      tolvans,
      'GET',
      `/api/usage/holders/af?limit=2&cursor=${first.body.next_cursor}`,
    );
    expect(second.body.usage.map((u: { purpose: string }) => u.purpose)).toEqual([
      'Sida 0',
      'Kontroll av rätt till ersättning',
    ]);
    for (const query of ['?cursor=..', '?limit=101', '?personal_identity_number=198806244417']) {
      const refused = await api(wallet, tolvans, 'GET', `/api/usage/holders/af${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_request');
    }
    expect((await api(wallet, tolvans, 'GET', '/api/usage/holders/nobody')).status).toBe(404);
  });

  it('refreshes an expired token without a new sign-in, once even when asked in parallel', async () => {
    const old = await expireAccessToken(tolvan, 'af');
    const pages = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => api(wallet, tolvans, 'GET', '/api/usage/holders/af')),
    );
    for (const page of pages) expect(page.status).toBe(200);
    const { account, row } = await connection(tolvan, 'af');
    const now = openHolderTokens(world.wallet.ctx, account, row);
    expect(now.refreshToken).not.toBe(old.refreshToken);
    expect(now.accessToken).not.toBe(old.accessToken);
    // One refresh spent one token: the holder's family is intact (a replay would revoke it all).
    const family = await world.issuer.ctx.db.dataSource.getRepository(RefreshTokenEntity).find();
    expect(family.filter((t) => t.revokedAt !== null)).toEqual([]);
    expect(family.filter((t) => t.usedAt !== null)).toHaveLength(1);
    // A request that read the row before another refreshed (so it holds the spent refresh
    // token) takes the new tokens instead of spending the old one again, which the holder would
    // answer by revoking the whole sign-in.
    await expireAccessToken(tolvan, 'af');
    const stale = await connection(tolvan, 'af');
    const first = await holderAccessToken(world.wallet.ctx, stale.account, stale.row);
    const late = await holderAccessToken(world.wallet.ctx, stale.account, stale.row);
    expect(late.accessToken).toBe(first.accessToken);
    expect((await api(wallet, tolvans, 'GET', '/api/usage/holders/af')).status).toBe(200);
    // And again later: still the same connection, no sign-in.
    await expireAccessToken(tolvan, 'af');
    expect((await api(wallet, tolvans, 'GET', '/api/usage/holders/af')).status).toBe(200);
  });

  it('shows each person only their own log', async () => {
    const samirs = await tokenSession(wallet, samir);
    await connect(samirs, 'af', samir);
    expect((await lookUp('af', samir, 'Om Samir')).status).toBe(200);
    const own = await api(wallet, samirs, 'GET', '/api/usage/holders/af?limit=100');
    expect(own.body.usage.map((u: { purpose: string }) => u.purpose)).toEqual(['Om Samir']);
    const tolvansPage = await api(wallet, tolvans, 'GET', '/api/usage/holders/af?limit=100');
    expect(JSON.stringify(tolvansPage.body)).not.toContain('Om Samir');
  });

  it('disconnects: the holder revokes the sign-in and the wallet forgets it', async () => {
    const refreshTokens = world.issuer.ctx.db.dataSource.getRepository(RefreshTokenEntity);
    const live = async () =>
      (await refreshTokens.find())
        .filter((t) => t.revokedAt === null && t.usedAt === null)
        .map((t) => t.identityNumber);
    expect((await live()).sort()).toEqual([tolvan, samir].sort());
    const gone = await api(wallet, tolvans, 'DELETE', '/api/usage/holders/af');
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({ revoked_at_holder: true });
    expect((await api(wallet, tolvans, 'GET', '/api/usage/holders/af')).status).toBe(404);
    // Tolvan's sign-in is revoked at the holder (its whole family); Samir's is untouched.
    expect(await live()).toEqual([samir]);
  });

  it('says so when the holder no longer accepts the connection, and forgets it', async () => {
    await connect(tolvans, 'af', tolvan);
    const { row } = await connection(tolvan, 'af');
    const tokens = await expireAccessToken(tolvan, 'af');
    // The holder revokes the sign-in on its own (as at its end of 30 days).
    const revoked = await fetch(`${world.issuer.baseUrl}/af/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refreshToken, client_id: 'min-profil-wallet' }).toString(),
    });
    expect(revoked.status).toBe(200);
    const ended = await api(wallet, tolvans, 'GET', '/api/usage/holders/af');
    expect(ended.status).toBe(409);
    expect(ended.body).toMatchObject({ error: 'access_denied', reconnect: true });
    expect(await world.wallet.ctx.store.findHolderConnection(row.accountId, row.credentialIssuer)).toBeNull();
  });
});
