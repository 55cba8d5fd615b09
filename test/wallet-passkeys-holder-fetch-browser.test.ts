import type { Page } from 'playwright-core';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import { openSealed } from '../wallet/src/credentials/describe-credential.js';
import { continueAtHolder, signInAtEid } from './system/browser.js';
import { bundlePasskeyCode, openPasskeyPage } from './system/passkey-page.js';
import { passkeyBrowserWorld } from './passkey-browser-world.js';

const samir = '198806244417';

/**
 * Issue 25 in Chromium with its virtual authenticator (PRF): a passkey-protected person fetches
 * a credential by signing in at the holder from the holders screen. The page makes the keys
 * before it leaves, and back from the holder it signs the issuer's proofs; the credential is
 * kept bound to keys only the page holds. From the consent screen the same fetch returns to the
 * presentation request, which the page then answers with those keys.
 */
describe.each(testDatabaseKinds())(
  'fetching from a holder with passkey keys in the browser on %s',
  (kind) => {
    const set = passkeyBrowserWorld(kind);
    let page: Page;

    it('the holders screen makes the keys, the holder signs the person in, the page signs the proofs', async () => {
      const wallet = set.world.wallet.baseUrl;
      const opened = await openPasskeyPage(set.browser, set.world.wallet, samir, {
        path: '/health',
        hasPrf: true,
        locale: 'sv-SE',
      });
      ({ page } = opened);
      set.keep(opened.context);
      const { session } = opened;
      await page.addScriptTag({ content: await bundlePasskeyCode() });
      // A passkey, then locked: the holders screen must unlock to make the keys.
      await page.evaluate(async (csrf) => {
        const p = (globalThis as any).passkeys;
        p.setCsrfToken(csrf);
        await p.registerPasskey('Min telefon');
        await p.forgetUnlocked();
      }, session.csrf);

      await page.goto(`${wallet}/holders`);
      await page.getByRole('button', { name: 'Hämta: Uppehållstillstånd' }).click({ timeout: 30_000 });
      await continueAtHolder(page, 'Min profil plånbok');
      await signInAtEid(page, samir);
      // Back in the wallet with a signing request: the page signs and the credential is kept.
      await page.getByText('Intyget är sparat.').first().waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).searchParams.get('signing_request')).toBeNull();

      const ctx = set.world.wallet.ctx;
      const account = (await ctx.store.findAccount(session.accountId))!;
      expect(account.keyProtection).toBe('passkey');
      const stored = await ctx.store.listCredentials(account.id, ['stored']);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.configurationId).toBe('residence_permit');
      const sealed = openSealed(ctx, account, stored[0]!);
      expect(sealed.copies.length).toBeGreaterThan(1);
      for (const copy of sealed.copies) {
        // Bound to a key made in the page; the service keeps it only wrapped.
        expect(copy.kmsKid).toBeUndefined();
        const key = (await ctx.store.findWrappedKey(account.id, copy.keyId!))!;
        const cnf = (decodeSdJwtVc(copy.compact).payload.cnf as { jwk: { x: string } }).jwk;
        expect(key.publicJwk.x).toBe(cnf.x);
      }
    }, 180_000);

    it('from the consent screen: back at the presentation request, the credential saved, the answer signed in the page', async () => {
      // The insurer asks for Arbetsförmedlingen's registration certificate, which Samir lacks.
      const created = await createPresentationRequest(set.verifier, 'insurer', {
        template: 'unemployment_claim',
      });
      const wallet = set.world.wallet.baseUrl;
      await page.goto(
        `${wallet}/present?request=${encodeURIComponent(created.body.openid4vp_url as string)}`,
      );
      await page.getByRole('button', { name: 'Hämta från Arbetsförmedlingen' }).click({ timeout: 30_000 });
      await continueAtHolder(page, 'Min profil plånbok');
      // The eID may still remember the first sign-in (single sign-on); otherwise it asks again.
      const form = page.locator('#identity_number');
      const saved = page.getByText('Intyget är sparat. Granska vad som skickas och svara nedan.');
      await Promise.race([form.waitFor({ timeout: 30_000 }), saved.waitFor({ timeout: 30_000 })]).catch(
        () => undefined,
      );
      if (await form.isVisible()) await signInAtEid(page, samir);
      await saved.waitFor({ timeout: 30_000 });
      expect(page.url()).toMatch(/\/present\?id=[^&]+$/);

      await page.getByRole('button', { name: 'Godkänn och skicka' }).click();
      await page.getByText('Uppgifterna är skickade.').first().waitFor({ timeout: 30_000 });
      const result = await readPresentationResult(set.verifier, 'insurer', created.body.id);
      expect(result.body.status).toBe('verified');

      const ctx = set.world.wallet.ctx;
      const account = (await ctx.store.findAccountByIdentity(samir))!;
      const stored = await ctx.store.listCredentials(account.id, ['stored']);
      const certificate = stored.find((r) => r.configurationId !== 'residence_permit')!;
      for (const copy of openSealed(ctx, account, certificate).copies) {
        expect(copy.kmsKid).toBeUndefined();
        expect(await ctx.store.findWrappedKey(account.id, copy.keyId!)).not.toBeNull();
      }
    }, 180_000);
  },
);
