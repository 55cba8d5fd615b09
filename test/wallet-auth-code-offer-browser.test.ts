import type { Page } from 'playwright-core';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { openSealed } from '../wallet/src/credentials/describe-credential.js';
import {
  continueAtHolder,
  expectAccessible,
  expectFocusOn,
  pageWidth,
  signInAtEid,
} from './system/browser.js';
import { bundlePasskeyCode, openPasskeyPage } from './system/passkey-page.js';
import { passkeyBrowserWorld } from './passkey-browser-world.js';

const samir = '198806244417';
const tolvan = '191212121212';

/** An offer link with only the authorization_code grant (OID4VCI 1.0 §4.1.1), from our issuer. */
function signInOffer(issuerBaseUrl: string, holder: string, configurationId: string): string {
  const offer = {
    credential_issuer: `${issuerBaseUrl}/${holder}`,
    credential_configuration_ids: [configurationId],
    grants: { authorization_code: { issuer_state: 'from-the-offer' } },
  };
  return `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
}

/**
 * The receive screen at 320 px before the person leaves for the issuer: it names where they sign
 * in, takes focus there, and passes axe; then the link takes them to the issuer.
 */
async function continueToIssuer(page: Page, issuerName: string): Promise<void> {
  const go = page.getByRole('link', { name: 'Fortsätt till inloggningen' });
  await go.waitFor({ timeout: 60_000 });
  expect(await page.locator('p.lead').textContent()).toContain(issuerName);
  await expectFocusOn(page, 'Intyget hämtar du genom att logga in hos utfärdaren');
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 320, height: viewport?.height ?? 640 });
  expect(await pageWidth(page)).toBeLessThanOrEqual(320);
  await expectAccessible(page);
  if (viewport) await page.setViewportSize(viewport);
  await go.click();
}

/**
 * Issue 25 in Chromium: an offer link that needs the person's sign-in at the issuer, opened in
 * the wallet's receive screen. For a passkey-protected account the page makes the keys before
 * the person leaves and signs the issuer's proofs when they are back, so the credential is kept
 * bound to keys only the page holds; a service-held account takes the same screens.
 */
describe.each(testDatabaseKinds())(
  'an offer with the authorization_code grant in the browser on %s',
  (kind) => {
    const set = passkeyBrowserWorld(kind);

    it('a passkey account: keys made in the page, sign-in at the issuer, proofs signed back in the page', async () => {
      const wallet = set.world.wallet.baseUrl;
      const opened = await openPasskeyPage(set.browser, set.world.wallet, samir, {
        path: '/health',
        hasPrf: true,
        locale: 'sv-SE',
      });
      set.keep(opened.context);
      const { page, session } = opened;
      await page.addScriptTag({ content: await bundlePasskeyCode() });
      // A passkey, then locked: the receive screen must unlock to make the keys.
      await page.evaluate(async (csrf) => {
        const p = (globalThis as any).passkeys;
        p.setCsrfToken(csrf);
        await p.registerPasskey('Min telefon');
        await p.forgetUnlocked();
      }, session.csrf);
      const ctx = set.world.wallet.ctx;
      const keysBefore = (await ctx.store.listWrappedKeys(session.accountId)).length;

      const offer = signInOffer(set.world.issuer.baseUrl, 'migrationsverket', 'residence_permit');
      await page.goto(`${wallet}/receive?offer=${encodeURIComponent(offer)}`);
      await continueToIssuer(page, 'Migrationsverket');
      // The keys were made before leaving (one per batch copy), and nothing is held yet.
      expect((await ctx.store.listWrappedKeys(session.accountId)).length).toBeGreaterThan(keysBefore);
      expect(await ctx.store.listCredentials(session.accountId, ['pending', 'stored'])).toHaveLength(0);

      await continueAtHolder(page, 'Min profil plånbok');
      await signInAtEid(page, samir);
      await page.getByText('Intyget är sparat.').first().waitFor({ timeout: 60_000 });
      expect(new URL(page.url()).pathname).toBe('/receive');
      expect(new URL(page.url()).searchParams.get('signing_request')).toBeNull();
      await expectAccessible(page);

      const account = (await ctx.store.findAccount(session.accountId))!;
      const stored = await ctx.store.listCredentials(account.id, ['stored']);
      expect(stored.map((r) => r.configurationId)).toEqual(['residence_permit']);
      const copies = openSealed(ctx, account, stored[0]!).copies;
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) {
        // Bound to a key made in the page; the service keeps it only wrapped.
        expect(copy.kmsKid).toBeUndefined();
        const key = (await ctx.store.findWrappedKey(account.id, copy.keyId!))!;
        const cnf = (decodeSdJwtVc(copy.compact).payload.cnf as { jwk: { x: string } }).jwk;
        expect(key.publicJwk.x).toBe(cnf.x);
      }
    }, 240_000);

    it('a service-held account: the same screens, the credential bound to the service’s keys', async () => {
      const wallet = set.world.wallet.baseUrl;
      const opened = await openPasskeyPage(set.browser, set.world.wallet, tolvan, {
        path: '/health',
        hasPrf: false,
        locale: 'sv-SE',
      });
      set.keep(opened.context);
      const { page, session } = opened;
      const offer = signInOffer(set.world.issuer.baseUrl, 'skatteverket', 'registered_address');
      await page.goto(`${wallet}/receive?offer=${encodeURIComponent(offer)}`);
      await continueToIssuer(page, 'Skatteverket');
      await continueAtHolder(page, 'Min profil plånbok');
      await signInAtEid(page, tolvan);
      await page.getByText('Intyget är sparat.').first().waitFor({ timeout: 60_000 });

      const ctx = set.world.wallet.ctx;
      const account = (await ctx.store.findAccount(session.accountId))!;
      expect(account.keyProtection ?? null).toBeNull();
      const stored = await ctx.store.listCredentials(account.id, ['stored']);
      expect(stored.map((r) => r.configurationId)).toEqual(['registered_address']);
      for (const copy of openSealed(ctx, account, stored[0]!).copies) expect(copy.kmsKid).toBeTruthy();
    }, 240_000);
  },
);
