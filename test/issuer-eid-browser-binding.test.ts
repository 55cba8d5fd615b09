import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { TestBrowser } from './holder-sign-in.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const samir = '198806244417';

/**
 * The holder's eID step is bound to the browser that pressed Fortsätt on its consent page:
 * the decision sets an HttpOnly cookie, and `/{holder}/eid/callback` completes the request
 * only when it comes back. An eID callback URL (its code and state) opened in another browser
 * gets the holder's error page: no code, no redirect to the wallet.
 */
describe.each(testDatabaseKinds())(
  'the holder binds the eID sign-in to the consenting browser on %s',
  (kind) => {
    let world: WalletWorld;
    let wallet: string;
    let issuer: string;
    let session: WalletSession;
    beforeAll(async () => {
      world = await startWalletWorld(kind);
      wallet = world.wallet.baseUrl;
      issuer = world.issuer.baseUrl;
      session = await tokenSession(wallet, samir);
    });
    afterAll(async () => {
      await world?.stop();
    });

    async function held() {
      const account = (await world.wallet.ctx.store.findAccountByIdentity(samir))!;
      return world.wallet.ctx.store.listCredentials(account.id, ['stored', 'pending', 'deferred']);
    }

    /** The wallet starts a fetch; the person's browser opens its start link and reaches the holder. */
    async function startAtHolder(browser: TestBrowser): Promise<string> {
      const started = await api(wallet, session, 'POST', '/api/holders/migrationsverket/fetch', {
        credential_configuration_id: 'residence_permit',
        return_to: '/credentials',
      });
      expect(started.status).toBe(201);
      const holderUrl = await browser.followToOtherOrigin(started.body.authorization_url as string);
      expect(holderUrl.startsWith(`${issuer}/migrationsverket/authorize?`)).toBe(true);
      return holderUrl;
    }

    /** The holder's refusal: its own Swedish-first page, 403, nothing redirected anywhere. */
    async function expectRefusedPage(answer: Response) {
      expect(answer.status).toBe(403);
      expect(answer.headers.get('location')).toBeNull();
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await answer.text();
      expect(html).toContain('<html lang="sv">');
      expect(html).toContain('Inloggningen avslutades i en annan webbläsare');
      expect(html).toContain('id="error-code">access_denied<');
      expect(html).not.toMatch(/code=/);
    }

    it('refuses the eID callback replayed in another cookie jar; the consenting browser still finishes', async () => {
      const browser = new TestBrowser(wallet);
      const holderUrl = await startAtHolder(browser);
      let eidCallback = '';
      const toWallet = await loginWithTestEid({
        authorizationUrl: holderUrl,
        identityNumber: samir,
        onHolderCallback: async (url) => {
          eidCallback = url;
          expect(url.startsWith(`${issuer}/migrationsverket/eid/callback?`)).toBe(true);
          // Another browser: no cookie at all, then one with the right name and a guessed value.
          await expectRefusedPage(await fetch(url, { redirect: 'manual' }));
          const name = 'min_profil_eid_';
          const forged = await fetch(url, {
            redirect: 'manual',
            headers: { cookie: `${name}x=forged; ${name}0000000000000000=forged` },
          });
          await expectRefusedPage(forged);
          expect(await held()).toEqual([]);
        },
      });
      expect(eidCallback).not.toBe('');

      // The consenting browser's cookie went back with the same URL: the code went to the wallet.
      const callback = new URL(toWallet);
      expect(callback.origin + callback.pathname).toBe(`${wallet}/oid4vci/callback`);
      expect(callback.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
      const done = await browser.open(toWallet);
      expect(done.status).toBe(303);
      expect(new URL(done.headers.get('location')!, wallet).searchParams.get('received')).toBeTruthy();
      expect((await held()).map((c) => c.configurationId)).toEqual(['residence_permit']);

      // Afterwards the URL is used up, in any browser.
      const late = await fetch(eidCallback, { redirect: 'manual' });
      expect(late.status).toBe(400);
      expect(late.headers.get('location')).toBeNull();
    });

    it('sets the binding cookie HttpOnly, SameSite=Lax, for the holder’s eID callback only', async () => {
      const holderUrl = await startAtHolder(new TestBrowser(wallet));
      const page = await fetch(holderUrl, { redirect: 'manual' });
      const html = await page.text();
      const token = /name="consent_token" value="([^"]+)"/.exec(html)![1]!;
      const decision = await fetch(`${issuer}/migrationsverket/authorize/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ consent_token: token, decision: 'continue' }),
        redirect: 'manual',
      });
      expect(decision.status).toBe(303);
      const eidState = new URL(decision.headers.get('location')!).searchParams.get('state')!;
      const cookies = decision.headers.getSetCookie();
      expect(cookies).toHaveLength(1);
      const [pair, ...attributes] = cookies[0]!.split(';').map((part) => part.trim());
      expect(pair).toMatch(/^min_profil_eid_[0-9a-f]{16}=[\w-]{43}$/);
      expect(attributes).toEqual(
        expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/migrationsverket/eid/callback']),
      );
      // Only the hash of the secret is stored (a database dump does not open the callback).
      const row = await world.issuer.ctx.store.findAuthorizationRequestByEidState(eidState);
      expect(row!.browserBinding).toMatch(/^[\w-]{43}$/);
      expect(row!.browserBinding).not.toBe(pair!.split('=')[1]);
    });
  },
);
