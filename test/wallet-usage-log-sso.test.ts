import { TestCookieJar } from '@min-profil/shared/testing/eid-login';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { RefreshTokenEntity } from '../issuer/src/refresh-token/refresh-token-entity.js';
import { api, signIn, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { finishHolderFetch, TestBrowser } from './holder-sign-in.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';

/**
 * One eID sign-in covers every holder: with the test eID's single sign-on, the person who
 * connects the wallet to a second holder's usage log in the same browser is not asked who they
 * are again, yet still answers that holder's own consent page; each holder gives the wallet
 * its own refresh token. Another browser is asked again.
 */
describe.each(testDatabaseKinds())('one eID sign-in for every holder’s usage log on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  let tolvans: WalletSession;
  beforeAll(async () => {
    world = await startWalletWorld(kind, { eidSingleSignOnSeconds: 1800 });
    wallet = world.wallet.baseUrl;
    tolvans = await tokenSession(wallet, tolvan);
  });
  afterAll(async () => {
    await world?.stop();
  });

  /** Connects `holder` in the browser whose eID cookies are in `jar`; counts the pages shown. */
  async function connect(holder: string, jar: TestCookieJar) {
    const started = await api(wallet, tolvans, 'POST', `/api/usage/holders/${holder}/connect`, {
      return_to: '/usage',
    });
    expect(started.status).toBe(201);
    const shown = { eidForms: 0, consentPages: 0 };
    const done = await finishHolderFetch(
      wallet,
      started.body.authorization_url,
      tolvan,
      new TestBrowser(wallet),
      {
        jar,
        onLoginPage: () => shown.eidForms++,
        onConsentPage: () => shown.consentPages++,
      },
    );
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/usage?connected=1');
    return shown;
  }

  it('asks once at the eID for two holders, and each holder still asks for consent', async () => {
    const browser = new TestCookieJar();
    expect(await connect('af', browser)).toEqual({ eidForms: 1, consentPages: 1 });
    expect(await connect('skatteverket', browser)).toEqual({ eidForms: 0, consentPages: 1 });
    for (const holder of ['af', 'skatteverket']) {
      expect((await api(wallet, tolvans, 'GET', `/api/usage/holders/${holder}`)).status).toBe(200);
    }
    // A refresh token per holder, each for Tolvan.
    const tokens = await world.issuer.ctx.db.dataSource.getRepository(RefreshTokenEntity).find();
    const live = tokens.filter((t) => t.revokedAt === null && t.usedAt === null);
    expect(live.map((t) => [t.holderId, t.identityNumber]).sort()).toEqual([
      ['af', tolvan],
      ['skatteverket', tolvan],
    ]);
  });

  it('asks again in another browser', async () => {
    expect(await connect('migrationsverket', new TestCookieJar())).toEqual({ eidForms: 1, consentPages: 1 });
  });

  it('asks at every sign-in to the wallet (prompt=login), which then carries on to the holders', async () => {
    const browser = new TestCookieJar();
    let eidForms = 0;
    const watch = { jar: browser, onLoginPage: () => eidForms++ };
    await signIn(wallet, tolvan, watch);
    await signIn(wallet, tolvan, watch);
    expect(eidForms).toBe(2);
    expect(await connect('skola', browser)).toEqual({ eidForms: 0, consentPages: 1 });
  });
});
